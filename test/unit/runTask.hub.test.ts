import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import { createSpecwright, type Specwright } from '../../src/core/app/specwright';
import { PROTOCOL_VERSION, type ServerMessage } from '../../src/protocol';
import { makeFeature, type FeatureFixture } from '../fixtures/run/workspace';
import { FakeTransport, settle } from './helpers/fakeTransport';

const TASK_AGENT = join(__dirname, '..', 'fixtures', 'agents', 'task-agent.mjs');
const TASKS = ['# Tasks', '', '## Phase 1', '- [ ] T001 Album model in src/album.ts', '- [ ] T002 Photo model FAILS in src/photo.ts', ''].join('\n');

describe('Task runs and the history through the hub', function () {
  this.timeout(30_000);
  let fx: FeatureFixture;
  let core: Specwright;
  let client: FakeTransport;
  let n = 0;

  beforeEach(async () => {
    fx = makeFeature(TASKS, { git: true });
    core = createSpecwright({
      roots: () => [fx.root],
      settings: () => ({ ...DEFAULT_SETTINGS, agent: 'custom', customCommand: process.execPath, customArgs: [TASK_AGENT, '{workspaceRoot}', '{prompt}'] }),
      isTrusted: () => true,
      log: () => undefined,
    });
    client = new FakeTransport();
    core.hub.connect(client);
    client.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test' });
    await settle();
  });
  afterEach(() => core.dispose());

  async function request(method: string, params: unknown): Promise<Extract<ServerMessage, { type: 'response' }>> {
    const id = `r${++n}`;
    client.deliver({ type: 'request', id, method, params });
    for (let i = 0; i < 500; i++) {
      const response = client.ofType('response').find((r) => r.id === id);
      if (response) return response;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no response to ${method}`);
  }

  async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
    for (let i = 0; i < 1000; i++) {
      const value = probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`never: ${what}`);
  }

  const lastTasks = () => client.ofType('tasks').filter((m) => m.feature === fx.featureDir).at(-1);

  it('runTask starts an operation, every client hears the statuses, and the task is ticked', async () => {
    const response = await request('runTask', { feature: fx.featureDir, task: 'T001' });
    assert.equal(response.ok, true, JSON.stringify(response.error));
    const { operationId } = response.result as { operationId: string };
    const done = await until('T001 done', () => lastTasks()?.tasks.find((t) => t.key === 'T001' && t.status === 'done'));
    assert.equal(done.operationId, operationId);
    const seen = client.ofType('tasks').flatMap((m) => m.tasks.filter((t) => t.key === 'T001').map((t) => t.status));
    assert.deepEqual([...new Set(seen)], ['running', 'done']);
    assert.match(fx.tasks(), /- \[x\] T001/);
    const status = await request('taskStatus', { feature: fx.featureDir });
    assert.deepEqual((status.result as { waves: string[][] }).waves, [['T002']]);
  });

  it('a failed task is reported with its reason; listHistory filters and exportOperation gives the conversation', async () => {
    await request('runTask', { feature: fx.featureDir, task: 'T002' });
    const failed = await until('T002 failed', () => lastTasks()?.tasks.find((t) => t.key === 'T002' && t.status === 'failed'));
    assert.match(failed.reason ?? '', /cannot be done/);
    const history = await request('listHistory', { kind: 'task', status: 'failed' });
    const ops = (history.result as { operations: { id: string; task?: { id?: string } }[] }).operations;
    assert.deepEqual(ops.map((o) => o.task?.id), ['T002']);
    const exported = await request('exportOperation', { operationId: ops[0].id, format: 'markdown' });
    const { fileName, content } = exported.result as { fileName: string; content: string };
    assert.match(fileName, /\.md$/);
    assert.match(content, /^# T002 — Photo model FAILS in src\/photo\.ts \(001-albums\)/);
    assert.match(content, /\*\*Error:\*\* .*cannot be done/);
  });

  it('the panel\'s Cancel (hub `cancel`) stops a running task', async () => {
    writeFileSync(fx.tasksPath, TASKS.replace('Album model', 'Album model HANGS'));
    const { operationId } = (await request('runTask', { feature: fx.featureDir, task: 'T001' })).result as { operationId: string };
    await until('the agent to be waiting', () => (existsSync(join(fx.root, '.pids', 'T001.pid')) ? true : undefined));
    assert.deepEqual((await request('cancel', { operationId })).result, { cancelled: true });
    await until('the operation to end', () => (core.bus.get(operationId)?.status === 'cancelled' ? true : undefined));
    assert.match(fx.tasks(), /- \[ \] T001/);
    assert.equal(lastTasks()?.tasks.find((t) => t.key === 'T001'), undefined, 'a cancelled task has no status');
  });

  it('runAllReady keeps spec-kit\'s implement gate: an incomplete checklist refuses until the client says run anyway', async () => {
    mkdirSync(join(fx.featureDir, 'checklists'));
    writeFileSync(join(fx.featureDir, 'checklists', 'requirements.md'), '# Requirements checklist\n\n- [x] CHK001 No implementation details\n- [ ] CHK002 Requirements are testable\n');
    const refused = await request('runAllReady', { feature: fx.featureDir });
    assert.equal(refused.error?.code, 'checklists_incomplete');
    assert.match(refused.error?.message ?? '', /requirements\.md 1\/2/);
    assert.match(refused.error?.message ?? '', /ignoreChecklists: true/);
    assert.equal(lastTasks()?.run, undefined, 'nothing started');
    const started = await request('runAllReady', { feature: fx.featureDir, ignoreChecklists: true });
    assert.equal(started.ok, true, JSON.stringify(started.error));
    await until('the run to stop at the failing task', () => (lastTasks()?.run && lastTasks()?.run?.state !== 'running' ? true : undefined));
    assert.match(fx.tasks(), /- \[x\] T001/, 'T001 ran and was ticked');
  });

  it('checks params strictly and answers refusals with their code', async () => {
    assert.equal((await request('runTask', { feature: fx.featureDir })).error?.code, 'invalid_params');
    assert.equal((await request('runTask', { feature: 'specs/001-albums', task: 'T001' })).error?.code, 'invalid_params');
    assert.equal((await request('runAllReady', { feature: fx.featureDir, concurrency: 0 })).error?.code, 'invalid_params');
    assert.equal((await request('runTask', { feature: fx.featureDir, task: 'T404' })).error?.code, 'not_found');
    assert.equal((await request('exportOperation', { operationId: 'nope', format: 'markdown' })).error?.code, 'not_found');
    assert.equal((await request('exportOperation', { operationId: 'x', format: 'pdf' })).error?.code, 'invalid_params');
  });
});
