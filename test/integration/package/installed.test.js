// Runs in a fresh code-server into which test/integration/vsix.mjs installed the packaged .vsix
// (`npm run package`): the extension under test is the installed package, not the dev build.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { until } = require('../waits');
const { shot } = require('../driver');
const { useTheme, LIGHT, DARK } = require('../theme');
const { installedSpecwright, listFiles, readmeLinkProblems, pngSize } = require('./packageFacts');

describe('The packaged extension (.vsix) installed in a fresh VS Code', () => {
  const ext = installedSpecwright();
  let api;

  it('is the installed package, not the development folder', () => {
    assert.equal(ext.id, 'specwright.specwright');
    const repo = path.resolve(__dirname, '..', '..', '..');
    assert.notEqual(path.resolve(ext.extensionPath), repo, 'the extension must come from the .vsix');
    assert.equal(path.resolve(path.dirname(ext.extensionPath)), path.resolve(process.env.SPECWRIGHT_EXTENSIONS_DIR), 'installed into this run\'s extensions dir');
    assert.ok(!fs.existsSync(path.join(ext.extensionPath, 'src')), 'no sources in the package');
  });

  it('is not active until something needs it (an empty folder does not activate it)', () => {
    assert.equal(ext.isActive, false);
  });

  it('activates, and says how long that took', async () => {
    const started = performance.now();
    api = await ext.activate();
    const ms = performance.now() - started;
    // The figure the README quotes: loading dist/extension.js (production build) + activate().
    console.log(`ACTIVATION packaged extension: ${ms.toFixed(0)} ms to load the bundle and activate, of which activate() ${api.activationMs.toFixed(0)} ms`);
    assert.ok(ext.isActive);
    assert.equal(typeof api.operation, 'function');
  });

  it('ships the bundle, the webview, the media, README, CHANGELOG and LICENSE — and no CLI, no source maps', () => {
    const files = listFiles(ext.extensionPath);
    for (const f of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/extension.js', 'dist/lazy/execa.js', 'dist/lazy/github.js', 'dist/lazy/webUiServer.js', 'dist/webview/main.js', 'dist/webview/editor.js', 'dist/webview/codicon.ttf', 'media/icon.png']) {
      assert.ok(files.includes(f), `${f} is in the package (it has: ${files.join(', ')})`);
    }
    assert.ok(!files.includes('dist/cli.js'), 'the standalone CLI is the npm bin, not part of the extension');
    assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], 'no source maps');
    assert.deepEqual(files.filter((f) => f.startsWith('node_modules/')), [], 'dependencies are bundled');
    // What is read at first use stays out of the activation bundle: the web UI server (and ws in it), execa, Octokit.
    const bundle = fs.readFileSync(path.join(ext.extensionPath, 'dist', 'extension.js'), 'utf8');
    for (const lazy of ['webUiServer', 'execa', 'github']) assert.ok(bundle.includes(`require("./lazy/${lazy}.js")`), `extension.js loads dist/lazy/${lazy}.js at first use`);
    for (const absent of ['WebSocketServer', 'Bottleneck']) assert.ok(!bundle.includes(absent), `${absent} is not in the activation bundle`);
  });

  it('has a 128×128 PNG icon', () => {
    assert.equal(ext.packageJSON.icon, 'media/icon.png');
    assert.deepEqual(pngSize(fs.readFileSync(path.join(ext.extensionPath, ext.packageJSON.icon))), { width: 128, height: 128 });
  });

  it('its README links resolve: anchors to its headings, files to files in the package, the rest over https', () => {
    const readme = fs.readFileSync(path.join(ext.extensionPath, 'readme.md'), 'utf8');
    assert.deepEqual(readmeLinkProblems(readme, listFiles(ext.extensionPath)), []);
  });

  it('its conversation view loads the packaged webview bundle and connects to the host', async () => {
    await vscode.commands.executeCommand('specwright.conversation.focus');
    await until('the conversation webview to say hello', () => api.connectedClients() > 0);
  });

  it('in an empty folder, says why Generate is off where it can be seen without scrolling', async () => {
    const layout = await until('the prompt box to say why', async () => {
      const l = await api.conversationLayout();
      return l.texts.promptHint === 'No feature folder to generate for.' ? l : undefined;
    });
    const box = layout.parts.promptBox;
    assert.equal(box.visible, box.height, `the prompt box is wholly in view (${box.visible} of ${box.height}px)`);
    assert.ok(box.top + box.height <= layout.viewHeight);
    // A fresh VS Code starts in its default theme; a picture of each.
    await useTheme(DARK);
    await shot('empty-folder-conversation-dark', 'sidebar');
    await useTheme(LIGHT);
    await shot('empty-folder-conversation-light', 'sidebar');
    await useTheme(undefined);
  });

  it('"Open in Browser" starts the web UI server from dist/lazy/webUiServer.js (the production build reads it at first use)', async () => {
    await vscode.commands.executeCommand('specwright.openInBrowser');
    const state = api.webUi();
    assert.equal(state.running, true);
    const health = await fetch(`${state.address.origin}healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    await vscode.commands.executeCommand('specwright.stopWebUi');
    assert.equal(api.webUi().running, false);
  });
});
