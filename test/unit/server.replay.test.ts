import assert from 'node:assert/strict';
import { startHarness, TestClient, until, type Harness } from './helpers/webUiHarness';
import { decodeServerFrame } from '../../src/protocol';

/** A small deterministic PRNG, so a failing run can be replayed with the same drop points. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Follows one operation the way the browser transport does: every (re)connect says hello with
 * `resume: [{operationId, afterSeq: last seq held}]`, and anything out of order is recorded.
 */
class ResumingFollower {
  readonly seqs: number[] = [];
  readonly anomalies: string[] = [];
  connects = 0;
  done = false;
  current?: TestClient;
  private lastSeq = 0;

  constructor(private readonly h: Harness, private readonly operationId: string) {}

  private receive(msg: { type: string; operationId?: string; seq?: number }): void {
    if (msg.operationId !== this.operationId) return;
    if (msg.type === 'gap') this.anomalies.push(`gap ${JSON.stringify(msg)}`);
    if (msg.type === 'finished') this.done = true;
    if (msg.type !== 'event' || msg.seq === undefined) return;
    if (msg.seq !== this.lastSeq + 1) this.anomalies.push(`got ${msg.seq} after ${this.lastSeq}`);
    this.lastSeq = Math.max(this.lastSeq, msg.seq);
    this.seqs.push(msg.seq);
  }

  async connect(): Promise<void> {
    if (this.done) return;
    this.connects += 1;
    const client = TestClient.open(this.h);
    this.current = client;
    client.socket.on('message', (data) => {
      for (const msg of decodeServerFrame(String(data)) as { type: string; operationId?: string; seq?: number }[]) this.receive(msg);
    });
    void client.closed.then(() => {
      if (!this.done) setImmediate(() => void this.connect());
    });
    try {
      await client.opened();
    } catch {
      return; // dropped while opening: the close handler reconnects
    }
    client.send({ type: 'hello', protocol: 1, client: 'replay-test', resume: [{ operationId: this.operationId, afterSeq: this.lastSeq }] });
  }
}

describe('web UI server: replay on reconnect', () => {
  let h: Harness;
  afterEach(async () => { await h?.close(); });

  it('a stream of 10,000 events with the client dropped 20 times arrives exactly once each, in order', async () => {
    const total = 10_000;
    h = await startHarness({ rateBurst: 10_000, ratePerSecond: 10_000 }, { maxEventsPerOperation: total });
    const op = h.bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
    h.bus.setStatus(op.id, 'running');
    const follower = new ResumingFollower(h, op.id);
    await follower.connect();
    await until(() => h.server.connections === 1, 'the first connection');

    const random = lcg(20_241_124);
    const dropAt = new Set<number>();
    while (dropAt.size < 20) dropAt.add(1 + Math.floor(random() * (total - 1)));
    let pendingDrops = 0;
    let drops = 0;
    for (let seq = 1; seq <= total; seq++) {
      h.bus.publish(op.id, { kind: 'info', text: `event ${seq}` });
      if (dropAt.has(seq)) pendingDrops += 1;
      // A drop only counts when someone is connected to be dropped; otherwise it waits for them.
      if (pendingDrops > 0 && h.server.connections > 0) {
        pendingDrops -= 1;
        drops += 1;
        // Alternate: the server cuts the socket, or the client's network does.
        if (drops % 2 === 0) h.server.dropConnections();
        else follower.current?.socket.terminate();
      }
      if (seq % 25 === 0) await new Promise((r) => setImmediate(r));
    }
    while (pendingDrops > 0) {
      await until(() => h.server.connections > 0, 'a reconnect to drop');
      h.server.dropConnections();
      pendingDrops -= 1;
      drops += 1;
    }
    h.bus.setStatus(op.id, 'succeeded');
    await until(() => follower.done, 'the follower to see the operation finish', 20_000);

    assert.equal(drops, 20);
    assert.ok(follower.connects >= 21, `reconnected after every drop (${follower.connects} connects)`);
    assert.deepEqual(follower.anomalies, []);
    assert.equal(follower.seqs.length, total);
    assert.ok(follower.seqs.every((seq, i) => seq === i + 1), 'events 1..10,000 exactly once each, in order');
  });

  it('a resume after the end replays nothing twice, and a resume from the middle sends exactly the rest', async () => {
    h = await startHarness({}, { maxEventsPerOperation: 100 });
    const op = h.bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
    h.bus.setStatus(op.id, 'running');
    for (let i = 1; i <= 30; i++) h.bus.publish(op.id, { kind: 'info', text: `e${i}` });
    h.bus.setStatus(op.id, 'succeeded');

    const middle = await TestClient.ready(h, { resume: [{ operationId: op.id, afterSeq: 12 }] });
    await middle.waitFor('finished');
    assert.deepEqual(middle.ofType('event').map((e) => e.seq), Array.from({ length: 18 }, (_, i) => i + 13));

    const atEnd = await TestClient.ready(h, { resume: [{ operationId: op.id, afterSeq: 30 }] });
    await atEnd.waitFor('finished');
    assert.equal(atEnd.ofType('event').length, 0);
  });
});
