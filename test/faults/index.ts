/**
 * `npm run faults`: attacks the real processes (`specwright serve`, the CLI, the runner) the way
 * the world will and prints the figures of issue 17 as a table. Quick sizes by default (part of
 * `npm test`, a few minutes); `--full` for the issue's sizes. Traffic goes to 127.0.0.1 / [::1]
 * only; every loop is bounded in count and time. Exit 1 when a figure is not what it must be.
 */
import { existsSync } from 'node:fs';
import { agentFaults, cancelStorm, concurrentEdit, hostCrash } from './cli';
import { CLI, startServe, workspace, type Row } from './lib';
import { badInput, disconnects, hubCancels, limits, nobodyIn, type Sizes } from './server';

const full = process.argv.includes('--full');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const SIZES: Sizes & { disconnectSizes: number[]; flood: number; storm: number; hubCancels: number } = full
  ? { attempts: 100, malformed: 10_000, events: 10_000, drops: 50, silent: 1_000, connections: 200, disconnectSizes: [10_000, 100_000], flood: 200, storm: 100, hubCancels: 20 }
  : { attempts: 10, malformed: 1_000, events: 10_000, drops: 50, silent: 100, connections: 60, disconnectSizes: [10_000], flood: 200, storm: 10, hubCancels: 3 };
/** The whole suite stops here whatever happens (a hang is a failure, not a wait). */
const SUITE_LIMIT_MS = full ? 30 * 60_000 : 8 * 60_000;

const wanted = (item: string): boolean => !only || only.includes(item);

async function main(): Promise<number> {
  if (!existsSync(CLI)) {
    process.stderr.write('faults: dist/cli.js is missing; run "npm run build" first.\n');
    return 2;
  }
  const t0 = Date.now();
  const rows: Row[] = [];
  const section = async (item: string, run: () => Promise<Row[]>) => {
    if (!wanted(item)) return;
    const started = Date.now();
    try {
      rows.push(...(await run()));
    } catch (error) {
      rows.push({ item, check: 'ran to the end', figure: `threw: ${error instanceof Error ? error.message : String(error)}`, expected: 'no exception', ok: false });
    }
    process.stderr.write(`faults: item ${item} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  };

  const ws = workspace('serve');
  const serve = await startServe(ws.root);
  let hub: { cancelled: number; other: number } | undefined;
  try {
    await section('1', () => nobodyIn(serve, SIZES));
    await section('2', () => badInput(serve, ws.root, ws.featureDir, SIZES));
    await section('3', () => limits(serve, SIZES));
    for (const events of SIZES.disconnectSizes) await section('4', () => disconnects(serve, ws.root, ws.featureDir, events, SIZES.drops, events > 20_000 ? 400 : 0));
    if (wanted('6')) hub = await hubCancels(serve, ws.root, ws.featureDir, SIZES.hubCancels);
  } finally {
    await serve.stop();
  }
  await section('5', () => agentFaults(SIZES.flood));
  await section('6', () => cancelStorm(SIZES.storm, hub));
  await section('7', () => hostCrash());
  await section('8', () => concurrentEdit());

  print(rows, Date.now() - t0);
  return rows.every((r) => r.ok) ? 0 : 1;
}

function print(rows: Row[], ms: number): void {
  const header = ['item', 'check', 'figure', 'must be', ''];
  const table = [header, ...rows.map((r) => [r.item, r.check, r.figure, r.expected, r.ok ? 'ok' : 'FAIL'])];
  const widths = header.map((_, i) => Math.min(i === 2 ? 200 : 70, Math.max(...table.map((t) => t[i].length))));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join(' | ')} |`;
  process.stdout.write(`\nspecwright fault suite (${full ? 'full' : 'quick'} sizes, Node ${process.version}, ${(ms / 1000).toFixed(0)} s)\n\n`);
  process.stdout.write(`${line(table[0])}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n`);
  for (const r of table.slice(1)) process.stdout.write(`${line(r)}\n`);
  const failed = rows.filter((r) => !r.ok).length;
  process.stdout.write(`\n${rows.length - failed} of ${rows.length} figures as they must be${failed ? `; ${failed} FAILED` : ''}.\n`);
}

const limit = setTimeout(() => {
  process.stderr.write(`faults: stopped after ${SUITE_LIMIT_MS / 60_000} min\n`);
  process.exit(1);
}, SUITE_LIMIT_MS);
limit.unref();
main().then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`faults: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
