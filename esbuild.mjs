// Builds the bundles: the extension host (cjs, vscode external) and the packages it loads lazily,
// the standalone CLI and the webview.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', legalComments: 'none' };

/**
 * What the extension loads with `import()` (or, for a module of ours, `require()`) at first use, each built into a file of its own under
 * dist/lazy/ instead of into extension.js, so it is not read at activation: execa (the runner
 * starts an agent's process with it), the GitHub client with Octokit (githubService, at the first
 * GitHub request), the web UI server with ws (vscode/webServer.ts, at Open in Browser; it has its
 * own copy of the protocol's schemas). `specifier` is the import as
 * written, `importer` (for a module of ours) the file that writes it. A static import of one of
 * them would still bundle it into extension.js (the bench would show it).
 */
const LAZY = [
  { name: 'execa', specifier: 'execa', entry: fileURLToPath(import.meta.resolve('execa')) },
  { name: 'github', specifier: './client', importer: 'src/core/github/githubService.ts', entry: 'src/core/github/client.ts' },
  { name: 'webUiServer', specifier: '../core/server/webUiServer', importer: 'src/vscode/webServer.ts', entry: 'src/core/server/webUiServer.ts' },
];
const lazyImports = {
  name: 'lazy-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import' && args.kind !== 'require-call') return undefined;
      const lazy = LAZY.find((l) => l.specifier === args.path && (!l.importer || args.importer.endsWith(l.importer)));
      return lazy ? { path: `./lazy/${lazy.name}.js`, external: true } : undefined;
    });
  },
};

const builds = [
  // `dynamic-import: false`: a lazy file is loaded with require() (the host's own module loader), not import().
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
    plugins: [lazyImports], supported: { 'dynamic-import': false } },
  { ...common, entryPoints: Object.fromEntries(LAZY.map((l) => [l.name, l.entry])), outdir: 'dist/lazy', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: { main: 'webview/main.tsx', editor: 'webview/editor/main.tsx' }, outdir: 'dist/webview', platform: 'browser', format: 'iife', target: 'es2022',
    jsx: 'automatic', jsxImportSource: 'preact', loader: { '.ttf': 'file' } },
];

// A fresh dist/ each build, so a production package never ships stale source maps.
if (!watch) rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/webview', { recursive: true });
// codicons are served as a stylesheet + font from dist/ so the CSP can stay 'self'-only.
cpSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicon.css');
cpSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicon.ttf');

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
