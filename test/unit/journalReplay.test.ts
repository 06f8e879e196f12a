import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OperationBus, type OperationItem } from '../../src/core/operations/bus';
import { Journal, journalLineText } from '../../src/core/operations/journal';
import { journalFileName } from '../../src/core/operations/journalFormat';
import { crc32, crc32InJs } from '../../src/core/util/crc32';
import { readJournalRange } from '../../src/core/operations/journalRange';
import type { StoredEvent } from '../../src/core/operations/eventLog';
import type { Disposable } from '../../src/core/util/disposable';
import { messageJson, type AgentEvent } from '../../src/protocol';
import { startHarness, TestClient } from './helpers/webUiHarness';

/** A small deterministic PRNG, so a failing run replays with the same reconnect points. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function until(test: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The bus as the product builds it (1,000 events in memory unless told), journaled into a fresh folder. */
function journaledBus(options: { maxEventsPerOperation?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sw-replay-'));
  let n = 0;
  const bus = new OperationBus({ newId: () => `op-${++n}`, coalesceMs: 0, ...options });
  const journal = new Journal({ dirOf: () => dir, retention: () => ({ maxOperations: 200, maxAgeDays: 0 }) });
  const attached = journal.attach(bus);
  const start = () => {
    const op = bus.create({ kind: 'spec', feature: '/ws/specs/001-albums', featureName: '001-albums', agent: 'copilot' });
    bus.setStatus(op.id, 'running');
    return op.id;
  };
  return { dir, bus, journal, start, dispose: () => { attached.dispose(); journal.dispose(); bus.dispose(); } };
}

/**
 * Follows one operation the way a client does across reconnects: each subscription asks for
 * everything after the last seq it holds. Anything but "the next seq" is recorded.
 */
class Follower {
  readonly anomalies: string[] = [];
  lastSeq = 0;
  received = 0;
  finished = false;
  subscriptions = 0;
  private current?: Disposable;

  constructor(private readonly bus: OperationBus, private readonly id: string) {}

  get connected(): boolean {
    return this.current !== undefined;
  }

  connect(): void {
    this.subscriptions += 1;
    this.current = this.bus.subscribe(this.id, this.lastSeq, (item) => this.receive(item));
  }

  disconnect(): void {
    this.current?.dispose();
    this.current = undefined;
  }

  private receive(item: OperationItem): void {
    if (item.type === 'gap') this.anomalies.push(`gap ${item.fromSeq}..${item.toSeq}`);
    if (item.type === 'finished') this.finished = true;
    if (item.type !== 'event') return;
    if (item.seq !== this.lastSeq + 1) this.anomalies.push(`got ${item.seq} after ${this.lastSeq}`);
    this.lastSeq = Math.max(this.lastSeq, item.seq);
    this.received += 1;
  }
}

describe('replay past the bus window, from the journal', () => {
  let setup: ReturnType<typeof journaledBus> | undefined;
  afterEach(() => { setup?.dispose(); setup = undefined; });

  it('reconnects at random points of a 100,000-event run: every event once, in order, no gap', async () => {
    setup = journaledBus();
    const { bus, start } = setup;
    const total = 100_000;
    const id = start();
    const random = lcg(16_100_000);
    const followers = [new Follower(bus, id), new Follower(bus, id), new Follower(bus, id)];
    for (const f of followers) f.connect();
    let longOutages = 0;
    let reconnectAt = new Map<Follower, number>();
    for (let seq = 1; seq <= total; seq++) {
      bus.publish(id, { kind: 'info', text: `event ${seq}` });
      for (const f of followers) {
        if (f.connected && random() < 0.0004) {
          f.disconnect();
          // Away for up to 6,000 events: most outages outlast the 1,000 the bus holds.
          const away = Math.floor(random() * 6_000);
          if (away > 1_000) longOutages += 1;
          reconnectAt.set(f, seq + away);
        } else if (!f.connected && (reconnectAt.get(f) ?? 0) <= seq) {
          f.connect();
        }
      }
      if (seq % 200 === 0) await turn();
    }
    reconnectAt = new Map();
    for (const f of followers) if (!f.connected) f.connect();
    // Someone who opens the conversation only now.
    const late = new Follower(bus, id);
    late.connect();
    bus.setStatus(id, 'succeeded');
    const everyone = [...followers, late];
    await until(() => everyone.every((f) => f.finished), 'every follower to see the end');

    assert.ok(longOutages >= 20, `enough outages longer than the window (${longOutages})`);
    assert.ok(followers.every((f) => f.subscriptions > 10), `each follower reconnected many times (${followers.map((f) => f.subscriptions).join(', ')})`);
    for (const f of everyone) {
      assert.deepEqual(f.anomalies, []);
      assert.equal(f.received, total);
      assert.equal(f.lastSeq, total);
    }
  });

  it('a reconnect while its journal replay is still running, and events arriving during it, lose nothing', async () => {
    setup = journaledBus();
    const { bus, start } = setup;
    const id = start();
    for (let seq = 1; seq <= 20_000; seq++) bus.publish(id, { kind: 'info', text: `event ${seq}` });
    const f = new Follower(bus, id);
    f.connect();
    // Dropped before the journal has answered, then back while the run keeps going.
    f.disconnect();
    await turn();
    f.connect();
    for (let seq = 20_001; seq <= 25_000; seq++) {
      bus.publish(id, { kind: 'info', text: `event ${seq}` });
      if (seq % 100 === 0) await turn();
    }
    bus.setStatus(id, 'succeeded');
    await until(() => f.finished, 'the end');
    assert.deepEqual(f.anomalies, []);
    assert.equal(f.received, 25_000);
  });

  it('an operation restored after a reload replays every event, not only the last 1,000', async () => {
    setup = journaledBus();
    const { dir, bus, journal, start } = setup;
    const id = start();
    for (let seq = 1; seq <= 5_000; seq++) bus.publish(id, { kind: 'info', text: `event ${seq}` });
    bus.setStatus(id, 'succeeded');
    await journal.flushed();

    // The next window: a new bus and journal over the same folder.
    const reloaded = new OperationBus({ coalesceMs: 0 });
    const again = new Journal({ dirOf: () => dir });
    const attached = again.attach(reloaded);
    try {
      assert.equal(reloaded.restore(await again.load(dir)), 1);
      const f = new Follower(reloaded, id);
      f.connect();
      await until(() => f.finished, 'the replay');
      assert.deepEqual(f.anomalies, []);
      assert.equal(f.received, 5_000);
    } finally {
      attached.dispose();
      reloaded.dispose();
    }
  });

  it('what the journal lacks too (a damaged line) is a gap of exactly those events', async () => {
    setup = journaledBus();
    const { dir, bus, journal, start } = setup;
    const id = start();
    for (let seq = 1; seq <= 3_000; seq++) bus.publish(id, { kind: 'info', text: `event ${seq}` });
    await journal.flushed();
    const file = join(dir, journalFileName(bus.get(id)!));
    const text = readFileSync(file, 'utf8').replace('"text":"event 700"', '"text":7');
    writeFileSync(file, text);
    const items: OperationItem[] = [];
    bus.subscribe(id, 0, (item) => items.push(item));
    bus.setStatus(id, 'succeeded');
    await until(() => items.some((i) => i.type === 'finished'), 'the end');
    const gaps = items.filter((i) => i.type === 'gap');
    assert.deepEqual(gaps.map((g) => g.type === 'gap' && [g.fromSeq, g.toSeq, g.missed]), [[700, 700, 1]]);
    const seqs = items.flatMap((i) => (i.type === 'event' ? [i.seq] : []));
    assert.equal(seqs.length, 2_999);
    assert.deepEqual(seqs.slice(698, 700), [699, 701]);
  });

  it('a damaged line under a valid-looking head is a gap, even when what is left still parses and is a valid event', async () => {
    setup = journaledBus();
    const { dir, bus, journal, start } = setup;
    const id = start();
    for (let seq = 1; seq <= 3_000; seq++) bus.publish(id, { kind: 'info', text: `event ${seq}` });
    await journal.flushed();
    const file = join(dir, journalFileName(bus.get(id)!));
    const text = readFileSync(file, 'utf8')
      // A letter of the payload: still JSON, still an AgentEvent.
      .replace('"text":"event 700"', '"text":"event 7o0"')
      // The payload's type: the schema would refuse it too.
      .replace('"text":"event 900"', '"text":900')
      // A digit of the head: a line that would claim to be event 1,209.
      .replace('{"t":"ev","seq":1200,', '{"t":"ev","seq":1209,');
    writeFileSync(file, text);
    const items: OperationItem[] = [];
    bus.subscribe(id, 0, (item) => items.push(item));
    bus.setStatus(id, 'succeeded');
    await until(() => items.some((i) => i.type === 'finished'), 'the end');
    const gaps = items.filter((i) => i.type === 'gap');
    assert.deepEqual(gaps.map((g) => g.type === 'gap' && [g.fromSeq, g.toSeq, g.missed]), [[700, 700, 1], [900, 900, 1], [1200, 1200, 1]]);
    const events = items.flatMap((i) => (i.type === 'event' ? [i] : []));
    assert.equal(events.length, 2_997);
    assert.ok(events.every((e, i) => i === 0 || e.seq > events[i - 1].seq), 'in order, each once');
    assert.ok(events.every((e) => e.event.kind === 'info' && e.event.text === `event ${e.seq}`), 'every event sent is the one written');
  });

  it('without a journal, a late subscriber still gets the gap it always got', () => {
    const bus = new OperationBus({ coalesceMs: 0, maxEventsPerOperation: 10 });
    const op = bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
    bus.setStatus(op.id, 'running');
    for (let seq = 1; seq <= 30; seq++) bus.publish(op.id, { kind: 'info', text: `e${seq}` });
    const items: OperationItem[] = [];
    bus.subscribe(op.id, 0, (item) => items.push(item)).dispose();
    assert.deepEqual(items[0], { type: 'gap', operationId: op.id, missed: 20, fromSeq: 1, toSeq: 20 });
    assert.equal(items.length, 11);
  });
});

describe('replay past the bus window over the web UI socket', () => {
  it('a browser that connects after 30,000 events, and one that was away for 5,000, get every event once', async () => {
    const h = await startHarness();
    const dir = mkdtempSync(join(tmpdir(), 'sw-ws-replay-'));
    const journal = new Journal({ dirOf: () => dir });
    const attached = journal.attach(h.bus);
    try {
      const op = h.bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
      h.bus.setStatus(op.id, 'running');
      const away = await TestClient.ready(h, { resume: [{ operationId: op.id, afterSeq: 0 }] });
      for (let seq = 1; seq <= 30_000; seq++) {
        h.bus.publish(op.id, { kind: 'info', text: `event ${seq}` });
        if (seq === 25_000) away.socket.terminate();
        if (seq % 500 === 0) await turn();
      }
      const held = Math.max(...away.ofType('event').map((e) => e.seq));
      const back = await TestClient.ready(h, { resume: [{ operationId: op.id, afterSeq: held }] });
      const late = await TestClient.ready(h, { resume: [{ operationId: op.id, afterSeq: 0 }] });
      h.bus.setStatus(op.id, 'succeeded');
      await Promise.all([back.waitFor('finished'), late.waitFor('finished')]);
      assert.ok(held < 30_000 - 1_000, `the first client missed more than the window (${held})`);
      assert.deepEqual(late.ofType('gap'), []);
      assert.deepEqual(back.ofType('gap'), []);
      const lateSeqs = late.ofType('event').map((e) => e.seq);
      assert.equal(lateSeqs.length, 30_000);
      assert.ok(lateSeqs.every((seq, i) => seq === i + 1), 'events 1..30,000 in order');
      const backSeqs = back.ofType('event').map((e) => e.seq);
      assert.ok(backSeqs.every((seq, i) => seq === held + i + 1) && backSeqs.at(-1) === 30_000, 'the rest, in order');
    } finally {
      attached.dispose();
      await h.close();
    }
  });
});

describe('readJournalRange', () => {
  it('streams exactly the range asked for, resumes from a cursor and skips a line cut short', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-range-'));
    const file = join(dir, 'ops.jsonl');
    writeFileSync(file, `${JSON.stringify({ t: 'op', summary: { not: 'read' } })}\n`);
    for (let seq = 1; seq <= 2_500; seq++) appendFileSync(file, `${JSON.stringify({ t: 'ev', seq, at: seq, event: { kind: 'info', text: `é ${seq}` } })}\n`);
    appendFileSync(file, '{"t":"ev","seq":2501,"at":1,"ev');
    const read = async (from: number, to: number, options = {}) => {
      const seqs: number[] = [];
      let chunks = 0;
      for await (const chunk of readJournalRange(file, from, to, { chunkSize: 400, ...options })) {
        chunks += 1;
        seqs.push(...chunk.map((e) => e.seq));
      }
      return { seqs, chunks };
    };
    const middle = await read(1_001, 2_000);
    assert.deepEqual(middle.seqs, Array.from({ length: 1_000 }, (_, i) => 1_001 + i));
    assert.equal(middle.chunks, 3);
    assert.equal((await read(2_401, 9_999)).seqs.length, 100);

    let cursor: { seq: number; offset: number } | undefined;
    await read(1, 1_234, { onCursor: (c: { seq: number; offset: number }) => { cursor = c; } });
    assert.equal(cursor?.seq, 1_234);
    const resumed = await read(1_235, 1_240, { cursor });
    assert.deepEqual(resumed.seqs, [1_235, 1_236, 1_237, 1_238, 1_239, 1_240]);
    assert.deepEqual((await read(1, 10, { cursor: { seq: 0, offset: 0 } })).seqs.length, 10);
    assert.deepEqual((await read(1, 5)).seqs, [1, 2, 3, 4, 5]);
    assert.deepEqual((await readJournalRange(join(dir, 'missing.jsonl'), 1, 5).next()).done, true);
  });
});

