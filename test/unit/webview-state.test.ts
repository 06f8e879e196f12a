import assert from 'node:assert/strict';
import type { AgentEvent, OperationSummary, ServerMessage, Snapshot } from '../../src/protocol';
import {
  Store,
  addEntries,
  applyStreamMessages,
  buildTimeline,
  currentOperationId,
  currentTimeline,
  effectiveAgent,
  effectiveFeature,
  fromPersisted,
  generateBlocker,
  initialState,
  reduceMessages,
  reducer,
  resumePoints,
  toPersisted,
  type StreamMessage,
  type TimelineEntry,
  type TimelineItem,
  type UiState,
} from '../../webview/state';
import type { UiStorage } from '../../webview/transport/types';
import { FakeTransport } from '../fixtures/webview/fakeTransport';

const op = (id: string, patch: Partial<OperationSummary> = {}): OperationSummary => ({
  id,
  kind: 'spec',
  feature: `/ws/specs/${id}`,
  featureName: `feature-${id}`,
  agent: 'scaffold',
  status: 'running',
  createdAt: 1000,
  startedAt: 1000,
  lastSeq: 0,
  ...patch,
});

const snapshot = (patch: Partial<Snapshot> = {}): Snapshot => ({
  operations: [],
  features: [
    { path: '/ws/specs/001-albums', name: '001-albums', hasSpec: false },
    { path: '/ws/specs/002-share', name: '002-share', hasSpec: true },
  ],
  agents: [
    { id: 'copilot', label: 'GitHub Copilot CLI', available: false, hint: 'not installed' },
    { id: 'scaffold', label: 'Offline scaffold', available: true },
  ],
  defaultAgent: 'scaffold',
  trusted: true,
  ...patch,
});

const welcome = (snap: Snapshot = snapshot()): ServerMessage => ({ type: 'welcome', clientId: 'c1', protocol: 1, snapshot: snap });
const ev = (seq: number, event: AgentEvent, operationId = 'op1'): ServerMessage => ({ type: 'event', operationId, seq, at: 1000 + seq, event });
const itemsOf = (state: UiState, id = 'op1'): readonly TimelineItem[] => state.timelines[id]?.items ?? [];

