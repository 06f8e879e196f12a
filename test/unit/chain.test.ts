import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperationSummary } from '../../src/protocol';
import type { Agent } from '../../src/core/ports/agent';
import { ChainService } from '../../src/core/features/chain';
import { GenerationError, GenerationService } from '../../src/core/features/generationService';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { waitsForCancel } from '../fixtures/agents/fakeAgents';
import { recordsPrompts } from '../fixtures/agents/promptRecorder';

const SPEC = '# Feature Specification: Albums\n\n- **FR-001**: System MUST let users SPEC-MARKER-7f3 group photos.\n';
const PLAN = '# Implementation Plan: Albums\n\nPLAN-MARKER-91c: TypeScript, one service per story.\n';
const TASKS = '# Tasks: Albums\n\n- [ ] T001 Create src/albums.ts (FR-001)\n';

describe('Generate All (chain)', () => {
  let root: string;
  let featureDir: string;
  let bus: OperationBus;

  const services = (agent: Agent) => {
    const generation = new GenerationService({
      bus,
      workspaceRootFor: () => root,
      versionsFor: () => new VersionStore(root),
      resolveAgent: async () => agent,
    });
    return { generation, chain: new ChainService(generation) };
  };
  const exists = (path: string) => access(path).then(() => true, () => false);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-chain-'));
    featureDir = join(root, 'specs', '001-albums');
    await mkdir(featureDir, { recursive: true });
    bus = new OperationBus();
  });
  afterEach(async () => {
    bus.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('runs spec → plan → tasks as linked operations; the plan prompt carries the spec, the tasks prompt the spec and the plan', async () => {
    const recorder = recordsPrompts({ spec: SPEC, plan: PLAN, tasks: TASKS });
    const { chain } = services(recorder.agent);
    const handle = await chain.start({ featureDir, prompt: 'Users group photos into albums', stagePrompts: { plan: 'Use TypeScript' } });
    const result = await handle.done;

    assert.equal(result.status, 'succeeded', result.reason);
    assert.deepEqual(result.operations.map((o) => o.kind), ['spec', 'plan', 'tasks']);
    assert.equal(result.operations[0].id, handle.operationId);
    assert.ok(result.operations.every((o) => o.chainId === handle.chainId));
    assert.equal(result.operations[0].parentId, undefined);
    assert.equal(result.operations[1].parentId, result.operations[0].id);
    assert.equal(result.operations[2].parentId, result.operations[1].id);

    const plan = recorder.promptOf('plan') ?? '';
    const tasks = recorder.promptOf('tasks') ?? '';
    assert.ok(plan.includes('SPEC-MARKER-7f3'), 'plan prompt contains the spec');
    assert.ok(plan.includes('Use TypeScript'), 'plan prompt carries the plan stage words');
    assert.ok(!plan.includes('Users group photos into albums'), 'the spec description is not repeated as plan direction');
    assert.ok(tasks.includes('SPEC-MARKER-7f3') && tasks.includes('PLAN-MARKER-91c'), 'tasks prompt contains spec and plan');
    assert.match(tasks, /T001/);
    assert.equal(await readFile(join(featureDir, 'tasks.md'), 'utf8'), TASKS);
  });

  it('stops at the first failure: no later stage runs and the earlier documents stay', async () => {
    const recorder = recordsPrompts({ spec: SPEC, plan: PLAN, tasks: TASKS }, { failOn: 'plan' });
    const { chain } = services(recorder.agent);
    const result = await (await chain.start({ featureDir, prompt: 'albums' })).done;
    assert.equal(result.status, 'failed');
    assert.equal(result.stoppedAt, 'plan');
    assert.match(result.reason ?? '', /plan stage crashed/);
    assert.deepEqual(result.operations.map((o) => `${o.kind}:${o.status}`), ['spec:succeeded', 'plan:failed']);
    assert.deepEqual(recorder.requests.map((r) => r.kind), ['spec', 'plan']);
    assert.equal(await exists(join(featureDir, 'tasks.md')), false);
    assert.equal(await readFile(join(featureDir, 'spec.md'), 'utf8'), SPEC);
  });

  it('can start from the plan when the spec exists, and refuses clearly when it does not', async () => {
    const recorder = recordsPrompts({ plan: PLAN, tasks: TASKS });
    const { chain } = services(recorder.agent);
    await assert.rejects(
      chain.start({ featureDir, prompt: 'TypeScript', from: 'plan' }),
      (e: unknown) => e instanceof GenerationError && e.code === 'not_found' && /Generate the spec first/.test(e.message),
    );
    assert.equal(recorder.requests.length, 0);
    await writeFile(join(featureDir, 'spec.md'), SPEC);
    const result = await (await chain.start({ featureDir, prompt: 'TypeScript', from: 'plan' })).done;
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(result.operations.map((o) => o.kind), ['plan', 'tasks']);
    assert.ok(recorder.promptOf('plan')?.includes('TypeScript'));
  });

  it('a single Generate Tasks without a plan is refused before any agent runs', async () => {
    const recorder = recordsPrompts({});
    const { generation } = services(recorder.agent);
    await writeFile(join(featureDir, 'spec.md'), SPEC);
    await assert.rejects(
      generation.start({ kind: 'tasks', featureDir, userPrompt: '' }),
      (e: unknown) => e instanceof GenerationError && /Generate the plan first: tasks\.md is written from plan\.md/.test(e.message),
    );
    assert.equal(bus.list().length, 0);
  });

  it('every stage sees the constitution and its .specify template', async () => {
    await mkdir(join(root, '.specify', 'memory'), { recursive: true });
    await mkdir(join(root, '.specify', 'templates'), { recursive: true });
    await writeFile(join(root, '.specify', 'memory', 'constitution.md'), 'PRINCIPLE-42: tests first');
    for (const kind of ['spec', 'plan', 'tasks']) await writeFile(join(root, '.specify', 'templates', `${kind}-template.md`), `TEMPLATE-FOR-${kind}`);
    const recorder = recordsPrompts({ spec: SPEC, plan: PLAN, tasks: TASKS });
    const result = await (await services(recorder.agent).chain.start({ featureDir, prompt: 'albums' })).done;
    assert.equal(result.status, 'succeeded');
    for (const kind of ['spec', 'plan', 'tasks'] as const) {
      const prompt = recorder.promptOf(kind) ?? '';
      assert.ok(prompt.includes('PRINCIPLE-42'), `${kind} prompt has the constitution`);
      assert.ok(prompt.includes(`TEMPLATE-FOR-${kind}`), `${kind} prompt has its template`);
    }
  });

  it('cancelling the chain stops the running stage and starts no other', async () => {
    const slow = waitsForCancel();
    const { chain } = services(slow);
    await writeFile(join(featureDir, 'spec.md'), 'precious spec');
    const handle = await chain.start({ featureDir, prompt: 'albums' });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(chain.isRunning(handle.chainId), true);
    assert.equal(chain.cancel(handle.chainId), true);
    const result = await handle.done;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.stoppedAt, 'spec');
    assert.equal(slow.runs, 1);
    assert.equal(await readFile(join(featureDir, 'spec.md'), 'utf8'), 'precious spec');
    assert.equal(chain.isRunning(handle.chainId), false);
    const ops: OperationSummary[] = bus.list();
    assert.deepEqual(ops.map((o) => o.status), ['cancelled']);
  });
});
