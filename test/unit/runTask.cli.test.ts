import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeFeature } from '../fixtures/run/workspace';

const REPO = join(__dirname, '..', '..');
const TASK_AGENT = join(__dirname, '..', 'fixtures', 'agents', 'task-agent.mjs');

/** The CLI from source (tsx), with the fake task agent as the custom command. */
function cli(args: string[]) {
  const result = spawnSync(process.execPath, ['-r', 'tsx/cjs', join(REPO, 'src', 'cli.ts'), ...args], {
    cwd: REPO, encoding: 'utf8', timeout: 60_000,
    env: { ...process.env, SPECWRIGHT_CUSTOM_COMMAND: process.execPath, SPECWRIGHT_CUSTOM_ARGS: JSON.stringify([TASK_AGENT, '{workspaceRoot}', '{prompt}']) },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const TASKS = [
  '# Tasks: Albums', '', '## Phase 1: Models', '',
  '- [ ] T001 [P] Album model in src/album.ts', '- [ ] T002 [P] Photo model FAILS in src/photo.ts',
  '- [ ] T003 [P] Album service in src/albumService.ts (depends on T001)', '- [ ] T004 [P] Photo service in src/photoService.ts (depends on T002)', '',
].join('\n');

describe('specwright run and specwright history', () => {
  it('run --task runs one task, ticks it and exits 0', () => {
    const fx = makeFeature(TASKS, { git: true });
    const { code, out, err } = cli(['run', fx.featureDir, '--task', 'T001', '--agent', 'custom']);
    assert.equal(code, 0, err);
    assert.match(out, /✔ T001 done \(changed .*out\/T001\.txt, .*src\/album\.ts\)/);
    assert.match(fx.tasks(), /- \[x\] T001/);
    assert.match(fx.tasks(), /- \[ \] T002/);
  });

  it('run --all-ready prints each status change and exits 1 when a task failed', () => {
    const fx = makeFeature(TASKS, { git: true });
    const { code, out } = cli(['run', fx.featureDir, '--all-ready', '--agent', 'custom', '--continue-on-failure']);
    assert.equal(code, 1);
    assert.match(out, /^Plan: wave 1: T001, T002 · wave 2: T003, T004\n/);
    for (const line of [/▶ T001 +running/, /✔ T001 +done/, /✖ T002 +failed +.*cannot be done/, /✔ T003 +done/]) assert.match(out, line);
    assert.doesNotMatch(out, /▶ T004/, 'T004 depends on the failed T002');
    assert.match(out, /run failed in [\d.]+s: 2 done, 1 failed, 0 skipped, 1 not run of 4/);
    assert.deepEqual([...fx.tasks().matchAll(/- \[x\] (T\d+)/g)].map((m) => m[1]), ['T001', 'T003']);

    const history = cli(['history', '--workspace', fx.root, '--json']);
    assert.equal(history.code, 0, history.err);
    const ops = JSON.parse(history.out) as { kind: string; status: string; task?: { id: string } }[];
    assert.deepEqual(ops.map((o) => `${o.task?.id}:${o.status}`), ['T003:succeeded', 'T002:failed', 'T001:succeeded']);
    const failed = cli(['history', '--workspace', fx.root, '--status', 'failed']);
    assert.match(failed.out, /task T002 +001-albums +custom +failed/);
    assert.doesNotMatch(failed.out, /T001/);
  });

  it('run refuses a task list with a dependency cycle, naming the line', () => {
    const fx = makeFeature(['- [ ] T001 One (depends on T002)', '- [ ] T002 Two', ''].join('\n'));
    const { code, err } = cli(['run', fx.featureDir, '--agent', 'custom']);
    assert.equal(code, 1);
    assert.match(err, /line 1: Dependency cycle: T001 → T002 → T001/);
  });

  it('run with the offline scaffold says it cannot implement tasks', () => {
    const fx = makeFeature(TASKS);
    const { code, out } = cli(['run', fx.featureDir, '--task', 'T001', '--agent', 'scaffold']);
    assert.equal(code, 1);
    assert.match(out, /writes documents only .*cannot implement T001/);
  });
});
