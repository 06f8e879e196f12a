import assert from 'node:assert/strict';
import { PROTOCOL_VERSION, type ResumePoint, type ServerMessage, type Snapshot } from '../../src/protocol';
import type * as z from 'zod/mini';
import { Hub, HubError, type RequestHandlers } from '../../src/core/hub/hub';
import { OperationBus } from '../../src/core/operations/bus';
import { FakeTransport, settle } from './helpers/fakeTransport';
import { noGitHubHandlers, type GitHubMethods } from '../../src/core/handlers/githubHandlers';
import { noRunHandlers, type RunMethods } from '../../src/core/handlers/runHandlers';
import { noHistoryHandlers, type HistoryMethods } from '../../src/core/handlers/historyHandlers';
import { noRefineHandlers, type RefineMethods } from '../../src/core/handlers/refineHandlers';

type Resume = z.infer<typeof ResumePoint>;

/** The document-pipeline methods these tests do not exercise (see pipeline tests). */
const pipelineStubs: Pick<RequestHandlers, 'createFeature' | 'generateAll' | 'listClarifications' | 'answerClarification' | 'checkFeature' | 'featureStatus' | GitHubMethods | RunMethods | HistoryMethods | RefineMethods> = {
  ...noGitHubHandlers(),
  ...noRunHandlers(),
  ...noHistoryHandlers(),
  ...noRefineHandlers(),
  createFeature: async () => ({ feature: { path: '/ws/specs/002-x', name: '002-x', hasSpec: false } }),
  generateAll: async () => ({ chainId: 'c', operationId: 'x' }),
  listClarifications: async () => ({ clarifications: [] }),
  answerClarification: async () => ({ remaining: [] }),
  checkFeature: async () => ({ findings: [] }),
  featureStatus: async () => ({ features: [] }),
};

interface Setup {
  bus: OperationBus;
  hub: Hub;
  logs: string[];
  calls: Array<{ method: string; clientId: string }>;
}

function setup(overrides: Partial<RequestHandlers> = {}, snapshot?: () => Promise<Snapshot> | Snapshot): Setup {
  let n = 0;
  const bus = new OperationBus({ newId: () => `op-${++n}` });
  const logs: string[] = [];
  const calls: Setup['calls'] = [];
  const handlers: RequestHandlers = {
    generate: async (params, ctx) => {
      calls.push({ method: 'generate', clientId: ctx.clientId });
      const op = bus.create({ kind: params.kind, feature: params.feature, featureName: 'albums', agent: params.agent ?? 'scaffold' });
      return { operationId: op.id };
    },
    cancel: async (params, ctx) => {
      calls.push({ method: 'cancel', clientId: ctx.clientId });
      if (!bus.get(params.operationId)) throw new HubError('not_found', `No operation ${params.operationId}.`);
      return { cancelled: bus.setStatus(params.operationId, 'cancelled', 'Cancelled.') };
    },
    listFeatures: async () => ({ features: [{ path: '/ws/specs/001-albums', name: '001-albums', hasSpec: false }] }),
    answerPermission: async () => ({ accepted: false }),
    detectAgents: async () => ({ agents: [] }),
    agentAction: async () => ({ done: false }),
    ...pipelineStubs,
    ...overrides,
  };
  const hub = new Hub({
    bus,
    handlers,
    log: (m) => logs.push(m),
    snapshot: snapshot ?? (() => ({ operations: bus.list(), features: [], agents: [], defaultAgent: 'scaffold', trusted: true })),
  });
  return { bus, hub, logs, calls };
}

async function join(hub: Hub, resume?: Resume[]): Promise<FakeTransport> {
  const transport = new FakeTransport();
  hub.connect(transport, { client: 'test' });
  transport.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test', ...(resume ? { resume } : {}) });
  await settle();
  return transport;
}

/** Sends a request and returns the response to it. */
async function call(transport: FakeTransport, method: string, params?: unknown, id = `r${Math.random()}`): Promise<Extract<ServerMessage, { type: 'response' }>> {
  transport.deliver({ type: 'request', id, method, params });
  await settle();
  const response = transport.ofType('response').find((r) => r.id === id);
  assert.ok(response, `no response to ${method}`);
  return response;
}

async function pingAnswered(transport: FakeTransport): Promise<void> {
  transport.deliver(JSON.stringify({ type: 'ping', id: 'still-there' }));
  await settle();
  assert.deepEqual(transport.last(), { type: 'pong', id: 'still-there' });
}

