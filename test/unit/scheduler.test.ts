import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCustomAgent } from '../../src/core/agents/custom';
import type { Agent } from '../../src/core/ports/agent';
import { OperationBus } from '../../src/core/operations/bus';
import { isProcessAlive } from '../../src/core/runner/processTable';
import type { RunSettings } from '../../src/core/tasks/scheduler';
import { TaskRunError, TaskRunner } from '../../src/core/tasks/taskRunner';
import { TaskRunService } from '../../src/core/tasks/taskRunService';
import { FakeTaskAgent, type TaskBehaviour } from '../fixtures/agents/taskAgents';
import { makeFeature } from '../fixtures/run/workspace';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'run', name), 'utf8');
const TASK_AGENT = join(__dirname, '..', 'fixtures', 'agents', 'task-agent.mjs');

function setup(text: string, agent: Agent, settings: Partial<RunSettings> = {}) {
  const fx = makeFeature(text);
  const bus = new OperationBus();
  const runner = new TaskRunner({ bus, workspaceRootFor: () => fx.root, resolveAgent: async () => agent });
  const service = new TaskRunService({ runner, bus, defaults: () => ({ concurrency: 1, continueOnFailure: false, pauseEvery: 0, ...settings }) });
  /** Resolves once the condition holds, checked whenever a status changes. */
  const until = (what: string, check: () => boolean) => new Promise<void>((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`never: ${what}`)); }, 15_000);
    const sub = service.onChange(() => {
      if (!check()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
  const statusOf = (key: string) => service.board(fx.featureDir).tasks.find((t) => t.key === key)?.status;
  const ticked = () => [...fx.tasks().matchAll(/- \[x\] (T\d+)/g)].map((m) => m[1]);
  return { fx, bus, runner, service, until, statusOf, ticked };
}

const byTask = (map: Record<string, TaskBehaviour>, fallback: TaskBehaviour = 'edit') => (task: string) => map[task] ?? fallback;
/** Lets pending promise callbacks and I/O run (a scheduler that is wrong gets its chance to misbehave). */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('Run All Ready Tasks (scheduler with a fake agent)', () => {
  it('never runs more tasks at once than the concurrency setting, nor two that name the same file', async () => {
    const agent = new FakeTaskAgent(byTask({ T002: 'hold', T003: 'hold', T004: 'hold', T005: 'hold', T006: 'hold' }));
    const { fx, service, ticked } = setup(fixture('parallel.md'), agent, { concurrency: 2 });
    const handle = await service.runAllReady(fx.featureDir);
    assert.deepEqual(handle.waves, [['T001'], ['T002', 'T003', 'T004', 'T005', 'T006'], ['T007'], ['T008']]);
    await agent.whenStarted(3);
    // T002 and T003 start together; each first records the git state, so either may reach the agent first.
    assert.deepEqual([agent.started[0], ...agent.started.slice(1).sort()], ['T001', 'T002', 'T003']);
    agent.release('T002');
    await agent.whenStarted(4);
    agent.release('T003');
    await agent.whenStarted(5);
    agent.release('T004');
    agent.release('T005');
    await agent.whenStarted(6);
    assert.equal(agent.started[5], 'T006');
    await settle();
    assert.ok(!agent.started.includes('T007'), 'T007 names src/models/index.ts, which T006 is changing');
    agent.release('T006');
    const run = await handle.done;
    assert.equal(run.state, 'finished');
    assert.equal(agent.maxActive, 2, 'two at a time, never three');
    assert.ok(!agent.overlaps.has('T006+T007'));
    assert.deepEqual(ticked(), ['T001', 'T002', 'T003', 'T004', 'T005', 'T006', 'T007', 'T008']);
    assert.deepEqual([run.done, run.failed, run.total], [8, 0, 8]);
  });

  it('pauses for review after every N tasks, and goes on when resumed', async () => {
    const agent = new FakeTaskAgent();
    const { fx, service, until, ticked } = setup(fixture('parallel.md'), agent, { pauseEvery: 3 });
    const handle = await service.runAllReady(fx.featureDir);
    await until('paused', () => service.runOf(fx.featureDir)?.state === 'paused');
    assert.equal(service.runOf(fx.featureDir)?.pauseReason, 'review');
    assert.deepEqual(agent.started, ['T001', 'T002', 'T003']);
    assert.deepEqual(ticked(), ['T001', 'T002', 'T003']);
    assert.equal(await service.resume(fx.featureDir), true);
    await until('paused again', () => service.runOf(fx.featureDir)?.state === 'paused' && agent.started.length === 6);
    assert.equal(await service.resume(fx.featureDir), true);
    const run = await handle.done;
    assert.equal(run.state, 'finished');
    assert.equal(agent.started.length, 8);
  });

  it('stops at the first failure by default and waits for Retry or Skip', async () => {
    const agent = new FakeTaskAgent(byTask({ T001: 'fail' }));
    const { fx, service, until, statusOf, ticked } = setup(fixture('branches.md'), agent);
    const handle = await service.runAllReady(fx.featureDir);
    await until('paused on the failure', () => service.runOf(fx.featureDir)?.state === 'paused');
    const run = service.runOf(fx.featureDir);
    assert.equal(run?.pauseReason, 'failure');
    assert.deepEqual(agent.started, ['T001'], 'nothing else started after the failure');
    assert.equal(statusOf('T001'), 'failed');
    assert.match(service.board(fx.featureDir).tasks.find((t) => t.key === 'T001')?.reason ?? '', /cannot do T001/);
    assert.equal(statusOf('T002'), 'queued');
    assert.equal(await service.resume(fx.featureDir), false, 'resume alone does not pass a failure');
    // Skip: the run moves past T001; T003, which depends on it, may run too.
    await service.skip(fx.featureDir, 'T001');
    const ended = await handle.done;
    assert.equal(ended.state, 'finished');
    assert.equal(statusOf('T001'), 'skipped');
    assert.deepEqual(ticked(), ['T002', 'T003', 'T004']);
    assert.match(fx.tasks(), /- \[ \] T001/, 'a skip does not change tasks.md');
  });

  it('carries on with the tasks that do not depend on a failure when told to', async () => {
    const agent = new FakeTaskAgent(byTask({ T001: 'fail' }));
    const { fx, service, statusOf, ticked } = setup(fixture('branches.md'), agent, { continueOnFailure: true });
    const run = await (await service.runAllReady(fx.featureDir)).done;
    assert.equal(run.state, 'failed');
    assert.deepEqual(agent.started, ['T001', 'T002', 'T004']);
    assert.deepEqual(ticked(), ['T002', 'T004']);
    assert.equal(statusOf('T001'), 'failed');
    assert.equal(statusOf('T003'), undefined, 'T003 depends on T001: never run, no longer queued');
    assert.deepEqual([run.done, run.failed], [2, 1]);
  });

  it('retries a failed task in its run, which then goes on', async () => {
    const agent = new FakeTaskAgent((task, attempt) => (task === 'T002' && attempt === 1 ? 'fail' : 'edit'));
    const { fx, service, until, ticked, bus } = setup(fixture('branches.md'), agent);
    const handle = await service.runAllReady(fx.featureDir);
    await until('paused on the failure', () => service.runOf(fx.featureDir)?.state === 'paused');
    assert.deepEqual(agent.started, ['T001', 'T002']);
    assert.deepEqual(await service.retry(fx.featureDir, 'T002'), { queued: true });
    const run = await handle.done;
    assert.equal(run.state, 'finished');
    assert.deepEqual(agent.started, ['T001', 'T002', 'T002', 'T003', 'T004']);
    assert.deepEqual(ticked(), ['T001', 'T002', 'T003', 'T004']);
    const t002 = bus.list().filter((op) => op.task?.key === 'T002').map((op) => op.status);
    assert.deepEqual(t002, ['succeeded', 'failed'], 'two operations, newest first');
  });

  it('Stop All cancels the running tasks and ends the run; nothing is ticked', async () => {
    const agent = new FakeTaskAgent(() => 'hold');
    const { fx, service, bus } = setup(fixture('parallel.md').replace('- [ ] T001', '- [x] T001'), agent, { concurrency: 3 });
    const before = fx.tasks();
    const handle = await service.runAllReady(fx.featureDir);
    await agent.whenStarted(3);
    assert.equal(await service.stopAll(), 4, 'one run and three task operations');
    assert.equal(agent.active, 0);
    const run = await handle.done;
    assert.equal(run.state, 'stopped');
    assert.deepEqual(bus.list().map((op) => op.status), ['cancelled', 'cancelled', 'cancelled']);
    assert.equal(fx.tasks(), before);
    assert.deepEqual(service.board(fx.featureDir).tasks, [], 'no task is left queued or running');
  });

  it('Stop All leaves no agent process running', async function () {
    if (process.platform === 'win32') this.skip();
    const agent = createCustomAgent({ command: process.execPath, args: [TASK_AGENT, '{workspaceRoot}', '{prompt}'] });
    const text = ['## Phase 1', '- [ ] T001 [P] Import photos HANGS in src/import.ts', '- [ ] T002 [P] Resize photos HANGS in src/resize.ts'].join('\n');
    const { fx, service } = setup(text, agent, { concurrency: 2 });
    const handle = await service.runAllReady(fx.featureDir);
    const pidFile = (task: string) => join(fx.root, '.pids', `${task}.pid`);
    await poll('both agents started', () => existsSync(pidFile('T001')) && existsSync(pidFile('T002')) && readFileSync(pidFile('T002'), 'utf8').includes('\n'));
    const pids = ['T001', 'T002'].flatMap((t) => readFileSync(pidFile(t), 'utf8').trim().split('\n').map(Number));
    assert.equal(pids.length, 4, 'two agents, each with a child');
    for (const pid of pids) assert.equal(alive(pid), true, `process ${pid} runs before the stop`);
    await service.stopAll(fx.featureDir);
    assert.equal((await handle.done).state, 'stopped');
    for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} is gone after Stop All`);
  });

  it('refuses to start when the task list has a cycle or an unknown id, saying where', async () => {
    const agent = new FakeTaskAgent();
    const { fx, service } = setup(['## Phase 1', '- [ ] T001 [P] A (depends on T002)', '- [ ] T002 [P] B (depends on T001)', '- [ ] T003 C (depends on T042)'].join('\n'), agent);
    await assert.rejects(service.runAllReady(fx.featureDir), (error: unknown) => {
      assert.ok(error instanceof TaskRunError);
      assert.equal(error.code, 'invalid_params');
      assert.match(error.message, /line 2: Dependency cycle: T001 → T002 → T001/);
      assert.match(error.message, /line 4: T003 depends on T042/);
      return true;
    });
    assert.equal(agent.started.length, 0);
    const status = await service.status(fx.featureDir);
    assert.deepEqual(status.problems.map((p) => p.code).sort(), ['cycle', 'unknownTask']);
  });

  it('refuses a second run of the same feature while one is going', async () => {
    const agent = new FakeTaskAgent(() => 'hold');
    const { fx, service } = setup(fixture('branches.md'), agent);
    const handle = await service.runAllReady(fx.featureDir);
    await agent.whenStarted(1);
    await assert.rejects(service.runAllReady(fx.featureDir), /already running/);
    await service.stopAll();
    await handle.done;
  });
});

async function poll(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never: ${what}`);
}

/** Running, not a zombie waiting to be reaped (in containers nobody may reap an orphan at once). */
const alive = (pid: number): boolean => isProcessAlive(pid);
