/**
 * `npm run bench:tasks`: a tasks.md figure (issue 13.11). Parse and analyse of a 10,000-task file
 * at library level, and the CLI's `tasks --json` on it (wall time and peak RSS of the process).
 * Figures only, never pass/fail. The code timed is an esbuild bundle of parseTasks and analyse,
 * built at bench start, because the product runs bundled (dist/extension.js, dist/cli.js): under
 * tsx every call across modules goes through a property getter the bundle does not have.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { mib, ms, quantile, table } from './stats';

/** A spec-kit-shaped tasks.md: phases of 50, [P] and [USn] tags, paths, FR ids, dependencies. */
export function bigTasks(count: number): { tasks: string; spec: string } {
  const out = ['# Tasks: Big feature', '', '**Input**: Design documents from `/specs/999-big/`', ''];
  for (let i = 1; i <= count; i++) {
    if (i % 50 === 1) out.push('', `## Phase ${Math.ceil(i / 50)}: User Story ${Math.ceil(i / 50)} - Part ${Math.ceil(i / 50)} (Priority: P${(i % 3) + 1})`, '', `**Purpose**: FR-${String(Math.ceil(i / 50)).padStart(3, '0')}`, '');
    const id = `T${String(i).padStart(5, '0')}`;
    const story = `[US${Math.ceil(i / 50)}]`;
    const p = i % 3 === 0 ? ' [P]' : '';
    const dep = i % 7 === 0 ? ` (depends on T${String(i - 1).padStart(5, '0')})` : '';
    out.push(`- [${i % 4 === 0 ? 'x' : ' '}] ${id}${p} ${story} Implement part ${i} in src/module${i % 200}/file${i}.ts (FR-${String((i % 200) + 1).padStart(3, '0')})${dep}`);
  }
  const spec = ['# Feature Specification: Big', '', '## Requirements', '', ...Array.from({ length: 200 }, (_, i) => `- **FR-${String(i + 1).padStart(3, '0')}**: System MUST do thing ${i + 1}.`), ''];
  return { tasks: `${out.join('\n')}\n`, spec: spec.join('\n') };
}

/** esbuild bundles `bench/tasksEntry.ts` into `dir` as `dist/cli.js` is built (cjs, node20, not minified). */
function bundleInto(dir: string): string {
  const outfile = join(dir, 'tasksBench.js');
  buildSync({ entryPoints: [join(__dirname, 'tasksEntry.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  return outfile;
}

/**
 * Median and best wall time of `runs` calls, and the median CPU time of the process over each
 * (all its threads, the garbage collector's included: on oversubscribed cores wall time includes
 * waiting for a core, CPU time is closer to the work itself). Each measure runs in a child process
 * of its own (bench/tasksChild.cjs, `--expose-gc`), each call after a full collection.
 */
function timeIt(bundle: string, measure: 'parse' | 'analyse', tasksPath: string, specPath: string, warm: number, runs: number): { median: number; best: number; cpu: number; count: number } {
  const child = spawnSync(process.execPath, ['--expose-gc', join(__dirname, 'tasksChild.cjs'), bundle, measure, tasksPath, specPath, String(warm), String(runs)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench/tasksChild.cjs ${measure} failed: ${child.stderr}`);
  const { wall, cpu, count } = JSON.parse(child.stdout) as { wall: number[]; cpu: number[]; count: number };
  return { median: quantile(wall, 0.5), best: Math.min(...wall), cpu: quantile(cpu, 0.5), count };
}

export function tasksFileFigures(count = 10_000): string {
  const { tasks, spec } = bigTasks(count);
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-tasks-'));
  try {
    const file = join(dir, 'tasks.md');
    const specFile = join(dir, 'spec.md');
    writeFileSync(file, tasks);
    writeFileSync(specFile, spec);
    const bundle = bundleInto(dir);
    const parse = timeIt(bundle, 'parse', file, specFile, 15, 15);
    const check = timeIt(bundle, 'analyse', file, specFile, 15, 15);
    if (parse.count !== count) throw new Error(`parseTasks found ${parse.count} tasks, not ${count}`);
    const rows: string[][] = [
      [`parseTasks, ${count.toLocaleString('en-US')} tasks (${mib(Buffer.byteLength(tasks))})`, ms(parse.median), ms(parse.best), ms(parse.cpu), '< 20 ms'],
      ['analyse (spec.md + tasks.md)', ms(check.median), ms(check.best), ms(check.cpu), '< 50 ms'],
    ];
    const cli = join(__dirname, '..', 'dist', 'cli.js');
    const preload = join(__dirname, 'rssOnExit.cjs');
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['--require', preload, cli, 'tasks', file, '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    const rss = /maxRSS=(\d+)/.exec(run.stderr ?? '')?.[1];
    const cpu = /cpu=(\d+)/.exec(run.stderr ?? '')?.[1];
    rows.push(run.status === 0
      ? [`specwright tasks --json (dist/cli.js, one run): wall, peak RSS`, `${ms(wall)}, ${rss ? mib(Number(rss) * 1024) : '?'}`, '', cpu ? ms(Number(cpu) / 1000) : '?', 'none set']
      : ['specwright tasks --json', `failed: ${(run.stderr ?? '').split('\n')[0]}`, '', '', '']);
    return `tasks.md at scale (esbuild bundle as dist/ ships it; parse and analyse each in a child process, 15 warm-up calls (the optimiser done), 15 timed, each after a full GC and a pause; wall: median and best; CPU: median, all threads)\n${table(['measure', 'median', 'best', 'CPU', 'goal'], rows)}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) process.stdout.write(`${tasksFileFigures(Number(process.env.BENCH_TASKS ?? 10_000))}\n`);
