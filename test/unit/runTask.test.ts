import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCustomAgent } from '../../src/core/agents/custom';
import { ScaffoldAgent } from '../../src/core/agents/scaffold';
import type { Agent } from '../../src/core/ports/agent';
import { OperationBus } from '../../src/core/operations/bus';
import { TaskRunError, TaskRunner } from '../../src/core/tasks/taskRunner';
import { TaskRunService } from '../../src/core/tasks/taskRunService';
import type { AgentEvent } from '../../src/protocol';
import { FakeTaskAgent } from '../fixtures/agents/taskAgents';
import { makeFeature } from '../fixtures/run/workspace';

const TASK_AGENT = join(__dirname, '..', 'fixtures', 'agents', 'task-agent.mjs');
const TASKS = [
  '# Tasks: Albums', '', '## Phase 1: Setup', '', '- [ ] T001 Create the project in src/index.ts',
  '- [ ] T002 [P] Album model in src/models/album.ts', '- [ ] T003 [P] Photo model in src/models/photo.ts', '',
].join('\n');

function setup(agent: Agent, text = TASKS, options: { git?: boolean } = {}) {
  const fx = makeFeature(text, options);
  const bus = new OperationBus();
  const runner = new TaskRunner({ bus, workspaceRootFor: () => fx.root, resolveAgent: async () => agent });
  const service = new TaskRunService({ runner, bus, defaults: () => ({ concurrency: 1, continueOnFailure: false, pauseEvery: 0 }) });
  const eventsOf = (id: string): AgentEvent[] => {
    const out: AgentEvent[] = [];
    bus.subscribe(id, 0, (item) => { if (item.type === 'event') out.push(item.event); }).dispose();
    return out;
  };
  return { fx, bus, runner, service, eventsOf };
}

/** Characters that differ between two texts of the same length. */
function diffChars(a: string, b: string): { at: number; from: string; to: string }[] {
  assert.equal(a.length, b.length, 'same length');
  return [...a].flatMap((c, i) => (c === b[i] ? [] : [{ at: i, from: c, to: b[i] }]));
}

