// The manifest's user-facing strings are localisable (package.nls.json, English only for now):
// every %key% that package.json names has its English text, and no text is left unused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

function placeholders(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    const match = /^%([^%\s]+)%$/.exec(value);
    if (match) found.push(match[1]);
  } else if (Array.isArray(value)) value.forEach((v) => placeholders(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => placeholders(v, found));
  return found;
}

/** The manifest fields VS Code shows a user (settings, views, menus, the walkthrough, Restricted Mode). */
const USER_FACING = new Set([
  'displayName', 'description', 'markdownDescription', 'title', 'shortTitle', 'category', 'name', 'label', 'contextualTitle',
  'contents', 'altText', 'placeholder', 'deprecationMessage', 'markdownDeprecationMessage',
  'enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels',
]);

/** Each user-facing string of `value` with where it is: `contributes.configuration.properties.x.description`. */
export function userFacingStrings(value: unknown, at: string, found: { at: string; text: string }[] = []): { at: string; text: string }[] {
  if (Array.isArray(value)) value.forEach((v, i) => userFacingStrings(v, `${at}[${i}]`, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const where = `${at}.${key}`;
      if (USER_FACING.has(key) && typeof v === 'string') found.push({ at: where, text: v });
      else if (USER_FACING.has(key) && Array.isArray(v) && v.every((t) => typeof t === 'string')) v.forEach((t: string, i) => found.push({ at: `${where}[${i}]`, text: t }));
      else userFacingStrings(v, where, found);
    }
  }
  return found;
}

/** The texts that are not a %key% with an English text in package.nls.json, with why. */
export function unlocalised(manifest: Record<string, unknown>, nls: Record<string, string>): string[] {
  const top = { displayName: manifest.displayName, description: manifest.description };
  const texts = [...userFacingStrings(top, 'package'), ...userFacingStrings(manifest.contributes, 'contributes'), ...userFacingStrings(manifest.capabilities, 'capabilities')];
  return texts.flatMap(({ at, text }) => {
    const key = /^%([^%\s]+)%$/.exec(text)?.[1];
    if (!key) return [`${at}: "${text.slice(0, 60)}" is not a %key%`];
    return typeof nls[key] === 'string' && nls[key].trim() ? [] : [`${at}: %${key}% has no text in package.nls.json`];
  });
}

describe('Localisable manifest (package.nls.json)', () => {
  const manifest = read('package.json') as { displayName: string; contributes: { commands: { title: string }[] } };
  const nls = read('package.nls.json') as Record<string, string>;
  const keys = placeholders(manifest);

  it('has an English text for every %key% of package.json', () => {
    const missing = keys.filter((k) => typeof nls[k] !== 'string' || !nls[k].trim());
    assert.deepEqual(missing, []);
  });

  it('uses every text it holds, and the names users see go through it', () => {
    assert.deepEqual(Object.keys(nls).filter((k) => !keys.includes(k)), []);
    assert.match(manifest.displayName, /^%.+%$/);
    for (const command of manifest.contributes.commands) assert.match(command.title, /^%.+%$/, `${command.title} is localisable`);
  });

  it('names every user-facing text of contributes (settings, enums, views, menus, the walkthrough) and capabilities by a %key% it has', () => {
    assert.deepEqual(unlocalised(manifest as unknown as Record<string, unknown>, nls), []);
  });

  it('finds a literal text, and a %key% without its text, wherever they are', () => {
    const manifest = {
      displayName: '%displayName%',
      contributes: {
        configuration: { title: '%configuration.title%', properties: { 'x.mode': { type: 'string', enum: ['a', 'b'], enumDescriptions: ['%x.a%', 'Plain b'], markdownDescription: '%x.missing%' } } },
        walkthroughs: [{ id: 'w', title: 'Get going', steps: [{ id: 's', title: '%w.s%', description: 'Do it', media: { markdown: 'm.md', altText: '%w.alt%' } }] }],
        views: { specwright: [{ id: 'v', name: '%view%', when: 'true' }] },
      },
    };
    const nls = { displayName: 'D', 'configuration.title': 'C', 'x.a': 'A', 'w.s': 'S', 'w.alt': 'Alt', view: 'V' };
    assert.deepEqual(unlocalised(manifest, nls), [
      'contributes.configuration.properties.x.mode.enumDescriptions[1]: "Plain b" is not a %key%',
      'contributes.configuration.properties.x.mode.markdownDescription: %x.missing% has no text in package.nls.json',
      'contributes.walkthroughs[0].title: "Get going" is not a %key%',
      'contributes.walkthroughs[0].steps[0].description: "Do it" is not a %key%',
    ]);
  });

  it('is shipped in the .vsix', () => {
    assert.match(readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!package\.nls\.json$/m);
  });
});
