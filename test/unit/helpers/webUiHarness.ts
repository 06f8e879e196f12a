import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, WS_SUBPROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, decodeServerFrame, type ClientMessage, type ServerMessage } from '../../../src/protocol';
import { Hub, type RequestHandlers } from '../../../src/core/hub/hub';
import { OperationBus } from '../../../src/core/operations/bus';
import { WebUiServer, type WebUiAddress, type WebUiLimits } from '../../../src/core/server/webUiServer';

/** A folder standing in for dist/webview. */
export function fakeBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'specwright-bundle-'));
  writeFileSync(join(dir, 'main.js'), 'console.log("bundle")');
  writeFileSync(join(dir, 'main.css'), 'body{}');
  writeFileSync(join(dir, 'codicon.css'), '');
  return dir;
}

const unused = async (): Promise<never> => { throw new Error('not used in these tests'); };

/**
 * The few request methods these tests call; every other one (the list grows with the product)
 * answers with an error. The server tests exercise the socket, not the use cases.
 */
export function stubHandlers(bus: OperationBus): RequestHandlers {
  const known: Partial<RequestHandlers> = {
    generate: async (params) => ({ operationId: bus.create({ kind: params.kind, feature: params.feature, featureName: 'f', agent: 'scaffold' }).id }),
    cancel: async () => ({ cancelled: false }),
    listFeatures: async () => ({ features: [] }),
  };
  return new Proxy(known, { get: (target, key) => (target as Record<string | symbol, unknown>)[key] ?? unused }) as RequestHandlers;
}

export interface Harness {
  bus: OperationBus;
  hub: Hub;
  server: WebUiServer;
  address: WebUiAddress;
  logs: string[];
  /** `host:port` as the page's own origin names it. */
  host: string;
  close(): Promise<void>;
}

export async function startHarness(limits: Partial<WebUiLimits> = {}, busOptions: ConstructorParameters<typeof OperationBus>[0] = {}): Promise<Harness> {
  const bus = new OperationBus(busOptions);
  const hub = new Hub({ bus, handlers: stubHandlers(bus), snapshot: () => ({ operations: bus.list(), features: [], agents: [], defaultAgent: 'scaffold', trusted: true }) });
  const logs: string[] = [];
  const server = new WebUiServer({ hub, staticDir: fakeBundle(), limits, log: (m) => logs.push(m) });
  const address = await server.start();
  return {
    bus, hub, server, address, logs,
    host: `127.0.0.1:${address.port}`,
    close: async () => {
      await server.stop();
      hub.dispose();
      bus.dispose();
    },
  };
}

export interface OpenOptions {
  /** Token in the subprotocol (default), in a first `auth` message, or not at all. */
  auth?: 'protocol' | 'message' | 'none';
  token?: string;
  origin?: string | null;
  host?: string;
  autoPong?: boolean;
}

/** A ws client that records every message and how the socket ended. */
export class TestClient {
  readonly received: ServerMessage[] = [];
  closeCode?: number;
  closeReason?: string;
  unexpectedStatus?: number;
  readonly closed: Promise<number>;
  /** Text frames received; one may hold several messages. */
  frames = 0;
  private waiters: Array<{ test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames += 1;
      for (const msg of decodeServerFrame(String(data)) as ServerMessage[]) this.receive(msg);
    });
    socket.on('unexpected-response', (_req, res) => {
      this.unexpectedStatus = res.statusCode;
      socket.terminate();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      resolve(code);
    }));
  }

  private receive(msg: ServerMessage): void {
    this.received.push(msg);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(msg)) return true;
      w.resolve(msg);
      return false;
    });
  }

  static open(h: Pick<Harness, 'address' | 'host'>, options: OpenOptions = {}): TestClient {
    const token = options.token ?? h.address.token;
    const auth = options.auth ?? 'protocol';
    const protocols = auth === 'protocol' ? [WS_SUBPROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`] : [WS_SUBPROTOCOL];
    const headers: Record<string, string> = {};
    if (options.host) headers.Host = options.host;
    const origin = options.origin === undefined ? `http://${options.host ?? h.host}` : options.origin;
    const socket = new WebSocket(`ws://127.0.0.1:${h.address.port}/ws`, protocols, {
      ...(origin === null ? {} : { origin }),
      headers,
      autoPong: options.autoPong ?? true,
    });
    const client = new TestClient(socket);
    if (auth === 'message') socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
    return client;
  }

  /** Opens, says hello (optionally resuming) and waits for the welcome. */
  static async ready(h: Pick<Harness, 'address' | 'host'>, options: OpenOptions & { resume?: { operationId: string; afterSeq: number }[] } = {}): Promise<TestClient> {
    const client = TestClient.open(h, options);
    await client.opened();
    client.send({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test', ...(options.resume ? { resume: options.resume } : {}) });
    await client.waitFor('welcome');
    return client;
  }

  opened(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('close', () => reject(new Error(`closed before opening (${this.closeCode ?? this.unexpectedStatus})`)));
    });
  }

  send(msg: ClientMessage | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(msg));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** A message of a type received already, or else the next one. */
  waitFor<T extends ServerMessage['type']>(type: T, where: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true): Promise<Extract<ServerMessage, { type: T }>> {
    const seen = this.ofType(type).find(where);
    return seen ? Promise.resolve(seen) : this.next(type, where);
  }

  /** The next message of a type (only those arriving from now on). */
  next<T extends ServerMessage['type']>(type: T, where: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true): Promise<Extract<ServerMessage, { type: T }>> {
    const test = (m: ServerMessage): boolean => m.type === type && where(m as Extract<ServerMessage, { type: T }>);
    return new Promise((resolve) => this.waiters.push({ test, resolve: (m) => resolve(m as Extract<ServerMessage, { type: T }>) }));
  }

  ofType<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }

  close(): Promise<number> {
    this.socket.close();
    return this.closed;
  }
}

/** Resolves when `check` holds, polling; fails with `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
