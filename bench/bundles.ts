/**
 * Bundle sizes as they ship: the production build (`node esbuild.mjs --production`, what
 * `npm run package` puts in the .vsix), raw and gzipped, every bundle it writes, with when it is
 * read (at activation, at first use, in a webview, or not shipped); and how long Node takes to
 * load the extension bundle, the part of activation that is not activate() (the integration run
 * logs both together). The build replaces dist/, so this runs last and puts the development build
 * back afterwards.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ms, quantile, table } from './stats';

const root = resolve(__dirname, '..');

/** When a bundle is read, by where it is: every .js and .css the production build writes is listed. */
function loadedWhen(file: string): string {
  if (file === 'dist/extension.js') return 'activation';
  if (file.startsWith('dist/lazy/')) return 'first use (lazy)';
  if (file.startsWith('dist/webview/')) return 'webview';
  return 'not in .vsix (npm bin)';
}

function bundleFiles(dir = 'dist'): string[] {
  return readdirSync(resolve(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return bundleFiles(file);
    return /\.(js|css)$/.test(entry.name) ? [file] : [];
  });
}

const ORDER = ['activation', 'first use (lazy)', 'webview', 'not in .vsix (npm bin)'];

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

function build(production: boolean): void {
  const result = spawnSync(process.execPath, ['esbuild.mjs', ...(production ? ['--production'] : [])], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`esbuild.mjs${production ? ' --production' : ''} failed: ${result.stderr}`);
}

/**
 * `require('dist/extension.js')` in a fresh Node, `vscode` stubbed (every member a callable class), so only
 * the bundle's own loading and top-level code is timed.
 */
const LOAD = `
const Module = require('node:module');
// esbuild's interop copies the module onto an object whose prototype is the module's: the
// members come from the prototype, so the stub is an object over a proxy.
// Every member is a class that is also callable (vscode.l10n.t('…') at a module's top level
// answers its text) and has members of its own.
const member = () => new Proxy(class {}, {
  get: (target, key) => (key === 'prototype' ? target.prototype : key === 'then' || typeof key === 'symbol' ? undefined : member()),
  apply: (_target, _this, args) => args[0],
});
const stub = Object.create(new Proxy({}, { get: (_, key) => (key === '__esModule' || key === 'then' ? undefined : member()) }));
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
const started = performance.now();
require(process.argv[1]);
process.stdout.write(String(performance.now() - started));
`;

function loadTimes(runs: number): number[] {
  return Array.from({ length: runs }, () => {
    const result = spawnSync(process.execPath, ['-e', LOAD, resolve(root, 'dist/extension.js')], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`loading dist/extension.js failed: ${result.stderr}`);
    return Number(result.stdout);
  });
}

export function bundleSizes(): string {
  build(true);
  try {
    const files = bundleFiles().sort((a, b) => ORDER.indexOf(loadedWhen(a)) - ORDER.indexOf(loadedWhen(b)) || a.localeCompare(b));
    const rows = files.map((file) => {
      const bytes = readFileSync(resolve(root, file));
      return [file, kib(bytes.length), kib(gzipSync(bytes).length), loadedWhen(file)];
    });
    const loads = loadTimes(5);
    return [
      'Bundles (production build, as packaged; gzip at zlib\'s default level)',
      table(['bundle', 'raw', 'gzip', 'read'], rows),
      `dist/extension.js load (require in a fresh Node, vscode stubbed): median ${ms(quantile(loads, 0.5))} of ${loads.length} (min ${ms(Math.min(...loads))})`,
    ].join('\n');
  } finally {
    build(false);
  }
}
