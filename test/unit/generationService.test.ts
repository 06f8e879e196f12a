import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent, OperationSummary } from '../../src/protocol';
import type { Agent } from '../../src/core/ports/agent';
import { ScaffoldAgent } from '../../src/core/agents/scaffold';
import { GenerationError, GenerationService } from '../../src/core/features/generationService';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { doesNothing, failsHalfway, printsInstead, waitsForCancel, writesDocument } from '../fixtures/agents/fakeAgents';

describe('GenerationService', () => {
  let root: string;
  let featureDir: string;
  let specPath: string;
  let bus: OperationBus;
  let versions: VersionStore;
  let trusted: boolean;

  const service = (agent: Agent) => new GenerationService({
    bus,
    workspaceRootFor: () => root,
    versionsFor: () => versions,
    resolveAgent: async (id) => (id === undefined || id === agent.id ? agent : undefined),
    isTrusted: () => trusted,
  });

  const eventsOf = (id: string): AgentEvent[] => {
    const out: AgentEvent[] = [];
    bus.subscribe(id, 0, (item) => { if (item.type === 'event') out.push(item.event); }).dispose();
    return out;
  };

  const run = async (agent: Agent, prompt = 'Users share albums'): Promise<OperationSummary> => {
    const { done } = await service(agent).start({ kind: 'spec', featureDir, userPrompt: prompt });
    return done;
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-gen-'));
    featureDir = join(root, 'specs', '001-albums');
    specPath = join(featureDir, 'spec.md');
    await mkdir(featureDir, { recursive: true });
    bus = new OperationBus();
    versions = new VersionStore(root);
    trusted = true;
  });
  afterEach(async () => {
    bus.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('runs the agent as an operation and succeeds when the document was written', async () => {
    const summary = await run(writesDocument('# Feature Specification: Albums\n'));
    assert.equal(summary.status, 'succeeded');
    assert.equal(summary.document, specPath);
    assert.equal(summary.featureName, '001-albums');
    assert.equal(await readFile(specPath, 'utf8'), '# Feature Specification: Albums\n');
    const kinds = eventsOf(summary.id).map((e) => e.kind);
    assert.ok(kinds.includes('thinking') && kinds.includes('tool'));
    assert.equal(kinds.at(-1), 'complete');
  });

  it('keeps the previous document as a version before a regeneration', async () => {
    await writeFile(specPath, 'my hand-written spec');
    const summary = await run(writesDocument('# Feature Specification: new\n'), 'second try');
    assert.equal(summary.status, 'succeeded');
    const kept = await versions.list(specPath);
    assert.equal(kept.length, 1);
    assert.equal(await versions.read(specPath, kept[0].id), 'my hand-written spec');
    assert.equal(kept[0].prompt, 'second try');
  });

  it('a failed run puts the previous document back and keeps the partial output as a version', async () => {
    await writeFile(specPath, 'precious');
    const summary = await run(failsHalfway());
    assert.equal(summary.status, 'failed');
    assert.match(summary.reason ?? '', /model overloaded/);
    assert.equal(await readFile(specPath, 'utf8'), 'precious');
    const contents = await Promise.all((await versions.list(specPath)).map((v) => versions.read(specPath, v.id)));
    assert.ok(contents.includes('precious'));
    assert.ok(contents.includes('# Feature Specification: half'));
    assert.ok(eventsOf(summary.id).some((e) => e.kind === 'error'));
  });

  it('a cancelled run stops the agent and leaves the previous document intact', async () => {
    await writeFile(specPath, 'precious');
    const svc = service(waitsForCancel());
    const { operationId, done } = await svc.start({ kind: 'spec', featureDir, userPrompt: 'x' });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(svc.isRunning(operationId), true);
    assert.equal(svc.cancel(operationId), true);
    const summary = await done;
    assert.equal(summary.status, 'cancelled');
    assert.equal(await readFile(specPath, 'utf8'), 'precious');
    assert.equal(svc.isRunning(operationId), false);
  });

  it('an agent that printed the document instead of writing it fails with a clear reason', async () => {
    const summary = await run(printsInstead());
    assert.equal(summary.status, 'failed');
    assert.match(summary.reason ?? '', /printed the spec\.md in the conversation instead of writing it/);
  });

  it('an agent that wrote nothing fails', async () => {
    await writeFile(specPath, 'unchanged');
    const summary = await run(doesNothing());
    assert.equal(summary.status, 'failed');
    assert.match(summary.reason ?? '', /without writing spec\.md/);
    assert.equal(await readFile(specPath, 'utf8'), 'unchanged');
  });

  it('refuses to run in an untrusted workspace, an unknown agent, a missing folder, and a second run of the same document', async () => {
    trusted = false;
    await assert.rejects(run(doesNothing()), (e: unknown) => e instanceof GenerationError && e.code === 'untrusted_workspace');
    trusted = true;
    const svc = service(waitsForCancel());
    await assert.rejects(svc.start({ kind: 'spec', featureDir, userPrompt: 'x', agent: 'nope' }), (e: unknown) => e instanceof GenerationError && e.code === 'not_found');
    await assert.rejects(svc.start({ kind: 'spec', featureDir: join(root, 'missing'), userPrompt: 'x' }), (e: unknown) => e instanceof GenerationError && e.code === 'not_found');
    const first = await svc.start({ kind: 'spec', featureDir, userPrompt: 'x' });
    await assert.rejects(svc.start({ kind: 'spec', featureDir, userPrompt: 'y' }), (e: unknown) => e instanceof GenerationError && e.code === 'busy');
    svc.cancel(first.operationId);
    await first.done;
  });

  it('with the offline scaffold: writes a full spec, and regenerating keeps every earlier version', async () => {
    const scaffold = new ScaffoldAgent();
    const first = await run(scaffold, 'Users group photos into albums');
    assert.equal(first.status, 'succeeded', first.reason);
    const spec1 = await readFile(specPath, 'utf8');
    assert.match(spec1, /## User Scenarios & Testing/);
    await run(scaffold, 'Users share albums with a link');
    await run(scaffold, 'Users reorder albums');
    const kept = await versions.list(specPath);
    assert.equal(kept.length, 2);
    assert.equal(await versions.read(specPath, kept[kept.length - 1].id), spec1);
  });
});
