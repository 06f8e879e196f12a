import * as z from 'zod/mini';

// zod's JIT probes `new Function`; under the webview CSP (no 'unsafe-eval') that probe is reported as
// a CSP violation even though zod catches it. Parse without the JIT. Imported first by main.tsx.
z.config({ jitless: true });