describe('readJournalRange across reads', () => {
  it('reads lines cut by the 256 KiB reads, multi-byte characters and a line longer than a read, and resumes at the right byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-range-'));
    const file = join(dir, 'ops.jsonl');
    const lines: string[] = [];
    const textOf = (seq: number) => (seq === 7_000 ? `long ${'ü'.repeat(300_000)}` : `${seq % 3 ? 'é' : 'e'} ${seq} ${'x'.repeat(seq % 97)}`);
    for (let seq = 1; seq <= 20_000; seq++) lines.push(journalLineText({ t: 'ev', seq, at: seq * 1.5, event: { kind: 'info', text: textOf(seq) } }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const cursors: { seq: number; offset: number }[] = [];
    const read: StoredEvent[] = [];
    for await (const chunk of readJournalRange(file, 1, 20_000, { onCursor: (c) => cursors.push(c) })) read.push(...chunk);
    assert.equal(read.length, 20_000);
    assert.ok(read.every((e, i) => e.seq === i + 1 && e.at === e.seq * 1.5 && e.event.kind === 'info' && e.event.text === textOf(e.seq)), 'every event as written');
    const bytes = readFileSync(file);
    for (const c of cursors) {
      assert.equal(bytes[c.offset - 1], 0x0a, 'a cursor is just after a newline');
      const next: number[] = [];
      for await (const chunk of readJournalRange(file, c.seq + 1, c.seq + 2, { cursor: c })) next.push(...chunk.map((e) => e.seq));
      assert.deepEqual(next, c.seq < 20_000 ? [c.seq + 1, c.seq + 2].filter((s) => s <= 20_000) : []);
    }
    assert.ok(cursors.length >= 40);
  });
});

