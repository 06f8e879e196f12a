import assert from 'node:assert/strict';
import { WS_SUBPROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, type ClientMessage } from '../../src/protocol';
import { DEFAULT_BACKOFF, reconnectDelay } from '../../webview/transport/backoff';
import { browserStorage } from '../../webview/transport/browserStorage';
import { socketUrl, takeToken, TOKEN_KEY } from '../../webview/transport/token';
import type { ConnectionState } from '../../webview/transport/types';
import { WebSocketTransport, type SocketLike, type Timers } from '../../webview/transport/websocket';
import { Store } from '../../webview/state/store';

/** Timers that only move when the test says so. */
class FakeTimers implements Timers {
  private time = 1_000_000;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Runs every timer due within `ms`, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
  }

  /** Delay of the only pending timer (the reconnect wait). */
  nextDelay(): number | undefined {
    const next = [...this.pending.values()].sort((a, b) => a.at - b.at)[0];
    return next && next.at - this.time;
  }
}

class FakeSocket implements SocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: ClientMessage[] = [];
  closedWith?: { code?: number; reason?: string };

  constructor(readonly url: string, readonly protocols: string[]) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }

  // ---- the test plays the network and the server ----
  open(): void {
    this.onopen?.({});
  }

  drop(code = 1006, reason = ''): void {
    this.onclose?.({ code, reason });
  }

  receive(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

function setup(options: { random?: () => number } = {}) {
  const timers = new FakeTimers();
  const sockets: FakeSocket[] = [];
  const transport = new WebSocketTransport({
    url: 'ws://127.0.0.1:4000/ws',
    token: 'secret-token',
    timers,
    random: options.random ?? (() => 0.5),
    createSocket: (url, protocols) => {
      const socket = new FakeSocket(url, protocols);
      sockets.push(socket);
      return socket;
    },
  });
  const states: ConnectionState[] = [];
  transport.onState((s) => states.push(s));
  const last = () => sockets[sockets.length - 1];
  return { timers, sockets, transport, states, last };
}

describe('websocket transport', () => {
  describe('reconnect schedule', () => {
    it('waits 1 s, 1.5 s, 2.25 s, … capped at 30 s, for 10 attempts, then is disconnected', () => {
      const { timers, sockets, transport, states, last } = setup();
      transport.connect();
      last().open();
      last().drop();
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 10; attempt++) {
        assert.equal(transport.state, 'reconnecting');
        assert.equal(transport.status().attempt, attempt);
        const delay = timers.nextDelay();
        assert.ok(delay !== undefined);
        delays.push(delay);
        const before = sockets.length;
        timers.advance(delay - 1);
        assert.equal(sockets.length, before, 'no attempt before its time');
        timers.advance(1);
        assert.equal(sockets.length, before + 1);
        last().drop();
      }
      assert.deepEqual(delays, [1000, 1500, 2250, 3375, 5063, 7594, 11391, 17086, 25629, 30000]);
      assert.equal(transport.state, 'disconnected');
      assert.equal(timers.nextDelay(), undefined, 'no 11th attempt');
      timers.advance(10 * 60_000);
      assert.equal(sockets.length, 11);
      assert.deepEqual(states, ['connecting', 'connected', 'reconnecting', 'disconnected']);
    });

    it('keeps the jitter within ±20 % and never past the cap', () => {
      for (let attempt = 1; attempt <= 12; attempt++) {
        const base = Math.min(30_000, 1000 * 1.5 ** (attempt - 1));
        const low = reconnectDelay(attempt, () => 0);
        const high = reconnectDelay(attempt, () => 0.999_999);
        assert.equal(low, Math.round(base * 0.8));
        assert.ok(high <= Math.round(Math.min(30_000, base * 1.2)) && high >= Math.min(30_000, base * 1.2) - 1, `attempt ${attempt}: ${high}`);
        assert.ok(high <= DEFAULT_BACKOFF.maxMs);
      }
      const { timers, transport, last } = setup({ random: () => 0 });
      transport.connect();
      last().drop();
      assert.equal(timers.nextDelay(), 800);
    });

    it('Retry after giving up starts a fresh series at once', () => {
      const { timers, sockets, transport, last } = setup();
      transport.connect();
      for (let i = 0; i <= 10; i++) {
        last().drop();
        timers.advance(30_000);
      }
      assert.equal(transport.state, 'disconnected');
      const before = sockets.length;
      transport.retry();
      assert.equal(sockets.length, before + 1, 'connects immediately');
      assert.equal(transport.state, 'connecting');
      last().drop();
      assert.equal(transport.status().attempt, 1);
      assert.equal(timers.nextDelay(), 1000, 'the schedule starts over');
      timers.advance(1000);
      last().open();
      assert.equal(transport.state, 'connected');
      assert.equal(transport.status().attempt, 0);
    });

    it('a successful reconnect resets the schedule', () => {
      const { timers, transport, last } = setup();
      transport.connect();
      last().open();
      last().drop();
      timers.advance(1000);
      last().drop();
      timers.advance(1500);
      last().open();
      last().drop();
      assert.equal(timers.nextDelay(), 1000);
    });

    it('stops retrying when the token is refused, and says so', () => {
      const { timers, sockets, transport, last } = setup();
      transport.connect();
      last().open();
      last().receive({ type: 'error', code: 'unauthorized', message: 'The token is missing or wrong.' });
      last().drop(1008, 'unauthorized');
      assert.equal(transport.state, 'error');
      assert.match(transport.status().reason ?? '', /token/);
      timers.advance(60_000);
      assert.equal(sockets.length, 1);
    });
  });

  describe('connecting', () => {
    it('offers the token in a subprotocol next to the protocol name, never in the URL', () => {
      const { transport, last } = setup();
      transport.connect();
      assert.equal(last().url, 'ws://127.0.0.1:4000/ws');
      assert.deepEqual(last().protocols, [WS_SUBPROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}secret-token`]);
    });

    it('passes on only messages that match the protocol', () => {
      const { transport, last } = setup();
      const got: string[] = [];
      transport.onMessage((m) => got.push(m.type));
      transport.connect();
      last().open();
      last().receive({ type: 'presence', clients: 2 });
      last().receive({ type: 'presence', clients: -1 });
      last().onmessage?.({ data: 'not json' });
      assert.deepEqual(got, ['presence']);
    });
  });

  describe('offline queue', () => {
    it('keeps the newest 50 messages while offline, tells the user about the dropped ones, and sends the rest after reconnecting', () => {
      const { timers, transport, last } = setup();
      const notices: string[] = [];
      transport.onNotice((n) => notices.push(n));
      transport.connect();
      last().open();
      last().drop();
      for (let i = 1; i <= 53; i++) transport.send({ type: 'ack', operationId: 'op', seq: i });
      transport.send({ type: 'ping', id: 'stale' });
      assert.equal(transport.queued.length, 50);
      assert.equal(notices.length, 3);
      assert.match(notices[2], /3 older messages were dropped/);
      timers.advance(1000);
      last().open();
      const acks = last().sent.filter((m) => m.type === 'ack').map((m) => (m.type === 'ack' ? m.seq : 0));
      assert.deepEqual(acks, Array.from({ length: 50 }, (_, i) => i + 4), 'the newest 50, oldest first');
      assert.equal(last().sent.some((m) => m.type === 'ping'), false);
      assert.equal(transport.queued.length, 0);
    });

    it('sends queued messages after the hello the Store says on connect', () => {
      const { timers, transport, last } = setup();
      const store = new Store(transport, { client: 'browser', newId: () => 'r1' });
      store.start();
      transport.connect();
      last().open();
      assert.equal(last().sent[0]?.type, 'hello');
      last().drop();
      transport.send({ type: 'selectFeature', feature: '/f' });
      timers.advance(1000);
      last().open();
      assert.deepEqual(last().sent.map((m) => m.type), ['hello', 'selectFeature']);
    });
  });

  describe('heartbeat', () => {
    it('pings every 30 s and reconnects when no pong comes within 5 s', () => {
      const { timers, sockets, transport, last } = setup();
      transport.connect();
      last().open();
      timers.advance(30_000);
      const ping = last().sent.find((m) => m.type === 'ping');
      assert.ok(ping && ping.type === 'ping' && ping.id);
      last().receive({ type: 'pong', id: ping.id });
      timers.advance(30_000);
      const second = last().sent.filter((m) => m.type === 'ping');
      assert.equal(second.length, 2, 'the next ping 30 s after the pong');
      timers.advance(4_999);
      assert.equal(transport.state, 'connected');
      timers.advance(1);
      assert.equal(transport.state, 'reconnecting');
      assert.deepEqual(sockets[0].closedWith, { code: 4000, reason: 'heartbeat timeout' });
      timers.advance(1000);
      assert.equal(sockets.length, 2);
    });
  });

  describe('the Store on top of it', () => {
    it('resumes after the last seq it holds on every reconnect, so the host replays only what was missed', () => {
      const { timers, transport, last } = setup();
      const store = new Store(transport, { client: 'browser' });
      store.start();
      transport.connect();
      last().open();
      const summary = { id: 'op1', kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold', status: 'running', createdAt: 1, lastSeq: 0 };
      last().receive({ type: 'welcome', clientId: 'c', protocol: 1, snapshot: { operations: [summary], features: [], agents: [], defaultAgent: 'scaffold', trusted: true } });
      for (let seq = 1; seq <= 7; seq++) last().receive({ type: 'event', operationId: 'op1', seq, at: seq, event: { kind: 'info', text: `e${seq}` } });
      last().drop();
      assert.equal(store.getState().connection, 'reconnecting');
      timers.advance(1000);
      last().open();
      const hello = last().sent[0];
      assert.ok(hello?.type === 'hello');
      assert.deepEqual(hello.resume, [{ operationId: 'op1', afterSeq: 7 }]);
    });
  });
});

describe('browser token and storage', () => {
  const memory = () => {
    const data = new Map<string, string>();
    return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
  };

  it('takes the token from the fragment once, clears the address bar, and finds it again after a reload', () => {
    const storage = memory();
    let cleared = 0;
    assert.equal(takeToken({ hash: '#token=abc_-1', storage, clearHash: () => cleared++ }), 'abc_-1');
    assert.equal(cleared, 1);
    assert.equal(storage.data.get(TOKEN_KEY), 'abc_-1');
    assert.equal(takeToken({ hash: '', storage, clearHash: () => cleared++ }), 'abc_-1');
    assert.equal(cleared, 1);
    assert.equal(takeToken({ hash: '', storage: memory(), clearHash: () => undefined }), undefined);
    assert.equal(takeToken({ hash: '#token%3Dabc_-1', storage: memory(), clearHash: () => undefined }), 'abc_-1', 'a percent-encoded fragment too');
  });

  it('derives the socket address from the page', () => {
    assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:4000' }), 'ws://127.0.0.1:4000/ws');
  });

  it('keeps the UI state per tab and survives unreadable data', () => {
    const storage = memory();
    const ui = browserStorage(storage);
    ui.save({ v: 1 });
    assert.deepEqual(ui.load(), { v: 1 });
    storage.setItem('specwright.ui', '{broken');
    assert.equal(ui.load(), undefined);
  });
});