const eventSeqs = (msgs: ServerMessage[], operationId: string): number[] =>
  msgs.flatMap((m) => (m.type === 'event' && m.operationId === operationId ? [m.seq] : []));

describe('Hub', () => {
  it('answers hello with welcome, the snapshot and presence', async () => {
    const { bus, hub } = setup();
    const op = bus.create({ kind: 'spec', feature: '/ws/specs/001-albums', featureName: '001-albums', agent: 'scaffold' });
    const t = await join(hub);
    const [welcome, presence] = t.sent;
    assert.equal(welcome.type, 'welcome');
    assert.equal(welcome.type === 'welcome' && welcome.protocol, PROTOCOL_VERSION);
    assert.ok(welcome.type === 'welcome' && welcome.clientId);
    assert.deepEqual(welcome.type === 'welcome' && welcome.snapshot.operations.map((o) => o.id), [op.id]);
    assert.deepEqual(presence, { type: 'presence', clients: 1 });
    assert.equal(hub.clientCount(), 1);
  });

  it('accepts JSON strings as well as objects', async () => {
    const { hub } = setup();
    const t = new FakeTransport();
    hub.connect(t);
    t.deliver(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'browser' }));
    await settle();
    assert.equal(t.sent[0]?.type, 'welcome');
  });

  it('serves only hello and ping before hello', async () => {
    const { hub, calls } = setup();
    const t = new FakeTransport();
    hub.connect(t);
    t.deliver({ type: 'subscribe', operationId: 'op-1' });
    t.deliver({ type: 'request', id: 'early', method: 'generate', params: { kind: 'spec', feature: '/f', prompt: 'p' } });
    t.deliver({ type: 'ping', id: 'p1' });
    await settle();
    assert.deepEqual(t.sent.map((m) => (m.type === 'error' ? m.code : m.type === 'response' ? m.error?.code : m.type)), ['not_ready', 'not_ready', 'pong']);
    assert.equal(calls.length, 0);
    assert.equal(hub.clientCount(), 0);
  });

  it('handles messages sent right behind hello after the welcome', async () => {
    let release: () => void = () => undefined;
    const { bus, hub } = setup({}, async () => {
      await new Promise<void>((resolve) => { release = resolve; });
      return { operations: bus.list(), features: [], agents: [], defaultAgent: 'scaffold', trusted: true };
    });
    const op = bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
    bus.publish(op.id, { kind: 'info', text: 'one' });
    const t = new FakeTransport();
    hub.connect(t);
    t.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'fast' });
    t.deliver({ type: 'subscribe', operationId: op.id, afterSeq: 0 });
    await settle();
    assert.equal(t.sent.length, 0);
    // An operation created during the handshake is announced after the welcome, with its latest state.
    const late = bus.create({ kind: 'plan', feature: '/f', featureName: 'f', agent: 'scaffold' });
    bus.setStatus(late.id, 'running');
    release();
    await settle();
    assert.deepEqual(t.sent.map((m) => m.type), ['welcome', 'operation', 'presence', 'event']);
    const announced = t.ofType('operation')[0];
    assert.equal(announced?.summary.id, late.id);
    assert.equal(announced?.summary.status, 'running');
  });

  it('gives each kind of bad input its error code and keeps serving', async () => {
    const { hub } = setup();
    const t = await join(hub);
    t.take();

    t.deliver('{"type": "ping",');
    await settle();
    assert.deepEqual(pick(t.last()), 'invalid_json');
    await pingAnswered(t);

    t.deliver({ type: 'teleport' });
    await settle();
    assert.deepEqual(pick(t.last()), 'unknown_type');
    await pingAnswered(t);

    for (const bad of [{ type: 'subscribe', operationId: 42 }, 'null', 17, [1, 2], { noType: true }]) {
      t.deliver(bad);
      await settle();
      assert.deepEqual(pick(t.last()), 'invalid_message', `for ${JSON.stringify(bad)}`);
      await pingAnswered(t);
    }

    const unknown = await call(t, 'launchRocket', {});
    assert.deepEqual({ ok: unknown.ok, code: unknown.error?.code }, { ok: false, code: 'unknown_method' });
    assert.equal((await call(t, 'toString', {})).error?.code, 'unknown_method');
    await pingAnswered(t);

    const badParams = await call(t, 'generate', { kind: 'poem', feature: '' });
    assert.deepEqual({ ok: badParams.ok, code: badParams.error?.code }, { ok: false, code: 'invalid_params' });
    assert.match(badParams.error?.message ?? '', /kind/);
    await pingAnswered(t);
  });

  it('dispatches requests to their handlers and maps their errors', async () => {
    const { hub, calls } = setup({
      listFeatures: async () => { throw new Error('disk on fire'); },
    });
    const t = await join(hub);
    const welcome = t.ofType('welcome')[0];

    const generated = await call(t, 'generate', { kind: 'spec', feature: '/ws/specs/001-albums', prompt: 'albums' }, 'g1');
    assert.deepEqual(generated, { type: 'response', id: 'g1', ok: true, result: { operationId: 'op-1' } });
    assert.deepEqual(calls, [{ method: 'generate', clientId: welcome?.clientId }]);

    const missing = await call(t, 'cancel', { operationId: 'nope' });
    assert.deepEqual(missing.error, { code: 'not_found', message: 'No operation nope.' });

    const broken = await call(t, 'listFeatures');
    assert.deepEqual(broken.error, { code: 'internal', message: 'disk on fire' });
    await pingAnswered(t);
  });

  it('replays an operation after N on subscribe, then streams it live without duplicates', async () => {
    const { bus, hub } = setup();
    const t = await join(hub);
    const op = bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
    for (let i = 1; i <= 5; i++) bus.publish(op.id, { kind: 'info', text: `step ${i}` });
    t.take();

    t.deliver({ type: 'subscribe', operationId: op.id, afterSeq: 3 });
    await settle();
    bus.publish(op.id, { kind: 'info', text: 'step 6' });
    // Subscribing again replaces the first subscription instead of doubling the stream.
    t.deliver({ type: 'subscribe', operationId: op.id, afterSeq: 6 });
    await settle();
    bus.publish(op.id, { kind: 'info', text: 'step 7' });
    assert.deepEqual(eventSeqs(t.sent, op.id), [4, 5, 6, 7]);

    t.deliver({ type: 'unsubscribe', operationId: op.id });
    await settle();
    bus.publish(op.id, { kind: 'info', text: 'step 8' });
    assert.deepEqual(eventSeqs(t.sent, op.id), [4, 5, 6, 7]);

    t.deliver({ type: 'subscribe', operationId: 'op-404' });
    await settle();
    assert.equal(pick(t.last()), 'not_found');
  });

  it('forwards the end of an operation to its subscribers', async () => {
    const { bus, hub } = setup();
    const t = await join(hub);
    const op = bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
    t.deliver({ type: 'subscribe', operationId: op.id });
    await settle();
    bus.publish(op.id, { kind: 'message', text: 'Writing spec.md' });
    bus.setStatus(op.id, 'failed', 'agent crashed');
    const tail = t.sent.filter((m) => m.type === 'event' || m.type === 'finished');
    assert.deepEqual(tail.map((m) => m.type), ['event', 'finished']);
    assert.deepEqual(tail[1], { type: 'finished', operationId: op.id, status: 'failed', reason: 'agent crashed', lastSeq: 1 });
  });

  it('resumes operations listed in hello from where the client left off', async () => {
    const { bus, hub } = setup();
    const live = bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
    const done = bus.create({ kind: 'plan', feature: '/f', featureName: 'f', agent: 'scaffold' });
    for (let i = 1; i <= 5; i++) bus.publish(live.id, { kind: 'info', text: `live ${i}` });
    for (let i = 1; i <= 3; i++) bus.publish(done.id, { kind: 'info', text: `done ${i}` });
    bus.setStatus(done.id, 'succeeded');

    const t = await join(hub, [{ operationId: live.id, afterSeq: 2 }, { operationId: done.id, afterSeq: 3 }, { operationId: 'forgotten', afterSeq: 9 }]);
    bus.publish(live.id, { kind: 'info', text: 'live 6' });
    assert.equal(t.sent[0]?.type, 'welcome');
    assert.deepEqual(eventSeqs(t.sent, live.id), [3, 4, 5, 6]);
    assert.deepEqual(eventSeqs(t.sent, done.id), []);
    assert.deepEqual(t.ofType('finished'), [{ type: 'finished', operationId: done.id, status: 'succeeded', lastSeq: 3 }]);
    assert.equal(t.ofType('error').length, 0);
  });

  it('tells every client about every new operation and status change', async () => {
    const { hub } = setup();
    const a = await join(hub);
    const b = await join(hub);
    const response = await call(a, 'generate', { kind: 'spec', feature: '/ws/specs/001-albums', prompt: 'albums' });
    const id = (response.result as { operationId: string }).operationId;
    await call(b, 'cancel', { operationId: id });
    for (const t of [a, b]) {
      assert.deepEqual(t.ofType('operation').map((m) => `${m.summary.id}:${m.summary.status}`), [`${id}:queued`, `${id}:cancelled`]);
    }
  });

  it('broadcasts presence when clients come and go', async () => {
    const { hub } = setup();
    const a = await join(hub);
    const bConnection = new FakeTransport();
    const session = hub.connect(bConnection);
    await settle();
    // A connection that has not said hello is not a client yet.
    assert.deepEqual(a.ofType('presence').map((m) => m.clients), [1]);
    bConnection.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'b' });
    await settle();
    const c = await join(hub);
    assert.deepEqual(a.ofType('presence').map((m) => m.clients), [1, 2, 3]);
    assert.equal(hub.clientCount(), 3);

    session.dispose();
    c.disconnect();
    assert.deepEqual(a.ofType('presence').map((m) => m.clients), [1, 2, 3, 2, 1]);
    assert.equal(hub.clientCount(), 1);
  });

  it('still answers a valid request after 1,000 malformed messages', async () => {
    const { hub } = setup();
    const t = await join(hub);
    t.take();
    for (let i = 0; i < 1_000; i++) {
      const junk = [`{${i}`, { type: `x${i}` }, { type: 'request', id: i }, i, '', null][i % 6];
      t.deliver(junk);
    }
    await settle();
    assert.equal(t.ofType('error').length, 1_000);
    const response = await call(t, 'listFeatures', undefined, 'after-junk');
    assert.equal(response.ok, true);
  });

  it('drops a client whose transport throws and keeps serving the others', async () => {
    const { bus, hub, logs } = setup();
    const good = await join(hub);
    const bad = await join(hub);
    bad.failSends = true;
    bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
    assert.equal(hub.clientCount(), 1);
    assert.equal(bad.closedWith?.code, 1011);
    assert.ok(logs.some((m) => m.includes('send failed')));
    assert.deepEqual(good.ofType('presence').map((m) => m.clients), [1, 2, 1]);
    await pingAnswered(good);
  });

  it('reports a snapshot failure to the client instead of crashing', async () => {
    let fail = true;
    const { hub } = setup({}, () => {
      if (fail) throw new Error('no workspace');
      return { operations: [], features: [], agents: [], defaultAgent: 'scaffold', trusted: true };
    });
    const t = new FakeTransport();
    hub.connect(t);
    t.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'x' });
    await settle();
    assert.equal(pick(t.last()), 'internal');
    fail = false;
    t.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'x' });
    await settle();
    assert.equal(t.ofType('welcome').length, 1);
  });

  it('pushes host broadcasts to clients and stores the selected feature', async () => {
    const selected: Array<string | undefined> = [];
    const snapshot: Snapshot = { operations: [], features: [], agents: [], defaultAgent: 'scaffold', trusted: false };
    const handlers: RequestHandlers = {
      generate: async () => ({ operationId: 'x' }),
      cancel: async () => ({ cancelled: false }),
      listFeatures: async () => ({ features: [] }),
      answerPermission: async () => ({ accepted: false }),
      detectAgents: async () => ({ agents: [] }),
      agentAction: async () => ({ done: false }),
      ...pipelineStubs,
    };
    const hub = new Hub({ bus: new OperationBus(), snapshot: () => snapshot, handlers, onSelectFeature: (feature) => selected.push(feature) });
    const t = await join(hub);
    hub.broadcast({ type: 'snapshot', snapshot: { ...snapshot, trusted: true } });
    assert.deepEqual(t.last(), { type: 'snapshot', snapshot: { ...snapshot, trusted: true } });
    t.deliver({ type: 'selectFeature', feature: '/ws/specs/001-albums' });
    await settle();
    assert.deepEqual(selected, ['/ws/specs/001-albums']);
  });

  it('stops talking to clients once disposed', async () => {
    const { bus, hub } = setup();
    const t = await join(hub);
    t.take();
    hub.dispose();
    bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
    t.deliver({ type: 'ping' });
    await settle();
    assert.deepEqual(t.sent, []);
    assert.equal(hub.clientCount(), 0);
  });
});

/** The error code of an `error` message (undefined for anything else). */
function pick(msg: ServerMessage | undefined): string | undefined {
  return msg?.type === 'error' ? msg.code : undefined;
}
