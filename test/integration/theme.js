// Switches VS Code's colour theme for screenshots and waits until what a picture shows is in it:
// the workbench's class, every webview body's class and the sidebar's computed background.
const vscode = require('vscode');

const { until } = require('./waits');
const { query, hasDriver } = require('./driver');

const LIGHT = 'Default Light Modern';
const DARK = 'Default Dark Modern';

/** The workbench and every webview's body carry the classes of theme `name`; what was seen. */
async function painted(name) {
  const light = name === LIGHT;
  const workbench = await query('.monaco-workbench');
  const bodies = await query('body.vscode-light, body.vscode-dark', { frames: true });
  const has = (e, cls) => e.className.split(/\s+/).includes(cls);
  // What a picture shows: the sidebar's computed background, light or dark.
  const sidebars = await query('.part.sidebar');
  const lum = (css) => { const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).map(Number); return 0.299 * r + 0.587 * g + 0.114 * b; };
  const ok = workbench.length > 0 && workbench.every((w) => has(w, light ? 'vs' : 'vs-dark'))
    && bodies.every((b) => has(b, light ? 'vscode-light' : 'vscode-dark'))
    && sidebars.every((e) => (lum(e.background) > 128) === light);
  return { ok, seen: [...workbench, ...bodies, ...sidebars].map((e) => `${e.className} ${e.background ?? ''}`.trim()) };
}

/** Sets workbench.colorTheme (undefined: back to the default) and waits until it is painted. */
async function useTheme(name) {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', name, vscode.ConfigurationTarget.Global);
  if (!name) return;
  const kind = name === LIGHT ? vscode.ColorThemeKind.Light : vscode.ColorThemeKind.Dark;
  await until(`the ${name} theme`, () => vscode.window.activeColorTheme.kind === kind);
  // The extension host hears of the theme when the workbench switched, but each webview repaints
  // only when its own message with the new theme's variables arrives, later under load.
  if (hasDriver) {
    let seen = [];
    await until(`the workbench and its webviews painted in ${name}`, async () => {
      const p = await painted(name);
      seen = p.seen;
      return p.ok;
    }, 30000).catch((error) => {
      throw new Error(`${error.message}; classes: ${JSON.stringify(seen)}`);
    });
  }
  // The class and the variables change together; give the frame a moment to paint them.
  await new Promise((r) => setTimeout(r, 300));
}

module.exports = { useTheme, LIGHT, DARK };
