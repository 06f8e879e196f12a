import assert from 'node:assert/strict';
import type { AgentEvent } from '../../src/protocol';
import { OperationBus, type OperationBusOptions, type OperationInit, type OperationItem } from '../../src/core/operations/bus';

const init: OperationInit = { kind: 'spec', feature: '/ws/specs/001-albums', featureName: '001-albums', agent: 'scaffold' };

function makeBus(options: OperationBusOptions = {}): OperationBus {
  let n = 0;
  let t = 1_000;
  return new OperationBus({ newId: () => `op-${++n}`, now: () => t++, ...options });
}

const info = (i: number): AgentEvent => ({ kind: 'info', text: `step ${i}` });

function collect(bus: OperationBus, id: string, afterSeq: number): { items: OperationItem[]; dispose(): void } {
  const items: OperationItem[] = [];
  const sub = bus.subscribe(id, afterSeq, (item) => items.push(item));
  return { items, dispose: () => sub.dispose() };
}

const seqs = (items: OperationItem[]): number[] => items.flatMap((i) => (i.type === 'event' ? [i.seq] : []));
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('OperationBus', () => {
  it('creates queued operations and moves them through their lifecycle', () => {
    const bus = makeBus();
    const op = bus.create({ ...init, document: '/ws/specs/001-albums/spec.md' });
    assert.equal(op.status, 'queued');
    assert.equal(op.lastSeq, 0);
    assert.equal(op.document, '/ws/specs/001-albums/spec.md');

    assert.equal(bus.setStatus(op.id, 'running'), true);
    assert.ok(bus.get(op.id)?.startedAt);
    assert.equal(bus.setStatus(op.id, 'failed', 'agent crashed'), true);
    const done = bus.get(op.id);
    assert.equal(done?.status, 'failed');
    assert.equal(done?.reason, 'agent crashed');
    assert.ok(done?.endedAt);

    // Leaving a terminal status is refused, so a late cancel cannot rewrite the outcome.
    assert.equal(bus.setStatus(op.id, 'cancelled'), false);
    assert.equal(bus.setStatus(op.id, 'running'), false);
    assert.equal(bus.get(op.id)?.status, 'failed');
    assert.equal(bus.setStatus('nope', 'running'), false);
  });

  it('numbers events per operation from 1', () => {
    const bus = makeBus();
    const a = bus.create(init);
    const b = bus.create(init);
    for (let i = 1; i <= 3; i++) bus.publish(a.id, info(i));
    bus.publish(b.id, info(1));
    assert.equal(bus.get(a.id)?.lastSeq, 3);
    assert.equal(bus.get(b.id)?.lastSeq, 1);
    assert.deepEqual(seqs(collect(bus, a.id, 0).items), [1, 2, 3]);
    assert.deepEqual(seqs(collect(bus, b.id, 0).items), [1]);
  });

  it('replays exactly the events after N', () => {
    const bus = makeBus();
    const op = bus.create(init);
    for (let i = 1; i <= 10; i++) bus.publish(op.id, info(i));
    const { items } = collect(bus, op.id, 7);
    assert.deepEqual(seqs(items), [8, 9, 10]);
    assert.deepEqual(items.map((i) => (i.type === 'event' && i.event.kind === 'info' ? i.event.text : '')), ['step 8', 'step 9', 'step 10']);
    assert.deepEqual(collect(bus, op.id, 10).items, []);
  });

  it('goes from replay to live without a duplicate or a gap', () => {
    const bus = makeBus();
    const op = bus.create(init);
    for (let i = 1; i <= 5; i++) bus.publish(op.id, info(i));
    const { items } = collect(bus, op.id, 2);
    for (let i = 6; i <= 8; i++) bus.publish(op.id, info(i));
    assert.deepEqual(seqs(items), [3, 4, 5, 6, 7, 8]);
  });

  it('keeps a listener that publishes while being notified in order', () => {
    const bus = makeBus();
    const op = bus.create(init);
    const first: number[] = [];
    const second: number[] = [];
    bus.subscribe(op.id, 0, (item) => {
      if (item.type !== 'event') return;
      first.push(item.seq);
      if (item.seq === 1) bus.publish(op.id, info(2));
    });
    bus.subscribe(op.id, 0, (item) => { if (item.type === 'event') second.push(item.seq); });
    bus.publish(op.id, info(1));
    assert.deepEqual(first, [1, 2]);
    assert.deepEqual(second, [1, 2]);
  });

  it('keeps bounded history and tells late subscribers how much they missed', () => {
    const bus = makeBus({ maxEventsPerOperation: 100 });
    const op = bus.create(init);
    for (let i = 1; i <= 250; i++) bus.publish(op.id, info(i));
    const { items } = collect(bus, op.id, 20);
    assert.deepEqual(items[0], { type: 'gap', operationId: op.id, missed: 130, fromSeq: 21, toSeq: 150 });
    assert.deepEqual(seqs(items), range(151, 250));
    // Nothing missed when the subscriber's point is still kept.
    assert.equal(collect(bus, op.id, 160).items[0].type, 'event');
  });

  it('bounds history with the default of 1,000 events', () => {
    const bus = makeBus();
    const op = bus.create(init);
    for (let i = 1; i <= 5_000; i++) bus.publish(op.id, info(i));
    const { items } = collect(bus, op.id, 0);
    assert.deepEqual(items[0], { type: 'gap', operationId: op.id, missed: 4_000, fromSeq: 1, toSeq: 4_000 });
    assert.equal(items.length, 1_001);
    assert.equal(bus.get(op.id)?.lastSeq, 5_000);
  });

  it('coalesces 10,000 message chunks into a handful of events with the exact text', () => {
    const bus = makeBus();
    const op = bus.create(init);
    let input = '';
    for (let i = 0; i < 10_000; i++) {
      const chunk = `chunk ${i} ✓ `;
      input += chunk;
      bus.publish(op.id, { kind: 'message', text: chunk });
    }
    bus.flush(op.id);
    const events = collect(bus, op.id, 0).items.flatMap((i) => (i.type === 'event' ? [i] : []));
    assert.ok(events.length >= 1 && events.length <= 5, `expected a handful of events, got ${events.length}`);
    assert.deepEqual(events.map((e) => e.seq), range(1, events.length));
    assert.equal(events.map((e) => (e.event.kind === 'message' ? e.event.text : '')).join(''), input);
  });

  it('does not merge different kinds or streams, and flushes text before anything else', () => {
    const bus = makeBus();
    const op = bus.create(init);
    const { items } = collect(bus, op.id, 0);
    bus.publish(op.id, { kind: 'thinking', text: 'hm' });
    bus.publish(op.id, { kind: 'thinking', text: 'm' });
    bus.publish(op.id, { kind: 'message', text: 'a', stream: 's1' });
    bus.publish(op.id, { kind: 'message', text: 'b', stream: 's1' });
    bus.publish(op.id, { kind: 'message', text: 'x', stream: 's2' });
    bus.publish(op.id, { kind: 'tool', phase: 'start', id: 't1', status: 'running' });
    bus.publish(op.id, { kind: 'message', text: 'after' });
    bus.setStatus(op.id, 'succeeded');
    assert.deepEqual(items.map((i) => (i.type === 'event' ? i.event : i.type)), [
      { kind: 'thinking', text: 'hmm' },
      { kind: 'message', text: 'ab', stream: 's1' },
      { kind: 'message', text: 'x', stream: 's2' },
      { kind: 'tool', phase: 'start', id: 't1', status: 'running' },
      { kind: 'message', text: 'after' },
      'finished',
    ]);
    assert.deepEqual(seqs(items), [1, 2, 3, 4, 5]);
    assert.deepEqual(items.at(-1), { type: 'finished', operationId: op.id, status: 'succeeded', lastSeq: 5 });
  });

  it('flushes buffered text on its own after coalesceMs', async () => {
    const bus = makeBus({ coalesceMs: 5 });
    const op = bus.create(init);
    const { items } = collect(bus, op.id, 0);
    bus.publish(op.id, { kind: 'message', text: 'hel' });
    bus.publish(op.id, { kind: 'message', text: 'lo' });
    assert.equal(items.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(items.length, 1);
    const [item] = items;
    assert.ok(item.type === 'event');
    assert.equal(item.seq, 1);
    assert.deepEqual(item.event, { kind: 'message', text: 'hello' });
  });

  it('keeps several operations independent', () => {
    const bus = makeBus();
    const a = bus.create(init);
    const b = bus.create({ ...init, kind: 'plan' });
    const seenA = collect(bus, a.id, 0);
    const seenB = collect(bus, b.id, 0);
    bus.publish(a.id, { kind: 'message', text: 'A1' });
    bus.publish(b.id, { kind: 'message', text: 'B1' });
    bus.publish(a.id, { kind: 'message', text: 'A2' });
    bus.setStatus(b.id, 'cancelled', 'Cancelled.');
    bus.publish(a.id, info(1));
    assert.deepEqual(seenA.items.map((i) => (i.type === 'event' ? i.event : i.type)), [{ kind: 'message', text: 'A1A2' }, { kind: 'info', text: 'step 1' }]);
    assert.deepEqual(seenB.items.map((i) => (i.type === 'event' ? i.event : i.type)), [{ kind: 'message', text: 'B1' }, 'finished']);
    assert.equal(bus.get(a.id)?.status, 'queued');
    assert.deepEqual(bus.list().map((o) => o.id), [b.id, a.id]);
  });

  it('replays a finished operation and then says it finished', () => {
    const bus = makeBus();
    const op = bus.create(init);
    bus.setStatus(op.id, 'running');
    bus.publish(op.id, info(1));
    bus.publish(op.id, info(2));
    bus.setStatus(op.id, 'timedOut', 'Stopped after 10 minutes.');
    assert.equal(bus.publish(op.id, info(3)), false);
    const { items } = collect(bus, op.id, 1);
    assert.deepEqual(seqs(items), [2]);
    assert.deepEqual(items.at(-1), { type: 'finished', operationId: op.id, status: 'timedOut', reason: 'Stopped after 10 minutes.', lastSeq: 2 });
  });

  it('stops delivering once a subscription is disposed', () => {
    const bus = makeBus();
    const op = bus.create(init);
    const sub = collect(bus, op.id, 0);
    bus.publish(op.id, info(1));
    sub.dispose();
    bus.publish(op.id, info(2));
    bus.setStatus(op.id, 'succeeded');
    assert.deepEqual(sub.items.map((i) => i.type), ['event']);
  });

  it('isolates a throwing listener from publishing and from other listeners', () => {
    const errors: string[] = [];
    const bus = makeBus({ log: (m) => errors.push(m) });
    const summaries: string[] = [];
    bus.onOperation(() => { throw new Error('status listener broke'); });
    bus.onOperation((s) => summaries.push(s.status));
    const op = bus.create(init);
    bus.subscribe(op.id, 0, () => { throw new Error('event listener broke'); });
    const good = collect(bus, op.id, 0);
    assert.equal(bus.publish(op.id, info(1)), true);
    bus.setStatus(op.id, 'running');
    bus.publish(op.id, info(2));
    assert.deepEqual(seqs(good.items), [1, 2]);
    assert.deepEqual(summaries, ['queued', 'running']);
    assert.ok(errors.some((m) => m.includes('event listener broke')));
    assert.ok(errors.some((m) => m.includes('status listener broke')));
  });

  it('notifies onOperation on create and every status change until disposed', () => {
    const bus = makeBus();
    const seen: string[] = [];
    const sub = bus.onOperation((s) => seen.push(`${s.id}:${s.status}`));
    const op = bus.create(init);
    bus.setStatus(op.id, 'running');
    bus.setStatus(op.id, 'running');
    bus.setStatus(op.id, 'succeeded');
    sub.dispose();
    bus.create(init);
    assert.deepEqual(seen, ['op-1:queued', 'op-1:running', 'op-1:succeeded']);
  });

  it('keeps only the newest finished operations, never running ones', () => {
    const bus = makeBus({ maxFinishedOperations: 3 });
    const running = bus.create(init);
    bus.setStatus(running.id, 'running');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const op = bus.create(init);
      ids.push(op.id);
      bus.setStatus(op.id, 'succeeded');
    }
    assert.deepEqual(bus.list().map((o) => o.id), [...ids.slice(3).reverse(), running.id]);
    assert.equal(bus.get(ids[0]), undefined);
    assert.throws(() => bus.subscribe(ids[0], 0, () => undefined), /unknown operation/);
  });

  it('hands out copies, so callers cannot change the stored summary', () => {
    const bus = makeBus();
    const op = bus.create(init);
    op.status = 'succeeded';
    const got = bus.get(op.id);
    if (got) got.lastSeq = 99;
    assert.equal(bus.get(op.id)?.status, 'queued');
    assert.equal(bus.get(op.id)?.lastSeq, 0);
  });
});
