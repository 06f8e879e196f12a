import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScaffoldAgent } from '../../src/core/agents/scaffold';
import { planMarkdown } from '../../src/core/agents/scaffold/planTemplate';
import { specMarkdown } from '../../src/core/agents/scaffold/specTemplate';
import { tasksMarkdown } from '../../src/core/agents/scaffold/tasksTemplate';
import { ChainService } from '../../src/core/features/chain';
import { GenerationService } from '../../src/core/features/generationService';
import { outlineSpec } from '../../src/core/features/specOutline';
import { checkFeature } from '../../src/core/features/traceability';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import { createSpecwright, type Specwright } from '../../src/core/app/specwright';
import { PROTOCOL_VERSION, type AgentEvent, type Clarification, type FeatureStatus, type OperationKind, type OperationSummary, type ServerMessage } from '../../src/protocol';
import { FakeTransport } from './helpers/fakeTransport';

const DESCRIPTION = 'Users organise photos into albums by date, drag and drop albums to reorder them, and share an album with a read-only link';

describe('pipeline with the offline scaffold', () => {
  let root: string;
  let featureDir: string;
  let bus: OperationBus;
  let versions: VersionStore;
  let generation: GenerationService;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-pipe-'));
    featureDir = join(root, 'specs', '001-photo-albums');
    await mkdir(featureDir, { recursive: true });
    bus = new OperationBus();
    versions = new VersionStore(root);
    const scaffold = new ScaffoldAgent();
    generation = new GenerationService({ bus, workspaceRootFor: () => root, versionsFor: () => versions, resolveAgent: async () => scaffold });
  });
  afterEach(async () => {
    bus.dispose();
    await rm(root, { recursive: true, force: true });
  });

  const generate = async (kind: OperationKind, prompt: string): Promise<OperationSummary> => (await generation.start({ kind, featureDir, userPrompt: prompt })).done;

  it('takes a feature from a description to spec.md, plan.md and tasks.md, and check finds no errors', async () => {
    const chain = new ChainService(generation);
    const result = await (await chain.start({ featureDir, prompt: DESCRIPTION, stagePrompts: { plan: 'TypeScript on Node.js 20' } })).done;
    assert.equal(result.status, 'succeeded', result.reason);
    assert.deepEqual(result.operations.map((o) => o.kind), ['spec', 'plan', 'tasks']);

    const spec = await readFile(join(featureDir, 'spec.md'), 'utf8');
    const plan = await readFile(join(featureDir, 'plan.md'), 'utf8');
    const tasks = await readFile(join(featureDir, 'tasks.md'), 'utf8');
    assert.match(spec, /^# Feature Specification: Photo Albums/);
    assert.match(plan, /^# Implementation Plan: Photo Albums/m);
    assert.match(plan, /\*\*Language\/Version\*\*: TypeScript 5 on Node\.js 20$/m);
    assert.match(tasks, /^## Phase 1: Setup/m);
    assert.match(tasks, /^## Phase 3: User Story 1 - Organise photos into albums by date \(Priority: P1\)/m);
    assert.match(tasks, /^- \[ \] T\d{3} \[P\] \[US1\] .+ in tests\/integration\/\S+\.test\.ts/m);
    assert.match(tasks, /^## Phase \d+: Polish/m);

    const findings = await checkFeature(featureDir);
    assert.deepEqual(findings.filter((f) => f.severity !== 'info'), [], JSON.stringify(findings, null, 2));

    const events: AgentEvent[] = [];
    bus.subscribe(result.operations[2].id, 0, (item) => { if (item.type === 'event') events.push(item.event); }).dispose();
    assert.ok(events.some((e) => e.kind === 'message' && /Wrote \*\*tasks\.md\*\* with \d+ tasks in \d+ phases/.test(e.text)));
  });

  it('the scaffold refers to every FR- and SC- requirement of its spec from a task', () => {
    const spec = specMarkdown({ featureName: '002-team-chat', description: 'Team members send messages in channels; admins archive channels. Guests read pinned messages', date: '2026-11-24' });
    const plan = planMarkdown({ featureName: '002-team-chat', featureRel: 'specs/002-team-chat', spec, userPrompt: 'Python with FastAPI and PostgreSQL', date: '2026-11-24' });
    const tasks = tasksMarkdown({ featureName: '002-team-chat', featureRel: 'specs/002-team-chat', spec, plan });
    assert.match(plan, /\*\*Language\/Version\*\*: Python 3\.12$/m);
    assert.match(plan, /\*\*Storage\*\*: PostgreSQL \(stores /);
    assert.match(tasks, /tests\/integration\/test_\w+\.py/);
    for (const req of outlineSpec(spec).requirements) assert.ok(new RegExp(`^- \\[ \\] T\\d{3} .*\\b${req.id}\\b`, 'm').test(tasks), `${req.id} has a task`);
  });

  it('regenerate ×3 then restore the first: the content of the first, with all four versions listed', async () => {
    const prompts = ['Users create albums', 'Users share albums with a link', 'Admins delete albums', 'Guests view shared albums'];
    const contents: string[] = [];
    for (const prompt of prompts) {
      assert.equal((await generate('spec', prompt)).status, 'succeeded');
      contents.push(await readFile(join(featureDir, 'spec.md'), 'utf8'));
    }
    assert.equal(new Set(contents).size, 4);
    const specPath = join(featureDir, 'spec.md');
    const before = await versions.list(specPath);
    assert.equal(before.length, 3);
    const oldest = before[before.length - 1];
    assert.equal(await versions.read(specPath, oldest.id), contents[0]);

    await versions.restore(specPath, oldest.id);
    assert.equal(await readFile(specPath, 'utf8'), contents[0]);
    const after = await versions.list(specPath);
    assert.equal(after.length, 4);
    const kept = await Promise.all(after.map((v) => versions.read(specPath, v.id)));
    for (const content of contents) assert.ok(kept.includes(content), 'every generated spec is still listed');
  });

  it('a cancelled generation loses nothing: the previous document stays and is kept as a version', async () => {
    await writeFile(join(featureDir, 'spec.md'), specMarkdown({ featureName: '001-photo-albums', description: DESCRIPTION, date: '2026-11-24' }));
    await writeFile(join(featureDir, 'plan.md'), 'my hand-edited plan');
    const { operationId, done } = await generation.start({ kind: 'plan', featureDir, userPrompt: '' });
    generation.cancel(operationId);
    const summary = await done;
    assert.equal(summary.status, 'cancelled');
    assert.equal(await readFile(join(featureDir, 'plan.md'), 'utf8'), 'my hand-edited plan');
    const kept = await versions.list(join(featureDir, 'plan.md'));
    assert.equal(await versions.read(join(featureDir, 'plan.md'), kept[0].id), 'my hand-edited plan');
  });

  it('a plan run keeps the design documents it may rewrite as versions first', async () => {
    await writeFile(join(featureDir, 'spec.md'), specMarkdown({ featureName: '001-photo-albums', description: DESCRIPTION, date: '2026-11-24' }));
    await writeFile(join(featureDir, 'data-model.md'), 'my data model');
    assert.equal((await generate('plan', '')).status, 'succeeded');
    const kept = await versions.list(join(featureDir, 'data-model.md'));
    assert.equal(kept.length, 1);
    assert.equal(await versions.read(join(featureDir, 'data-model.md'), kept[0].id), 'my data model');
  });
});

describe('pipeline through the hub (what the webview and the browser call)', () => {
  let root: string;
  let core: Specwright;
  let client: FakeTransport;
  let n = 0;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-pipehub-'));
    core = createSpecwright({ roots: () => [root], settings: () => ({ ...DEFAULT_SETTINGS, agent: 'scaffold' }), isTrusted: () => true, log: () => undefined });
    client = new FakeTransport();
    core.hub.connect(client, { client: 'test' });
    client.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test' });
  });
  afterEach(async () => {
    core.dispose();
    await rm(root, { recursive: true, force: true });
  });

  async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
    for (let i = 0; i < 500; i++) {
      const value = probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  async function request(method: string, params: unknown): Promise<Extract<ServerMessage, { type: 'response' }>> {
    const id = `r${++n}`;
    client.deliver({ type: 'request', id, method, params });
    return until(() => client.ofType('response').find((r) => r.id === id), `${method} response`);
  }

  it('createFeature with generate: all runs the chain; then status, check and clarifications answer', async () => {
    const created = await request('createFeature', { description: DESCRIPTION, generate: 'all' });
    assert.equal(created.ok, true, JSON.stringify(created.error));
    const result = created.result as { feature: { path: string; name: string }; chainId: string; operationId: string };
    assert.equal(result.feature.name, '001-users-organise-photos');
    const feature = result.feature.path;

    const stages = await until(() => {
      const done = client.ofType('operation').map((m) => m.summary).filter((o) => o.chainId === result.chainId && o.status === 'succeeded');
      return done.length === 3 ? done : undefined;
    }, 'three succeeded stages');
    assert.deepEqual(stages.map((o) => o.kind), ['spec', 'plan', 'tasks']);

    const status = await request('featureStatus', {});
    const [row] = (status.result as { features: FeatureStatus[] }).features;
    assert.equal(row.stage, 'tasks');
    assert.equal(row.nextStep, undefined);
    assert.equal(row.lastOperation?.kind, 'tasks');
    assert.equal(row.progress?.done, 0);
    assert.ok((row.progress?.total ?? 0) > 10);
    assert.ok(row.openClarifications > 0);

    const check = await request('checkFeature', { feature });
    assert.deepEqual((check.result as { findings: Array<{ severity: string }> }).findings.filter((f) => f.severity !== 'info'), []);

    const listed = await request('listClarifications', { feature });
    const open = (listed.result as { clarifications: Clarification[] }).clarifications;
    assert.equal(open.length, row.openClarifications);
    const answered = await request('answerClarification', { feature, offset: open[0].offset, question: open[0].question, answer: 'They are deleted after 30 days' });
    assert.equal(answered.ok, true, JSON.stringify(answered.error));
    assert.equal((answered.result as { remaining: Clarification[] }).remaining.length, open.length - 1);
    const spec = await readFile(join(feature, 'spec.md'), 'utf8');
    assert.match(spec, /## Clarifications\n\n### Session \d{4}-\d{2}-\d{2}\n\n- Q: .+ → A: They are deleted after 30 days\n/);

    const again = await request('answerClarification', { feature, offset: open[0].offset, question: open[0].question, answer: 'x' });
    assert.equal(again.error?.code, 'not_found');
  });

  it('refuses clearly: a chain from a plan without a spec, an empty description, an unknown folder', async () => {
    const empty = join(root, 'specs', '001-empty');
    await mkdir(empty, { recursive: true });
    const chain = await request('generateAll', { feature: empty, prompt: '', from: 'plan' });
    assert.equal(chain.error?.code, 'not_found');
    assert.match(chain.error?.message ?? '', /Generate the spec first/);
    assert.equal((await request('createFeature', { description: '   ' })).error?.code, 'invalid_params');
    assert.equal((await request('checkFeature', { feature: join(root, 'nope') })).error?.code, 'not_found');
    assert.equal((await request('listClarifications', { feature: empty })).error?.code, 'not_found');
    const none = await request('createFeature', { description: 'Export albums', generate: 'none' });
    assert.deepEqual(none.result, { feature: { path: join(root, 'specs', '002-export-albums'), name: '002-export-albums', hasSpec: false } });
  });
});
