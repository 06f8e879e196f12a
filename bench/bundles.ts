/**
 * Bundle sizes as they ship: the production build (`node esbuild.mjs --production`, what
 * `npm run package` puts in the .vsix), raw and gzipped, per bundle. The build replaces dist/, so
 * this runs last and puts the development build back afterwards.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { table } from './stats';

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

export function bundleSizes(): string {
  build(true);
  try {
    const rows = BUNDLES.map(({ file, inVsix }) => {
      const bytes = readFileSync(resolve(root, file));
      return [file, kib(bytes.length), kib(gzipSync(bytes).length), inVsix ? 'yes' : 'no (npm bin)'];
    });
    return `Bundles (production build, as packaged; gzip at zlib's default level)\n${table(['bundle', 'raw', 'gzip', 'in .vsix'], rows)}`;
  } finally {
    build(false);
  }
}
