// The driver's control port (.ci/vscode-e2e/run-tests.js): screenshots and workbench facts the
// extension host cannot see. Absent (SPECWRIGHT_E2E_DRIVER unset), shots are skipped.
const path = require('node:path');

const base = process.env.SPECWRIGHT_E2E_DRIVER;
const shotsDir = process.env.SPECWRIGHT_SHOTS || path.resolve(__dirname, '../../test-results/screenshots');

async function ask(route, body) {
  if (!base) return undefined;
  const res = await fetch(`${base}${route}`, { method: 'POST', body: JSON.stringify(body) });
  const value = await res.json();
  if (!res.ok) throw new Error(`driver ${route}: ${value.error}`);
  return value;
}

/** Saves test-results/screenshots/<name>.png of the workbench, or of one part (`sidebar`, `editor`). */
const PARTS = { sidebar: '.part.sidebar', editor: '.part.editor', window: undefined };
const shot = (name, part = 'window') => ask('/shot', { path: path.join(shotsDir, `${name}.png`), selector: PARTS[part] });

/** Texts, labels, titles and classes of the workbench elements matching a CSS selector; `frames`: of every frame's (webviews). */
const query = async (selector, { frames = false } = {}) => (await ask('/query', { selector, frames }))?.found;

/** Clicks the first element matching a CSS selector in any frame (a webview's button, say). */
const click = (selector) => ask('/click', { selector });

module.exports = { shot, query, click, hasDriver: !!base, shotsDir };