describe('events replayed from the journal keep their JSON', () => {
  it('the JSON sent for an event read back is the JSON of the message delivered, for every kind of event', async () => {
    const { bus, journal, dispose } = journaledBus({ maxEventsPerOperation: 2 });
    try {
      const op = bus.create({ kind: 'spec', feature: '/f', featureName: 'f "quoted" \u2028', agent: 'scaffold' });
      bus.setStatus(op.id, 'running');
      const events: AgentEvent[] = [
        { kind: 'info', text: 'plain' },
        { kind: 'message', text: 'é "quotes" \\ back\nslash \u2028 \ud83d\ude00', stream: 's1', group: 'g' },
        { kind: 'tool', phase: 'start', id: 't1', title: '<b>', status: 'pending', output: '\u0000\u001f' },
        { kind: 'plan', entries: [{ content: 'one', status: 'pending' }, { content: 'two', status: 'completed' }] },
        { kind: 'permission', id: 'p', question: 'ok?', options: [{ id: 'y', label: 'Yes' }] },
        { kind: 'error', message: 'bad', hint: 'fix it' },
        { kind: 'complete', stopReason: 'end_turn' },
        { kind: 'info', text: 'last' },
        { kind: 'info', text: 'kept in memory' },
      ];
      for (const e of events) bus.publish(op.id, e);
      bus.setStatus(op.id, 'succeeded');
      await journal.flushed();
      const sent: unknown[] = [];
      const delivered: OperationItem[] = [];
      bus.subscribe(op.id, 0, (item) => {
        delivered.push(item);
        // What a socket would be sent for it, asked while it is being delivered, as the hub does.
        sent.push(JSON.parse(messageJson(item)));
      });
      await until(() => delivered.some((i) => i.type === 'finished'), 'the end');
      assert.deepEqual(delivered.flatMap((i) => (i.type === 'event' ? [i.event] : [])), events);
      assert.deepEqual(sent, JSON.parse(JSON.stringify(delivered)));
    } finally {
      dispose();
    }
  });

  it('a line whose check matches is sent on as read, without parsing it; its event is parsed only when asked for', async () => {
    const { dir, bus, journal, dispose } = journaledBus({ maxEventsPerOperation: 10 });
    try {
      const op = bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
      bus.setStatus(op.id, 'running');
      for (let seq = 1; seq <= 100; seq++) bus.publish(op.id, { kind: 'info', text: `é ${seq} "\u2028"` });
      bus.setStatus(op.id, 'succeeded');
      await journal.flushed();
      const file = join(dir, journalFileName(bus.get(op.id)!));
      const parse = JSON.parse;
      let parsed = 0;
      const read: StoredEvent[] = [];
      JSON.parse = (...args: Parameters<typeof JSON.parse>) => { parsed += 1; return parse(...args); };
      try {
        for await (const chunk of readJournalRange(file, 1, 100)) read.push(...chunk);
      } finally {
        JSON.parse = parse;
      }
      assert.equal(read.length, 100);
      assert.equal(parsed, 0);
      for (const e of read) {
        assert.equal(e.eventJson, JSON.stringify({ kind: 'info', text: `é ${e.seq} "\u2028"` }));
        assert.deepEqual(e.event, { kind: 'info', text: `é ${e.seq} "\u2028"` });
      }
      // Over the bus, as a socket gets them: the message's JSON as read, the event there when asked for.
      const delivered: OperationItem[] = [];
      const sent: string[] = [];
      bus.subscribe(op.id, 0, (item) => { delivered.push(item); sent.push(messageJson(item)); });
      await until(() => delivered.some((i) => i.type === 'finished'), 'the end');
      assert.deepEqual(sent.map((t) => JSON.parse(t)), JSON.parse(JSON.stringify(delivered)));
      assert.deepEqual(delivered.flatMap((i) => (i.type === 'event' ? [i.event.kind === 'info' && i.event.text] : [])), read.map((e) => `é ${e.seq} "\u2028"`));
    } finally {
      dispose();
    }
  });

  it('the check is zlib\'s CRC-32 of the UTF-8 bytes, with or without zlib.crc32', () => {
    for (const text of ['', 'a', '{"t":"ev","seq":1,"at":2,"event":{"kind":"info","text":"x"}', 'é ü 中文 \ud83d\ude00 \u2028', 'x'.repeat(70_000)]) {
      const expected = (zlib as { crc32?: (t: string | Buffer, v?: number) => number }).crc32?.(Buffer.from(text, 'utf8'));
      if (expected !== undefined) assert.equal(crc32InJs(text), expected);
      assert.equal(crc32InJs(text), crc32(text));
      assert.equal(crc32InJs(text, 12345), crc32(text, 12345));
    }
    assert.equal(crc32InJs('123456789'), 0xcbf43926);
  });

  it('a line that is not exactly what the journal writes is read as before, and only what was checked is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-json-'));
    const file = join(dir, 'ops.jsonl');
    const lines = [
      // A key after the event: its JSON is not the rest of the line.
      '{"t":"ev","seq":1,"at":1,"event":{"kind":"info","text":"one"},"type":"gap"}',
      // A key the schema strips: the event sent is the checked one, without it.
      '{"t":"ev","seq":2,"at":2,"event":{"kind":"info","text":"two","extra":"<script>"}}',
      // The event key twice: JSON keeps the last one, so does the reader.
      '{"t":"ev","seq":3,"at":3,"event":{"kind":"info","text":"x"},"event":{"kind":"info","text":"three"}}',
      // Not an event; a number the schema refuses; a seq with a leading zero.
      '{"t":"ev","seq":4,"at":4,"event":{"kind":"info","text":4}}',
      '{"t":"ev","seq":5,"at":1e999,"event":{"kind":"info","text":"five"}}',
      '{"t":"ev","seq":06,"at":6,"event":{"kind":"info","text":"six"}}',
      '{"t":"ev","seq":7,"at":7.5e2,"event":{"kind":"info","text":"seven"}}',
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const read: StoredEvent[] = [];
    for await (const chunk of readJournalRange(file, 1, 10)) read.push(...chunk);
    assert.deepEqual(read.map((e) => [e.seq, e.at, e.event]), [
      [1, 1, { kind: 'info', text: 'one' }],
      [2, 2, { kind: 'info', text: 'two' }],
      [3, 3, { kind: 'info', text: 'three' }],
      [7, 750, { kind: 'info', text: 'seven' }],
    ]);
    for (const e of read) if (e.eventJson !== undefined) assert.deepEqual(JSON.parse(e.eventJson), e.event);
    assert.deepEqual(read.map((e) => e.eventJson !== undefined), [false, false, false, true]);
  });
});
