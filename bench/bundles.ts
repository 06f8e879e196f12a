/**
 * Bundle sizes as they ship: the production build (`node esbuild.mjs --production`, what
 * `npm run package` puts in the .vsix), raw and gzipped, per bundle; and how long Node takes to
 * load the extension bundle, the part of activation that is not activate() (the integration run
 * logs both together). The build replaces dist/, so this runs last and puts the development build
 * back afterwards.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ms, quantile, table } from './stats';

const root = resolve(__dirname, '..');

/** Each bundle, and whether the .vsix holds it (the CLI is the npm `bin` only). */
const BUNDLES: readonly { file: string; inVsix: boolean }[] = [
  { file: 'dist/extension.js', inVsix: true },
  { file: 'dist/webview/main.js', inVsix: true },
  { file: 'dist/webview/editor.js', inVsix: true },
  { file: 'dist/webview/main.css', inVsix: true },
  { file: 'dist/webview/editor.css', inVsix: true },
  { file: 'dist/cli.js', inVsix: false },
];

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

function build(production: boolean): void {
  const result = spawnSync(process.execPath, ['esbuild.mjs', ...(production ? ['--production'] : [])], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`esbuild.mjs${production ? ' --production' : ''} failed: ${result.stderr}`);
}

/**
 * `require('dist/extension.js')` in a fresh Node, `vscode` stubbed (every member a class), so only
 * the bundle's own loading and top-level code is timed.
 */
const LOAD = `
const Module = require('node:module');
// esbuild's interop copies the module onto an object whose prototype is the module's: the
// members come from the prototype, so the stub is an object over a proxy.
const stub = Object.create(new Proxy({}, { get: (_, key) => (key === '__esModule' || key === 'then' ? undefined : class {}) }));
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
    const rows = BUNDLES.map(({ file, inVsix }) => {
      const bytes = readFileSync(resolve(root, file));
      return [file, kib(bytes.length), kib(gzipSync(bytes).length), inVsix ? 'yes' : 'no (npm bin)'];
    });
    const loads = loadTimes(5);
    return [
      'Bundles (production build, as packaged; gzip at zlib\'s default level)',
      table(['bundle', 'raw', 'gzip', 'in .vsix'], rows),
      `dist/extension.js load (require in a fresh Node, vscode stubbed): median ${ms(quantile(loads, 0.5))} of ${loads.length} (min ${ms(Math.min(...loads))})`,
    ].join('\n');
  } finally {
    build(false);
  }
}
