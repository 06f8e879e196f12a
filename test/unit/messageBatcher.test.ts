import assert from 'node:assert/strict';
import { MessageBatcher } from '../../src/core/hub/messageBatcher';
import { Hub } from '../../src/core/hub/hub';
import { ListenerTransport } from '../../src/core/hub/transport';
import { OperationBus } from '../../src/core/operations/bus';
import { PROTOCOL_VERSION, type ServerMessage } from '../../src/protocol';
import { serverMessagesOfPost } from '../../webview/transport/validate';

const event = (seq: number): ServerMessage => ({ type: 'event', operationId: 'op', seq, at: seq, event: { kind: 'info', text: `e${seq}` } });
const endOfTask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The webview side: what VS Code hands the page (a structured clone), through the page's unpacking. */
function fakePage() {
  const listeners = new Set<(m: ServerMessage) => void>();
  return {
    onMessage: (cb: (m: ServerMessage) => void) => listeners.add(cb),
    post: (data: unknown) => { for (const msg of serverMessagesOfPost(structuredClone(data))) for (const cb of listeners) cb(msg); },
  };
}

describe('host → webview batching', () => {
  it('posts what is sent in one task as one array, in order, and a lone message as itself', async () => {
    const posts: unknown[] = [];
    const batcher = new MessageBatcher((batch) => posts.push(batch));
    for (let seq = 1; seq <= 3; seq++) batcher.send(event(seq));
    assert.equal(posts.length, 0, 'nothing leaves before the end of the task');
    await endOfTask();
    assert.deepEqual(posts, [[event(1), event(2), event(3)]]);
    batcher.send(event(4));
    await endOfTask();
    assert.deepEqual(posts[1], event(4));
  });

  it('cuts a long burst at maxMessages without waiting for the end of the task', async () => {
    const posts: unknown[] = [];
    const batcher = new MessageBatcher((batch) => posts.push(batch), { maxMessages: 100 });
    for (let seq = 1; seq <= 250; seq++) batcher.send(event(seq));
    assert.equal(posts.length, 2);
    await endOfTask();
    assert.deepEqual(posts.map((p) => (Array.isArray(p) ? p.length : 1)), [100, 100, 50]);
    const seqs = posts.flatMap((p) => (p as { seq: number }[]).map((m) => m.seq));
    assert.deepEqual(seqs, Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it('with minIntervalMs, a message after a quiet spell goes at once and a stream once per interval, nothing lost', async () => {
    const posts: unknown[] = [];
    let now = 1_000;
    const batcher = new MessageBatcher((batch) => posts.push(batch), { minIntervalMs: 20, maxMessages: 5, now: () => now });
    batcher.send(event(1));
    await endOfTask();
    assert.deepEqual(posts, [event(1)], 'the first goes at the end of its task');
    now += 5;
    batcher.send(event(2));
    batcher.send(event(3));
    await endOfTask();
    assert.equal(posts.length, 1, 'sooner than 20 ms after a post, it waits');
    // A burst past maxMessages is cut at once, and what follows waits for its own interval.
    for (let seq = 4; seq <= 8; seq++) batcher.send(event(seq));
    assert.equal(posts.length, 2);
    batcher.send(event(9));
    await new Promise((resolve) => setTimeout(resolve, 40));
    now += 40;
    assert.deepEqual(posts.map((p) => (Array.isArray(p) ? p.map((m: { seq: number }) => m.seq) : [(p as { seq: number }).seq])), [[1], [2, 3, 4, 5, 6], [7, 8, 9]]);
    batcher.send(event(10));
    await endOfTask();
    assert.deepEqual(posts.at(-1), event(10), 'after a quiet spell, at once again');
  });

  it('drops what waits once the page is gone', async () => {
    const posts: unknown[] = [];
    const batcher = new MessageBatcher((batch) => posts.push(batch));
    batcher.send(event(1));
    batcher.discard();
    await endOfTask();
    assert.deepEqual(posts, []);
  });

  it('the webview transport hands on each message of a batch in order, skipping an invalid one', () => {
    const page = fakePage();
    const got: ServerMessage[] = [];
    page.onMessage((m) => got.push(m));
    page.post([event(1), { type: 'nonsense' }, event(2)]);
    page.post(event(3));
    assert.deepEqual(got.map((m) => (m.type === 'event' ? m.seq : m.type)), [1, 2, 3]);
  });

  it('a replay of 5,000 events reaches the page in a handful of posts, every event once', async () => {
    const bus = new OperationBus({ maxEventsPerOperation: 10_000 });
    const op = bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
    bus.setStatus(op.id, 'running');
    for (let seq = 1; seq <= 5_000; seq++) bus.publish(op.id, { kind: 'info', text: `e${seq}` });
    const hub = new Hub({ bus, handlers: {} as never, snapshot: () => ({ operations: bus.list(), features: [], agents: [], defaultAgent: 'scaffold', trusted: true }) });
    const page = fakePage();
    const post = page.post;
    let posts = 0;
    class HostSide extends ListenerTransport {
      private readonly batcher = new MessageBatcher((batch) => { posts += 1; post(batch); });
      send(msg: ServerMessage): void { this.batcher.send(msg); }
    }
    const host = new HostSide();
    const got: number[] = [];
    page.onMessage((m) => { if (m.type === 'event') got.push(m.seq); });
    hub.connect(host);
    host.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test', resume: [{ operationId: op.id, afterSeq: 0 }] });
    for (let i = 0; i < 10 && got.length < 5_000; i++) await endOfTask();
    assert.deepEqual(got, Array.from({ length: 5_000 }, (_, i) => i + 1));
    assert.ok(posts <= 15, `${posts} posts`);
    hub.dispose();
    bus.dispose();
  });
});
