// Run by bench/tasksFile.ts with --expose-gc, one process per measure: loads the esbuild bundle of
// parseTasks and analyse (as the product runs them), warms up, then times `runs` calls of one of
// them, each after a full collection and a pause, so a call pays for its own garbage and no
// earlier one's.
// argv: bundle, measure (parse | analyse), tasks.md, spec.md, warm-up runs, runs. Prints JSON.
const { readFileSync } = require('node:fs');
const [bundle, measure, tasksPath, specPath, warm, runs] = process.argv.slice(2);
const { parseTasks, analyse } = require(bundle);
const tasks = readFileSync(tasksPath, 'utf8');
const spec = readFileSync(specPath, 'utf8');
const call = measure === 'parse'
  ? () => parseTasks(tasks)
  : () => analyse({ spec: { path: specPath, text: spec }, tasks: { path: tasksPath, text: tasks } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function main() {
  for (let i = 0; i < Number(warm); i++) call();
  const wall = [];
  const cpu = [];
  let kept;
  for (let i = 0; i < Number(runs); i++) {
    kept = undefined;
    globalThis.gc();
    // The collector sweeps on its helper threads after a full collection: let it finish, as it
    // does between two edits, so a call's CPU time is its own.
    await settle();
    const used = process.cpuUsage();
    const start = process.hrtime.bigint();
    // Kept until the next run's collection, as the product keeps its model until the next change.
    kept = call();
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    const spent = process.cpuUsage(used);
    cpu.push((spent.user + spent.system) / 1000);
  }
  // What the last call returned (tasks parsed, findings made), so a broken bundle shows.
  process.stdout.write(JSON.stringify({ wall, cpu, count: Array.isArray(kept) ? kept.length : kept.tasks.length }));
}

void main();
