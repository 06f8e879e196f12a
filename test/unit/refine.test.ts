import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent, OperationSummary } from '../../src/protocol';
import { ScaffoldAgent } from '../../src/core/agents/scaffold';
import type { Agent } from '../../src/core/ports/agent';
import { GenerationError, GenerationService } from '../../src/core/features/generationService';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { RefineService } from '../../src/core/refine/refineService';
import { SessionAgent } from '../fixtures/agents/sessionAgent';

/** Issue 15.1: a follow-up turn on a document, in the same agent session where the agent can. */
describe('Refine (a follow-up in the same agent session)', () => {
  let root: string;
  let featureDir: string;
  let specPath: string;
  let bus: OperationBus;
  let versions: VersionStore;
  let agents: Agent[];
  let generation: GenerationService;
  let refine: RefineService;

  const resolveAgent = async (id: string | undefined) => agents.find((a) => a.id === id) ?? agents[0];
  const eventsOf = (id: string): AgentEvent[] => {
    const out: AgentEvent[] = [];
    bus.subscribe(id, 0, (item) => { if (item.type === 'event') out.push(item.event); }).dispose();
    return out;
  };
  const infos = (id: string) => eventsOf(id).filter((e) => e.kind === 'info').map((e) => (e as { text: string }).text);
  const generate = async (agent: string, prompt: string): Promise<OperationSummary> =>
    (await generation.start({ kind: 'spec', featureDir, userPrompt: prompt, agent })).done;
  const turn = async (prompt: string, extra: { agent?: string } = {}) => {
    const started = await refine.start({ feature: featureDir, doc: 'spec', prompt, ...extra });
    return { ...started, summary: await started.done };
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-refine-'));
    featureDir = join(root, 'specs', '001-albums');
    specPath = join(featureDir, 'spec.md');
    await mkdir(featureDir, { recursive: true });
    bus = new OperationBus();
    versions = new VersionStore(root);
    agents = [new ScaffoldAgent(), new SessionAgent(), new SessionAgent('amnesiac', false)];
    generation = new GenerationService({ bus, workspaceRootFor: () => root, versionsFor: () => versions, resolveAgent });
    refine = new RefineService({ bus, generation, resolveAgent });
  });
  afterEach(async () => {
    bus.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('scaffold end to end: generate, refine twice — three turns of one thread, three versions with the turns\' words', async () => {
    const first = await generate('scaffold', 'Users organise photos into albums by date');
    assert.equal(first.status, 'succeeded');
    assert.equal(first.prompt, 'Users organise photos into albums by date');
    const second = await turn('Users can share an album with a read-only link');
    const third = await turn('Albums can be viewed offline');
    assert.equal(second.summary.status, 'succeeded');
    assert.equal(third.summary.status, 'succeeded');
    assert.deepEqual([second.parentOperationId, third.parentOperationId], [first.id, first.id]);
    assert.deepEqual([second.summary.refine, third.summary.refine], [{ turn: 2, resumed: false }, { turn: 3, resumed: false }]);
    assert.deepEqual(refine.thread(third.operationId).map((o) => o.id), [first.id, second.operationId, third.operationId]);
    // The scaffold has no session: it re-applies the description and every follow-up, and says so.
    const spec = await readFile(specPath, 'utf8');
    assert.match(spec, /read-only link/);
    assert.match(spec, /offline/);
    assert.ok(infos(third.operationId).some((t) => /cannot continue the earlier session \(it keeps no session between runs\)/.test(t)));
    const kept = await versions.list(specPath);
    assert.equal(kept.length, 3);
    assert.deepEqual(kept.map((v) => [v.reason, v.prompt]).sort(), [
      ['before-generation', 'Users can share an album with a read-only link'],
      ['refine', 'Albums can be viewed offline'],
      ['refine', 'Users can share an album with a read-only link'],
    ]);
    // The newest version is the document as the last turn left it.
    const newest = [...kept].sort((a, b) => b.createdAt - a.createdAt || (a.reason === 'refine' ? -1 : 1))[0];
    assert.equal(await versions.read(specPath, newest.id), spec);
  });

  it('continues the agent\'s own session: the short follow-up prompt and the recorded session id', async () => {
    const first = await generate('sessions', 'Users organise photos into albums');
    assert.equal(first.session?.id, 's-1');
    const second = await turn('Make the stories smaller');
    assert.equal(second.resumed, true);
    const agent = agents[1] as SessionAgent;
    const request = agent.requests[1];
    assert.equal(request.resume?.session.id, 's-1');
    assert.match(request.prompt, /which you wrote earlier in this session/);
    assert.doesNotMatch(request.prompt, /The current spec\.md/);
    assert.match(request.resume?.freshPrompt ?? '', /The current spec\.md[\s\S]*Users organise photos into albums/);
    assert.deepEqual(request.thread, ['Users organise photos into albums']);
    // The agent remembered the first prompt: both are in the document it wrote.
    assert.equal(await readFile(specPath, 'utf8'), '# Feature Specification\n\n- Users organise photos into albums\n- Make the stories smaller\n');
    assert.equal(second.summary.session?.id, 's-1');
    assert.ok(infos(second.operationId).some((t) => /continuing the Fake sessions session s-1/.test(t)));
  });

  it('an agent that cannot resume says so and gets the previous document and the follow-up as context', async () => {
    await generate('amnesiac', 'Users organise photos into albums');
    const second = await turn('Add an offline requirement');
    assert.equal(second.resumed, false);
    const request = (agents[2] as SessionAgent).requests[1];
    assert.equal(request.resume, undefined);
    assert.match(request.prompt, /The current spec\.md[\s\S]*- Users organise photos into albums[\s\S]*Follow-up from the user[\s\S]*Add an offline requirement/);
    assert.ok(infos(second.operationId).some((t) => /cannot continue the earlier session \(its session cannot be resumed\)/.test(t)));
  });

  it('another agent than the thread\'s starts a new session with the document as context', async () => {
    await generate('sessions', 'Users organise photos into albums');
    const second = await turn('Add an offline requirement', { agent: 'amnesiac' });
    assert.equal(second.resumed, false);
    assert.equal(second.summary.agent, 'amnesiac');
    assert.ok(infos(second.operationId).some((t) => /the earlier turns ran with sessions/.test(t)));
  });

  it('cancel of a turn restores the previous turn\'s document', async () => {
    await generate('sessions', 'Users organise photos into albums');
    await turn('Make the stories smaller');
    const before = await readFile(specPath, 'utf8');
    const started = await refine.start({ feature: featureDir, doc: 'spec', prompt: 'hang on' });
    while ((await readFile(specPath, 'utf8')) !== 'partial') await new Promise((r) => setTimeout(r, 5));
    generation.cancel(started.operationId);
    const summary = await started.done;
    assert.equal(summary.status, 'cancelled');
    assert.equal(summary.parentOperationId, refine.thread(started.operationId)[0].id);
    assert.equal(await readFile(specPath, 'utf8'), before);
  });

  it('refuses with an actionable error when the document has no generation yet', async () => {
    await assert.rejects(refine.start({ feature: featureDir, doc: 'plan', prompt: 'x' }), (e: unknown) => e instanceof GenerationError && e.code === 'not_found' && /Generate it first/.test(e.message));
  });
});
