import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini ships no messages: without a locale every issue reads "Invalid input". The English
// one (what classic zod loads by itself) keeps the errors users and logs see as they were.
z.config(en());
