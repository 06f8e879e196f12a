import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Hub, type RequestHandlers } from '../src/core/hub/hub';
import { OperationBus } from '../src/core/operations/bus';
import { WebUiServer, type WebUiAddress } from '../src/core/server/webUiServer';
import { PROTOCOL_VERSION, WS_SUBPROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, decodeServerFrame } from '../src/protocol';

export interface BenchServer {
  bus: OperationBus;
  hub: Hub;
  server: WebUiServer;
  address: WebUiAddress;
  stop(): Promise<void>;
}

const refuse = async (): Promise<never> => { throw new Error('not part of the benchmark'); };

/** The real bus, hub and server with limits opened up for load (100+ clients, replay floods). */
export async function startBenchServer(options: { staticDir?: string; maxEvents?: number } = {}): Promise<BenchServer> {
  const bus = new OperationBus({ maxEventsPerOperation: options.maxEvents ?? 100_000 });
  const handlers = new Proxy({}, { get: () => refuse }) as RequestHandlers;
  const hub = new Hub({ bus, handlers, snapshot: () => ({ operations: bus.list(), features: [], agents: [], defaultAgent: 'scaffold', trusted: true }) });
  let staticDir = options.staticDir;
  if (!staticDir) {
    staticDir = mkdtempSync(join(tmpdir(), 'sw-bench-'));
    writeFileSync(join(staticDir, 'main.js'), '');
  }
  const server = new WebUiServer({
    hub, staticDir,
    limits: { maxConnections: 1000, rateBurst: 1_000_000, ratePerSecond: 1_000_000, maxBufferedBytes: 512 * 1024 * 1024, handshakeBurst: 10_000, handshakesPerSecond: 10_000, maxUnauthenticated: 10_000 },
  });
  const address = await server.start();
  return {
    bus, hub, server, address,
    stop: async () => {
      await server.stop();
      hub.dispose();
      bus.dispose();
    },
  };
}

/** A running operation to publish into. */
export function runningOperation(bus: OperationBus): string {
  const op = bus.create({ kind: 'spec', feature: '/bench/specs/001-bench', featureName: '001-bench', agent: 'bench' });
  bus.setStatus(op.id, 'running');
  return op.id;
}

/** Connects, says hello resuming `operationId` after `afterSeq`, and hands every parsed message to `onMessage`. */
export function benchClient(address: WebUiAddress, operationId: string, onMessage: (msg: { type: string; seq?: number }) => void, afterSeq = 0): Promise<WebSocket> {
  const host = `127.0.0.1:${address.port}`;
  const socket = new WebSocket(`ws://${host}/ws`, [WS_SUBPROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${address.token}`], { origin: `http://${host}` });
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('message', (data) => {
      for (const msg of decodeServerFrame(String(data)) as { type: string; seq?: number }[]) {
        if (msg.type === 'welcome') resolve(socket);
        onMessage(msg);
      }
    });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'bench', resume: [{ operationId, afterSeq }] })));
  });
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
