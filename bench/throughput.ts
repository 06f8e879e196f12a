import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';
import { decodeServerFrame, encodeServerFrame, type AgentEvent, type ServerMessage } from '../src/protocol';
import { quantile } from './stats';
import { benchClient, runningOperation, startBenchServer, tick } from './setup';

export interface ThroughputResult {
  clients: number;
  events: number;
  /** Messages received by all clients together per second, first publish to last receipt. */
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
}

/** Events published per macrotask: a steady producer, not one synchronous burst. */
const BATCH = 50;

const payload = (i: number): AgentEvent => ({ kind: 'info', text: `event ${i} ${'x'.repeat(200)}` });

/** Publishes `events` events and resolves when every client has all of them; latencies from each publish to each receipt. */
async function drive(clients: number, events: number, publish: (i: number) => void, subscribe: (onEvent: (seq: number) => void) => Promise<() => void>, sentAt: Float64Array): Promise<ThroughputResult> {
  const latencies: number[] = [];
  let received = 0;
  let finish: () => void = () => undefined;
  const allIn = new Promise<void>((resolve) => { finish = resolve; });
  const close = await subscribe((seq) => {
    latencies.push(performance.now() - sentAt[seq]);
    if (++received === clients * events) finish();
  });
  const start = performance.now();
  for (let i = 1; i <= events; i++) {
    sentAt[i] = performance.now();
    publish(i);
    if (i % BATCH === 0) await tick();
  }
  await allIn;
  const seconds = (performance.now() - start) / 1000;
  close();
  return { clients, events, deliveriesPerSecond: (clients * events) / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/** bus.publish → hub → WsTransport → ws clients (authenticated, resumed like the browser). */
export async function specwrightThroughput(clients: number, events: number): Promise<ThroughputResult> {
  // The product's window: every client follows live from the start, so nothing is replayed.
  const s = await startBenchServer({ maxEvents: 1_000 });
  const op = runningOperation(s.bus);
  const sentAt = new Float64Array(events + 1);
  try {
    return await drive(clients, events, (i) => s.bus.publish(op, payload(i)), async (onEvent) => {
      const sockets = await Promise.all(Array.from({ length: clients }, () => benchClient(s.address, op, (msg) => {
        if (msg.type === 'event' && msg.seq !== undefined) onEvent(msg.seq);
      })));
      return () => { for (const socket of sockets) socket.terminate(); };
    }, sentAt);
  } finally {
    await s.stop();
  }
}

/** What WsTransport cuts a frame at (src/core/server/wsTransport.ts). */
const FRAME_BYTES = 64 * 1024;

/**
 * The limit: a bare ws server sending the frames Specwright sends — the same event messages,
 * batched the same way (what one task sends leaves at its end as one frame, cut at 64 KiB,
 * protocol/frames.ts) — but each message stringified once and each frame joined once for all
 * clients, with no bus, hub, session or authentication in between.
 */
export async function rawWsThroughput(clients: number, events: number): Promise<ThroughputResult> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as { port: number }).port;
  const sentAt = new Float64Array(events + 1);
  let pending: string[] = [];
  let pendingBytes = 0;
  let flushQueued = false;
  const flush = () => {
    flushQueued = false;
    if (!pending.length) return;
    const frame = encodeServerFrame(pending);
    pending = [];
    pendingBytes = 0;
    for (const socket of wss.clients) socket.send(frame);
  };
  try {
    return await drive(clients, events, (i) => {
      const msg: ServerMessage = { type: 'event', operationId: 'raw', seq: i, at: Date.now(), event: payload(i) };
      const text = JSON.stringify(msg);
      pending.push(text);
      pendingBytes += text.length;
      if (pendingBytes >= FRAME_BYTES) flush();
      else if (!flushQueued) {
        flushQueued = true;
        queueMicrotask(flush);
      }
    }, async (onEvent) => {
      const sockets = await Promise.all(Array.from({ length: clients }, () => new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}`);
        socket.on('open', () => resolve(socket));
        socket.on('error', reject);
        socket.on('message', (data) => {
          for (const msg of decodeServerFrame(String(data)) as { seq: number }[]) onEvent(msg.seq);
        });
      })));
      while (wss.clients.size < clients) await tick();
      return () => { for (const socket of sockets) socket.terminate(); };
    }, sentAt);
  } finally {
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}