describe('Run Task', () => {
  it('runs one task as an operation and ticks exactly that task, one character', async () => {
    const agent = new FakeTaskAgent();
    const { fx, bus, service } = setup(agent);
    const before = fx.tasks();
    const { operationId, done } = await service.runTask(fx.featureDir, 'T002');
    const outcome = await done;
    assert.equal(outcome.status, 'succeeded');
    const after = fx.tasks();
    const changes = diffChars(before, after);
    assert.deepEqual(changes, [{ at: before.indexOf('[ ] T002') + 1, from: ' ', to: 'x' }]);
    const op = bus.get(operationId);
    assert.equal(op?.kind, 'task');
    assert.deepEqual(op?.task, { id: 'T002', key: 'T002', line: 5, title: 'Album model in src/models/album.ts' });
    assert.equal(service.board(fx.featureDir).tasks.find((t) => t.key === 'T002')?.status, 'done');
  });

  it('asks the agent to do only that task, with the spec, the plan and the constitution', async () => {
    const agent = new FakeTaskAgent();
    const { fx, service } = setup(agent);
    await (await service.runTask(fx.featureDir, 't003')).done;
    const prompt = agent.prompts.get('T003') ?? '';
    assert.match(prompt, /Do only T003\./);
    assert.match(prompt, /- \[ \] T003 \[P\] Photo model in src\/models\/photo\.ts/);
    assert.match(prompt, /Feature Specification: Albums/);
    assert.match(prompt, /Implementation Plan: Albums/);
    assert.match(prompt, /Tests first\./);
    assert.doesNotMatch(prompt, /T002 \[P\] Album model/, 'other tasks are not handed over');
  });

  it('shows a running task as running without rewriting tasks.md', async () => {
    const agent = new FakeTaskAgent(() => 'hold');
    const { fx, service } = setup(agent);
    const before = fx.tasks();
    const { done } = await service.runTask(fx.featureDir, 'T001');
    await agent.whenStarted(1);
    assert.equal(service.board(fx.featureDir).tasks.find((t) => t.key === 'T001')?.status, 'running');
    assert.equal(fx.tasks(), before);
    await assert.rejects(service.runTask(fx.featureDir, 'T001'), (e: unknown) => e instanceof TaskRunError && e.code === 'busy');
    agent.release('T001');
    await done;
  });

  it('marks a failed task failed with the reason and leaves the file alone', async () => {
    const agent = new FakeTaskAgent(() => 'fail');
    const { fx, service, bus } = setup(agent);
    const before = fx.tasks();
    const { operationId, done } = await service.runTask(fx.featureDir, 'T001');
    assert.equal((await done).status, 'failed');
    assert.equal(fx.tasks(), before);
    assert.match(bus.get(operationId)?.reason ?? '', /cannot do T001/);
    const state = service.board(fx.featureDir).tasks.find((t) => t.key === 'T001');
    assert.equal(state?.status, 'failed');
    assert.match(state?.reason ?? '', /cannot do T001/);
  });

  it('records the git state before the run and the files the run touched', async () => {
    const agent = new FakeTaskAgent();
    const { fx, bus, service, eventsOf } = setup(agent, TASKS, { git: true });
    writeFileSync(join(fx.root, 'notes.txt'), 'dirty before the run\n');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: fx.root, encoding: 'utf8' }).trim();
    const { operationId, done } = await service.runTask(fx.featureDir, 'T001');
    await done;
    const op = bus.get(operationId);
    assert.equal(op?.status, 'succeeded');
    assert.deepEqual(op?.git, { root: execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: fx.root, encoding: 'utf8' }).trim(), branch: 'main', head, dirty: ['notes.txt'] });
    assert.deepEqual(op?.touched, ['out/T001.txt'], 'the dirty file it did not change is not listed');
    assert.ok(eventsOf(operationId).some((e) => e.kind === 'info' && /Git: main at/.test(e.text)));
  });

  it('fails, and leaves the task open, when the agent changed nothing', async () => {
    const agent = new FakeTaskAgent(() => 'nothing');
    const { fx, service } = setup(agent, TASKS, { git: true });
    const before = fx.tasks();
    const outcome = await (await service.runTask(fx.featureDir, 'T001')).done;
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.reason ?? '', /without changing any file, so T001 stays open/);
    assert.equal(fx.tasks(), before);
  });

  it('the offline scaffold says it writes documents only, instead of pretending to implement', async () => {
    const { fx, service, eventsOf } = setup(new ScaffoldAgent(), TASKS, { git: true });
    const before = fx.tasks();
    const { operationId, done } = await service.runTask(fx.featureDir, 'T001');
    const outcome = await done;
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.reason ?? '', /writes documents only .*cannot implement T001/);
    const errors = eventsOf(operationId).filter((e) => e.kind === 'error');
    assert.ok(errors.some((e) => e.kind === 'error' && e.code === 'agent_documents_only'));
    assert.equal(fx.tasks(), before, 'tasks.md untouched (the scaffold did not regenerate it)');
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: fx.root, encoding: 'utf8' }), '', 'no file changed');
  });

  it('ticks a Kiro parent task when its last sub-task is done', async () => {
    const text = ['# Plan', '', '- [ ] 1. Models', '  - [x] 1.1 Album type in src/album.ts', '  - [ ] 1.2 Photo type in src/photo.ts', '- [ ] 2. Storage', ''].join('\n');
    const { fx, service } = setup(new FakeTaskAgent(), text);
    await assert.rejects(service.runTask(fx.featureDir, '1'), /has sub-tasks/);
    await (await service.runTask(fx.featureDir, '1.2')).done;
    assert.equal(fx.tasks(), text.replace('- [ ] 1.', '- [x] 1.').replace('- [ ] 1.2', '- [x] 1.2'));
  });

  it('refuses what it cannot run, before any operation exists', async () => {
    const { fx, service, bus } = setup(new FakeTaskAgent(), TASKS.replace('- [ ] T003', '- [x] T003'));
    await assert.rejects(service.runTask(fx.featureDir, 'T099'), (e: unknown) => e instanceof TaskRunError && e.code === 'not_found');
    await assert.rejects(service.runTask(fx.featureDir, 'T003'), /already ticked/);
    assert.equal(bus.list().length, 0);
  });

  it('runs a real agent process (the custom command) that edits files, and ticks the task', async () => {
    const agent = createCustomAgent({ command: process.execPath, args: [TASK_AGENT, '{workspaceRoot}', '{prompt}'] });
    const { fx, bus, service } = setup(agent, TASKS, { git: true });
    const { operationId, done } = await service.runTask(fx.featureDir, 'T002');
    const outcome = await done;
    assert.equal(outcome.status, 'succeeded', outcome.reason);
    assert.match(fx.tasks(), /- \[x\] T002/);
    assert.match(fx.tasks(), /- \[ \] T001/);
    assert.equal(readFileSync(join(fx.root, 'src', 'models', 'album.ts'), 'utf8'), '// T002\n');
    assert.deepEqual(bus.get(operationId)?.touched, ['out/T002.txt', 'src/models/album.ts']);
  });
});
