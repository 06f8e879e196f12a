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

  it('is shipped in the .vsix', () => {
    assert.match(readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!package\.nls\.json$/m);
  });
});