describe('webview state', () => {
  describe('welcome snapshot', () => {
    it('takes operations, features, agents and trust from the snapshot', () => {
      const state = reduceMessages([welcome(snapshot({ operations: [op('op1')], trusted: false, selectedFeature: '/ws/specs/002-share' }))]);
      assert.equal(state.welcomed, true);
      assert.equal(state.clientId, 'c1');
      assert.deepEqual(Object.keys(state.operations), ['op1']);
      assert.equal(state.features.length, 2);
      assert.equal(state.trusted, false);
      assert.equal(effectiveFeature(state), '/ws/specs/002-share', 'the host preselection is used');
      assert.equal(effectiveAgent(state), 'scaffold', 'the default agent is used');
      assert.match(generateBlocker(state) ?? '', /untrusted workspace/);
    });

    it('shows the newest running operation until the user picks one', () => {
      let state = reduceMessages([
        welcome(snapshot({ operations: [op('old', { status: 'succeeded', createdAt: 1 }), op('live', { createdAt: 2 }), op('newer-done', { status: 'failed', createdAt: 3 })] })),
      ]);
      assert.equal(currentOperationId(state), 'live');
      state = reducer(state, { type: 'select', operationId: 'old' });
      assert.equal(currentOperationId(state), 'old');
    });

    it('drops events of operations the host no longer knows', () => {
      let state = reduceMessages([welcome(snapshot({ operations: [op('op1')] })), ev(1, { kind: 'info', text: 'hi' })]);
      assert.equal(itemsOf(state).length, 1);
      state = reduceMessages([welcome(snapshot({ operations: [] }))], state);
      assert.equal(state.timelines.op1, undefined);
    });

    it('lets a new host preselection override the earlier pick', () => {
      let state = reduceMessages([welcome()]);
      state = reducer(state, { type: 'draft', patch: { feature: '/ws/specs/002-share' } });
      assert.equal(effectiveFeature(state), '/ws/specs/002-share');
      state = reduceMessages([{ type: 'snapshot', snapshot: snapshot({ selectedFeature: '/ws/specs/001-albums' }) }], state);
      assert.equal(effectiveFeature(state), '/ws/specs/001-albums');
    });
  });

  describe('events', () => {
    it('orders events by seq and ignores duplicates', () => {
      const state = reduceMessages([
        welcome(snapshot({ operations: [op('op1')] })),
        ev(1, { kind: 'info', text: 'one' }),
        ev(3, { kind: 'info', text: 'three' }),
        ev(2, { kind: 'info', text: 'two' }),
        ev(3, { kind: 'info', text: 'three again' }),
        ev(1, { kind: 'info', text: 'one again' }),
      ]);
      const texts = itemsOf(state).map((i) => (i.type === 'info' ? i.text : i.type));
      assert.deepEqual(texts, ['one', 'two', 'three']);
      assert.equal(state.timelines.op1.lastSeq, 3);
      assert.deepEqual(resumePoints(state), [{ operationId: 'op1', afterSeq: 3 }]);
    });

    it('returns the same state object for a duplicate, so nothing re-renders', () => {
      const state = reduceMessages([ev(1, { kind: 'info', text: 'one' })]);
      assert.equal(reduceMessages([ev(1, { kind: 'info', text: 'one' })], state), state);
    });

    it('marks a gap with how many earlier events were dropped', () => {
      const state = reduceMessages([
        { type: 'gap', operationId: 'op1', missed: 40, fromSeq: 1, toSeq: 40 },
        ev(41, { kind: 'message', text: 'hello' }),
        { type: 'gap', operationId: 'op1', missed: 40, fromSeq: 1, toSeq: 40 },
      ]);
      const items = itemsOf(state);
      assert.deepEqual(items.map((i) => i.type), ['gap', 'message']);
      const gap = items[0];
      assert.ok(gap.type === 'gap');
      assert.equal(gap.missed, 40);
      assert.equal(state.timelines.op1.lastSeq, 41);
    });

    it('places a gap that arrives late before the events after it', () => {
      const state = reduceMessages([ev(10, { kind: 'info', text: 'ten' }), { type: 'gap', operationId: 'op1', missed: 9, fromSeq: 1, toSeq: 9 }]);
      assert.deepEqual(itemsOf(state).map((i) => i.type), ['gap', 'info']);
    });

    it('coalesces consecutive deltas of the same stream, and only those', () => {
      const state = reduceMessages([
        ev(1, { kind: 'thinking', text: 'Let me ', stream: 't1' }),
        ev(2, { kind: 'thinking', text: 'think.', stream: 't1' }),
        ev(3, { kind: 'message', text: '# Spec', stream: 'm1' }),
        ev(4, { kind: 'message', text: '\n\nBody', stream: 'm1' }),
        ev(5, { kind: 'message', text: ' other stream', stream: 'm2' }),
        ev(6, { kind: 'message', text: 'no stream' }),
        ev(7, { kind: 'message', text: 'no stream either' }),
      ]);
      const items = itemsOf(state);
      assert.deepEqual(
        items.map((i) => (i.type === 'thinking' || i.type === 'message' ? [i.type, i.text] : [i.type])),
        [['thinking', 'Let me think.'], ['message', '# Spec\n\nBody'], ['message', ' other stream'], ['message', 'no stream'], ['message', 'no stream either']],
      );
      assert.equal(items[1].seq, 3);
      assert.equal(items[1].lastSeq, 4);
    });

    it('keeps the coalesced text right when a delta arrives out of order', () => {
      const state = reduceMessages([
        ev(1, { kind: 'message', text: 'a', stream: 'm' }),
        ev(3, { kind: 'message', text: 'c', stream: 'm' }),
        ev(2, { kind: 'message', text: 'b', stream: 'm' }),
      ]);
      const items = itemsOf(state);
      assert.equal(items.length, 1);
      assert.ok(items[0].type === 'message');
      assert.equal(items[0].text, 'abc');
    });

    it('merges start, update and end of one tool call into one step with the final status', () => {
      const state = reduceMessages([
        ev(1, { kind: 'tool', phase: 'start', id: 'read-1', title: 'Read spec-template.md', status: 'running' }),
        ev(2, { kind: 'message', text: 'Reading the template' }),
        ev(3, { kind: 'tool', phase: 'update', id: 'read-1', status: 'running', detail: '120 lines' }),
        ev(4, { kind: 'tool', phase: 'start', id: 'write-1', title: 'Write spec.md', status: 'running' }),
        ev(5, { kind: 'tool', phase: 'end', id: 'read-1', status: 'succeeded' }),
        ev(6, { kind: 'tool', phase: 'end', id: 'write-1', status: 'failed', detail: 'permission denied' }),
      ]);
      const tools = itemsOf(state).filter((i) => i.type === 'tool');
      assert.equal(tools.length, 2);
      const [read, write] = tools;
      assert.ok(read.type === 'tool' && write.type === 'tool');
      assert.deepEqual([read.title, read.status, read.detail, read.ended], ['Read spec-template.md', 'succeeded', '120 lines', true]);
      assert.deepEqual([write.title, write.status, write.detail], ['Write spec.md', 'failed', 'permission denied']);
      assert.deepEqual(itemsOf(state).map((i) => i.type), ['tool', 'message', 'tool'], 'steps stay where they started');
    });

    it('keeps a stable key for an item while it grows', () => {
      const a = reduceMessages([ev(1, { kind: 'tool', phase: 'start', id: 'x', status: 'running' })]);
      const b = reduceMessages([ev(2, { kind: 'tool', phase: 'end', id: 'x', status: 'succeeded' })], a);
      assert.equal(itemsOf(a)[0].key, itemsOf(b)[0].key);
      assert.notEqual(itemsOf(a)[0], itemsOf(b)[0], 'the changed item is a new object');
    });

    it('groups consecutive log lines and updates one living plan', () => {
      const state = reduceMessages([
        ev(1, { kind: 'log', text: 'starting' }),
        ev(2, { kind: 'log', text: 'warning: slow', level: 'warn' }),
        ev(3, { kind: 'plan', entries: [{ content: 'Write spec', status: 'in_progress' }] }),
        ev(4, { kind: 'info', text: 'step' }),
        ev(5, { kind: 'plan', entries: [{ content: 'Write spec', status: 'completed' }] }),
      ]);
      const items = itemsOf(state);
      assert.deepEqual(items.map((i) => i.type), ['logs', 'plan', 'info']);
      assert.ok(items[0].type === 'logs' && items[1].type === 'plan');
      assert.equal(items[0].lines.length, 2);
      assert.equal(items[1].entries[0].status, 'completed');
    });
  });

  describe('finished and requests', () => {
    it('records the final status and reason of a finished operation', () => {
      const state = reduceMessages(
        [welcome(snapshot({ operations: [op('op1')] })), { type: 'finished', operationId: 'op1', status: 'failed', reason: 'agent exited with 1', lastSeq: 7 }],
        initialState,
        5000,
      );
      const summary = state.operations.op1;
      assert.equal(summary.status, 'failed');
      assert.equal(summary.reason, 'agent exited with 1');
      assert.equal(summary.endedAt, 5000);
      assert.equal(summary.lastSeq, 7);
    });

    it('selects the started operation and clears the sent prompt on a generate response', () => {
      let state = reduceMessages([welcome()]);
      state = reducer(state, { type: 'draft', patch: { prompt: 'photo albums' } });
      assert.equal(generateBlocker(reducer(state, { type: 'connection', state: 'connected' })), undefined);
      const params = { kind: 'spec', feature: '/ws/specs/001-albums', prompt: 'photo albums', agent: 'scaffold' };
      state = reducer(state, { type: 'requestSent', request: { id: 'r1', method: 'generate', params, sentAt: 0 } });
      state = reduceMessages([{ type: 'operation', summary: op('op9') }, { type: 'response', id: 'r1', ok: true, result: { operationId: 'op9' } }], state);
      assert.deepEqual(state.pending, {});
      assert.equal(state.draft.prompt, '');
      assert.equal(state.selectedOperationId, 'op9');
    });

    it('keeps the error of a failed request', () => {
      let state = reducer(initialState, { type: 'requestSent', request: { id: 'r2', method: 'generate', params: {}, sentAt: 0 } });
      state = reduceMessages([{ type: 'response', id: 'r2', ok: false, error: { code: 'busy', message: 'spec.md is already being generated.' } }], state);
      assert.equal(state.requestError?.code, 'busy');
      assert.equal(state.requestError?.method, 'generate');
    });
  });

  describe('persistence', () => {
    it('round-trips events, draft and selection, and resumes after the last seq held', () => {
      let state = reduceMessages([
        welcome(snapshot({ operations: [op('op1')] })),
        ev(1, { kind: 'message', text: 'a', stream: 'm' }),
        ev(2, { kind: 'message', text: 'b', stream: 'm' }),
        ev(3, { kind: 'tool', phase: 'start', id: 't', status: 'running' }),
      ]);
      state = reducer(state, { type: 'draft', patch: { prompt: 'half written' } });
      const saved = JSON.parse(JSON.stringify(toPersisted(state, { operationId: 'op1', follow: false, top: 120 })));
      const restored = fromPersisted(saved);
      assert.ok(restored);
      const next = reducer(initialState, { type: 'restore', state: restored.state });
      assert.deepEqual(next.timelines.op1.items, state.timelines.op1.items);
      assert.equal(next.draft.prompt, 'half written');
      assert.deepEqual(restored.scroll, { operationId: 'op1', follow: false, top: 120 });
      assert.deepEqual(resumePoints(next), [{ operationId: 'op1', afterSeq: 3 }]);
      assert.equal(currentTimeline(next)?.items.length, 2);
    });

    it('ignores saved state it cannot read', () => {
      assert.equal(fromPersisted({ v: 99 }), undefined);
      assert.equal(fromPersisted(undefined), undefined);
    });
  });

  describe('batches', () => {
    /** A seeded generator, so a failure names a sequence that can be replayed. */
    const random = (seed: number) => () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    /** A stream that exercises every way items merge: deltas, tool phases, plans, logs, permissions, gaps. */
    function streamOf(n: number, next: () => number): StreamMessage[] {
      const out: StreamMessage[] = [];
      for (let seq = 1; seq <= n; seq++) {
        const r = next();
        const tool = `t${Math.floor(next() * 5)}`;
        const event: AgentEvent =
          r < 0.2 ? { kind: 'message', text: `m${seq} `, stream: 's' }
          : r < 0.3 ? { kind: 'thinking', text: `th${seq}`, stream: next() < 0.5 ? 'a' : 'b' }
          : r < 0.45 ? { kind: 'tool', id: tool, phase: next() < 0.5 ? 'start' : 'end', status: next() < 0.5 ? 'running' : 'succeeded', title: `T ${seq}` }
          : r < 0.5 ? { kind: 'plan', entries: [{ content: `p${seq}`, status: 'pending' }] }
          : r < 0.65 ? { kind: 'log', text: `l${seq}` }
          : r < 0.7 ? { kind: 'permission', id: `q${seq % 3}`, question: 'ok?', options: [{ id: 'y', label: 'Yes' }] }
          : r < 0.75 ? { kind: 'permissionResolved', id: `q${seq % 3}`, outcome: 'selected', optionId: 'y' }
          : { kind: 'info', text: `i${seq}` };
        out.push({ type: 'event', operationId: next() < 0.8 ? 'op1' : 'op2', seq, at: seq, event });
        if (next() < 0.03) out.push({ type: 'gap', operationId: 'op1', fromSeq: seq + 1, toSeq: seq + 1, missed: 1 });
      }
      return out;
    }
    const shuffleSome = (list: StreamMessage[], next: () => number): StreamMessage[] => {
      const copy = list.slice();
      for (let k = 0; k < copy.length / 10; k++) {
        const i = Math.floor(next() * copy.length);
        const j = Math.min(copy.length - 1, i + Math.floor(next() * 4));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      // and some duplicates, as a replay after a reconnect brings
      for (let k = 0; k < copy.length / 20; k++) copy.splice(Math.floor(next() * copy.length), 0, copy[Math.floor(next() * copy.length)]);
      return copy;
    };

    it('folds a run of events in chunks to exactly what applying them one by one gives, in order or not', () => {
      for (let seed = 1; seed <= 30; seed++) {
        const next = random(seed);
        const stream = seed % 2 ? streamOf(300, next) : shuffleSome(streamOf(300, next), next);
        const start = reduceMessages([welcome()]);
        const oneByOne = reduceMessages(stream, start);
        let batched = start;
        for (let i = 0; i < stream.length; ) {
          const size = 1 + Math.floor(next() * 60);
          batched = applyStreamMessages(batched, stream.slice(i, i + size));
          i += size;
        }
        assert.deepEqual(batched.timelines, oneByOne.timelines, `seed ${seed}`);
        // and the same as building from the sorted entries from scratch
        for (const id of Object.keys(oneByOne.timelines)) {
          const t = oneByOne.timelines[id];
          assert.deepEqual(buildTimeline(t.entries), t, `seed ${seed}, ${id}`);
        }
      }
    });

    it('leaves the timeline it started from as it was, and returns it for a batch of duplicates', () => {
      const entry = (seq: number, text: string): TimelineEntry => ({ kind: 'event', seq, at: seq, event: { kind: 'message', text, stream: 's' } });
      const first = addEntries(buildTimeline([]), [entry(1, 'a'), entry(2, 'b')]);
      const frozen = JSON.parse(JSON.stringify(first)) as unknown;
      const second = addEntries(first, [entry(3, 'c'), entry(4, 'd')]);
      assert.deepEqual(JSON.parse(JSON.stringify(first)), frozen, 'the earlier timeline did not change');
      assert.equal((second.items[0] as { text: string }).text, 'abcd');
      assert.equal(addEntries(second, [entry(2, 'b'), entry(4, 'd')]), second);
      const state = reduceMessages([welcome(), ev(1, { kind: 'info', text: 'x' })]);
      assert.equal(applyStreamMessages(state, []), state);
      assert.equal(applyStreamMessages(state, [ev(1, { kind: 'info', text: 'x' }) as StreamMessage]), state, 'nothing re-renders for a replayed duplicate');
    });
  });

  describe('Store', () => {
    it('hands a request made while disconnected to the transport (its offline queue), but not acks', () => {
      const transport = new FakeTransport();
      transport.state = 'reconnecting';
      const store = new Store(transport, { client: 'browser', storage: { load: () => undefined, save: () => undefined }, newId: () => 'r1', now: () => 0 });
      store.start();
      transport.sent.length = 0;
      store.ack('op1', 3);
      store.generate({ kind: 'spec', feature: '/ws/specs/001-albums', prompt: 'p' });
      assert.deepEqual(transport.sent, [{ type: 'request', id: 'r1', method: 'generate', params: { kind: 'spec', feature: '/ws/specs/001-albums', prompt: 'p' } }]);
    });

    it('says hello with resume points from the saved state and subscribes to the shown operation', () => {
      const first = reduceMessages([welcome(snapshot({ operations: [op('op1', { createdAt: 1, status: 'succeeded' })] })), ev(4, { kind: 'info', text: 'x' })]);
      let saved: unknown = JSON.parse(JSON.stringify(toPersisted(first)));
      const storage: UiStorage = { load: () => saved, save: (s) => (saved = s) };
      const transport = new FakeTransport();
      let n = 0;
      const store = new Store(transport, { client: 'vscode-webview', storage, newId: () => `id${++n}`, now: () => 0 });
      store.start();
      assert.deepEqual(transport.sent[0], { type: 'hello', protocol: 1, client: 'vscode-webview', resume: [{ operationId: 'op1', afterSeq: 4 }] });

      transport.deliver(welcome(snapshot({ operations: [op('op1', { createdAt: 1, status: 'succeeded' }), op('op2', { createdAt: 2 })] })));
      assert.deepEqual(transport.sent.slice(1), [{ type: 'subscribe', operationId: 'op2', afterSeq: 0 }], 'the running op2 is shown and streamed');

      store.generate({ kind: 'spec', feature: '/ws/specs/001-albums', prompt: 'p', agent: 'scaffold' });
      assert.deepEqual(transport.sent.at(-1), {
        type: 'request', id: 'id1', method: 'generate', params: { kind: 'spec', feature: '/ws/specs/001-albums', prompt: 'p', agent: 'scaffold' },
      });
      transport.deliver({ type: 'operation', summary: op('op3', { createdAt: 3 }) });
      assert.deepEqual(transport.sent.at(-1), { type: 'subscribe', operationId: 'op3', afterSeq: 0 });
      transport.deliver({ type: 'response', id: 'id1', ok: true, result: { operationId: 'op3' } });
      assert.equal(currentOperationId(store.getState()), 'op3');
      const subscribes = transport.sent.filter((m) => m.type === 'subscribe').length;
      assert.equal(subscribes, 2, 'no second subscribe for op3');

      store.select('op1');
      assert.equal(transport.sent.filter((m) => m.type === 'subscribe').length, 2, 'op1 was resumed in hello already');
      store.dispose();
      const persisted = fromPersisted(saved);
      assert.equal(persisted?.state.selectedOperationId, 'op1');
    });

    it('with a scheduler, applies a burst in one step and tells the listeners once, without losing order or side effects', () => {
      const transport = new FakeTransport();
      const drains: (() => void)[] = [];
      const store = new Store(transport, { client: 'browser', now: () => 0, schedule: (drain) => drains.push(drain) });
      store.start();
      const heard: UiState[] = [];
      store.subscribe((s) => heard.push(s));
      transport.deliver(welcome(snapshot({ operations: [op('op1')] })));
      for (let seq = 1; seq <= 500; seq++) transport.deliver(ev(seq, { kind: 'info', text: `e${seq}` }));
      transport.deliver({ type: 'operation', summary: op('op2', { createdAt: 2000 }) });
      transport.deliver(ev(1, { kind: 'info', text: 'other' }, 'op2'));
      assert.equal(heard.length, 0, 'nothing applied before the scheduled drain');
      assert.equal(drains.length, 1, 'one drain scheduled for the whole burst');
      drains[0]();
      assert.equal(heard.length, 1, 'one notification for 503 messages');
      assert.equal(itemsOf(store.getState()).length, 500);
      assert.equal(itemsOf(store.getState(), 'op2').length, 1);
      const subscribes = transport.sent.filter((m) => m.type === 'subscribe').map((m) => (m as { operationId: string }).operationId);
      assert.deepEqual(subscribes, ['op1', 'op2'], 'the welcome and the new run still subscribe, in order');

      // A drop with events still waiting: they count for the resume point of the next hello.
      transport.deliver(ev(501, { kind: 'info', text: 'e501' }));
      store['connectionChanged']('connected');
      const hello = transport.sent.at(-1);
      assert.ok(hello?.type === 'hello');
      assert.deepEqual(hello.resume?.find((r) => r.operationId === 'op1'), { operationId: 'op1', afterSeq: 501 });
    });
  });
});
