import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { AuthMessage, WS_SUBPROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, type ServerMessage } from '../../protocol';
import type { Hub } from '../hub/hub';
import type { Disposable } from '../util/disposable';
import { HostPolicy, urlHost } from './hostPolicy';
import { contentSecurityPolicy, createNonce, webUiPage } from './page';
import { readStaticFile } from './staticFiles';
import { THEME_CSS } from './theme';
import { createToken, tokenMatches } from './token';
import { TokenBucket } from './tokenBucket';
import { WsTransport } from './wsTransport';

/** WebSocket close codes the web UI uses (RFC 6455 §7.4.1). */
export const CloseCode = {
  goingAway: 1001,
  policyViolation: 1008,
  messageTooBig: 1009,
  tryAgainLater: 1013,
} as const;

export interface WebUiLimits {
  /** Largest frame a client may send; larger ones close the socket with 1009. */
  maxMessageBytes: number;
  /** Token bucket per connection: burst size and sustained messages per second. Past it: `rate_limited`, then 1008. */
  rateBurst: number;
  ratePerSecond: number;
  /** Sockets open at once with this server's token; one more is closed with 1013. */
  maxConnections: number;
  /** A client whose unsent data passes this is dropped (it reconnects and replays). */
  maxBufferedBytes: number;
  /** The server pings this often and terminates a socket that did not answer the previous ping. */
  heartbeatMs: number;
  /** A socket that has not authenticated by then is closed with 1008. */
  authTimeoutMs: number;
  /** Sockets open at once that have not presented the token yet; one more upgrade is answered HTTP 503. */
  maxUnauthenticated: number;
  /** Upgrades per remote address: burst and sustained per second. Past it: HTTP 429 before any handshake. */
  handshakeBurst: number;
  handshakesPerSecond: number;
}

export const DEFAULT_LIMITS: WebUiLimits = {
  maxMessageBytes: 1024 * 1024,
  rateBurst: 200,
  ratePerSecond: 50,
  maxConnections: 32,
  maxBufferedBytes: 8 * 1024 * 1024,
  heartbeatMs: 30_000,
  authTimeoutMs: 3_000,
  maxUnauthenticated: 16,
  handshakeBurst: 100,
  handshakesPerSecond: 50,
};

/** How long a refused socket may take to answer our close frame before it is cut. */
const REFUSED_CLOSE_MS = 1_000;
/** Remote addresses whose handshake rate is remembered; past it the table starts again (loopback has few). */
const MAX_RATE_ENTRIES = 1_024;
/** Time a client has to send its request headers (the upgrade included): a silent connection is cut. */
const HEADERS_TIMEOUT_MS = 5_000;

export interface WebUiServerOptions {
  hub: Pick<Hub, 'connect'>;
  /** The webview bundle (dist/webview): main.js, main.css, codicon.css, codicon.ttf. */
  staticDir: string;
  /** Address to bind; 127.0.0.1 unless the user explicitly chose another. */
  bindAddress?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  limits?: Partial<WebUiLimits>;
  /** More `Host` names to accept (e.g. a machine name when bound to a LAN address). */
  extraHosts?: readonly string[];
  log?: (message: string) => void;
}

export interface WebUiAddress {
  /** `http://127.0.0.1:<port>/` */
  origin: string;
  port: number;
  bindAddress: string;
  token: string;
  /** What to open: the origin with the token in the fragment, which browsers never send to a server. */
  url: string;
}

interface Client {
  socket: WebSocket;
  alive: boolean;
  authenticated: boolean;
  /** Being closed by us (wrong token, cap, flood): no longer counts against any cap. */
  refused?: boolean;
  transport?: WsTransport;
  session?: Disposable;
  authTimer?: NodeJS.Timeout;
}

/**
 * The external web UI: serves the webview bundle over HTTP and feeds browser sockets into the
 * same Hub as the VS Code view. What it adds is only protection: a per-start token, Host and
 * Origin checks, message size and rate limits, a connection cap, slow-consumer eviction and a
 * heartbeat.
 */
export class WebUiServer implements Disposable {
  readonly limits: WebUiLimits;
  private readonly log: (message: string) => void;
  private readonly clients = new Set<Client>();
  private readonly changeListeners = new Set<(connections: number) => void>();
  private readonly handshakeRates = new Map<string, TokenBucket>();
  private http?: Server;
  private wss?: WebSocketServer;
  private heartbeat?: NodeJS.Timeout;
  private policy?: HostPolicy;
  private current?: WebUiAddress;
  private starting?: Promise<WebUiAddress>;

  constructor(private readonly options: WebUiServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.log = options.log ?? (() => undefined);
  }

  /** Where it listens, while it runs. */
  get address(): WebUiAddress | undefined {
    return this.current;
  }

  /** Sockets that are open and have not presented the token yet. */
  get unauthenticated(): number {
    let n = 0;
    for (const client of this.clients) if (!client.authenticated && !client.refused) n++;
    return n;
  }

  /** Authenticated sockets. */
  get connections(): number {
    let n = 0;
    for (const client of this.clients) if (client.authenticated) n++;
    return n;
  }

  onConnectionsChanged(cb: (connections: number) => void): Disposable {
    this.changeListeners.add(cb);
    return { dispose: () => this.changeListeners.delete(cb) };
  }

  /** Starts listening (once; later calls return the same address). A new token is made for every start. */
  start(): Promise<WebUiAddress> {
    if (this.current) return Promise.resolve(this.current);
    this.starting ??= this.listen().finally(() => { this.starting = undefined; });
    return this.starting;
  }

  /** Closes every socket (1001) and stops listening; the token dies with it. */
  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const http = this.http;
    if (!http) return;
    this.http = undefined;
    this.current = undefined;
    clearInterval(this.heartbeat);
    for (const client of [...this.clients]) client.socket.close(CloseCode.goingAway, 'server stopping');
    // Give the close frames a moment, then cut whatever is still open.
    await new Promise((resolve) => setTimeout(resolve, 50).unref());
    for (const client of [...this.clients]) client.socket.terminate();
    this.wss?.close();
    this.wss = undefined;
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
  }

  dispose(): void {
    void this.stop();
  }

  /**
   * While it runs, also answers through an address that forwards to it (VS Code's
   * `asExternalUri` of `address.origin` when VS Code runs remotely): that exact host and origin.
   * A new start forgets it along with the token. False when not running or not an http(s) origin.
   */
  allowForwarded(externalUri: string): boolean {
    if (!this.current || !this.policy?.allowForwarded(externalUri)) return false;
    this.log(`web ui: also answering ${new URL(externalUri).origin} (forwarded)`);
    return true;
  }

  /** Cuts every socket without a close frame, as a network failure would (clients reconnect and replay). */
  dropConnections(): number {
    const n = this.clients.size;
    for (const client of [...this.clients]) client.socket.terminate();
    return n;
  }

  private async listen(): Promise<WebUiAddress> {
    const bindAddress = this.options.bindAddress ?? '127.0.0.1';
    const token = createToken();
    // Loaded at the first start: in the extension it is a file of its own (esbuild.mjs, LAZY).
    const { WebSocketServer: Server } = await import('ws');
    const wss = new Server({
      noServer: true,
      maxPayload: this.limits.maxMessageBytes,
      perMessageDeflate: false,
      // Select our protocol, never echo the token one back.
      handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
    });
    const http = createServer(
      // A connection that never finishes its request (slowloris) is cut, checked every second.
      { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 2 * HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
      (req, res) => void this.serveHttp(req, res),
    );
    http.on('upgrade', (req, socket, head) => this.upgrade(wss, req, socket, head, token));
    http.on('clientError', (_error, socket: Duplex) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.options.port ?? 0, bindAddress, () => {
        http.off('error', reject);
        resolve();
      });
    });
    const port = (http.address() as AddressInfo).port;
    this.http = http;
    this.wss = wss;
    this.policy = new HostPolicy(bindAddress, port, this.options.extraHosts);
    this.heartbeat = setInterval(() => this.beat(), this.limits.heartbeatMs);
    this.heartbeat.unref();
    const origin = `http://${urlHost(bindAddress)}:${port}/`;
    this.current = { origin, port, bindAddress, token, url: `${origin}#token=${token}` };
    return this.current;
  }

  private async serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(res);
    const host = req.headers.host;
    if (!this.policy?.allowsHost(host)) return plain(res, 403, 'Forbidden');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, 'Method Not Allowed');
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/healthz') {
      // No token needed, nothing revealed: not the version, not the workspace, not the clients.
      res.setHeader('Cache-Control', 'no-store');
      return send(res, 200, 'application/json; charset=utf-8', '{"status":"ok"}', req.method);
    }
    if (path === '/' || path === '/index.html') {
      const nonce = createNonce();
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, host));
      res.setHeader('Cache-Control', 'no-store');
      return send(res, 200, 'text/html; charset=utf-8', webUiPage(nonce), req.method);
    }
    if (path === '/theme.css') return send(res, 200, 'text/css; charset=utf-8', THEME_CSS, req.method);
    const file = await readStaticFile(this.options.staticDir, path);
    if (!file) return plain(res, 404, 'Not Found');
    res.setHeader('Cache-Control', 'no-cache');
    return send(res, 200, file.contentType, file.body, req.method);
  }

  private upgrade(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer, token: string): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const host = req.headers.host;
    // Cheapest checks first: nothing about the request is looked at for a client over its rate.
    if (!this.handshakeAllowed(req.socket.remoteAddress ?? '')) {
      this.log(`web ui: refused a socket from ${req.socket.remoteAddress ?? '?'}: over ${this.limits.handshakesPerSecond} handshakes/s`);
      return refuseUpgrade(socket, 429, 'Too Many Requests');
    }
    // A socket with the right token in its subprotocol authenticates at once: never held up by strangers.
    const offered = protocolToken(req.headers['sec-websocket-protocol']);
    const presentsToken = offered !== undefined && tokenMatches(token, offered);
    if (!presentsToken && this.unauthenticated >= this.limits.maxUnauthenticated) {
      this.log(`web ui: refused a socket, ${this.limits.maxUnauthenticated} are waiting to authenticate`);
      return refuseUpgrade(socket, 503, 'Service Unavailable');
    }
    if (path !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (!this.policy?.allowsHost(host)) {
      this.log(`web ui: refused a socket for host ${JSON.stringify(host ?? '')}`);
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (!this.policy.allowsOrigin(req.headers.origin, host)) {
      this.log(`web ui: refused a socket from origin ${JSON.stringify(req.headers.origin ?? '')}`);
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req, token));
  }

  private handshakeAllowed(address: string): boolean {
    let bucket = this.handshakeRates.get(address);
    if (!bucket) {
      if (this.handshakeRates.size >= MAX_RATE_ENTRIES) this.handshakeRates.clear();
      bucket = new TokenBucket({ capacity: this.limits.handshakeBurst, refillPerSecond: this.limits.handshakesPerSecond });
      this.handshakeRates.set(address, bucket);
    }
    return bucket.take();
  }

  private accept(socket: WebSocket, req: IncomingMessage, token: string): void {
    const client: Client = { socket, alive: true, authenticated: false };
    this.clients.add(client);
    socket.on('pong', () => { client.alive = true; });
    socket.on('error', (error) => this.log(`web ui: socket error: ${error.message}`));
    socket.on('close', () => this.closed(client));
    const offered = protocolToken(req.headers['sec-websocket-protocol']);
    if (offered !== undefined) {
      if (tokenMatches(token, offered)) this.authenticated(client);
      else this.refuse(client, 'unauthorized', 'The token is missing or wrong.');
      return;
    }
    // No token in the subprotocol: the first message must carry it.
    client.authTimer = setTimeout(() => this.refuse(client, 'unauthorized', 'No token was presented.'), this.limits.authTimeoutMs);
    client.authTimer.unref();
    socket.once('message', (data) => {
      clearTimeout(client.authTimer);
      if (this.clients.has(client) && !client.authenticated && isAuth(data, token)) this.authenticated(client);
      else this.refuse(client, 'unauthorized', 'The token is missing or wrong.');
    });
  }

  private authenticated(client: Client): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (this.connections >= this.limits.maxConnections) {
      this.log(`web ui: refused a connection, ${this.limits.maxConnections} are open`);
      this.closeRefused(client, CloseCode.tryAgainLater, 'too many connections');
      return;
    }
    client.authenticated = true;
    const transport = new WsTransport(client.socket, this.limits.maxBufferedBytes, () =>
      this.log(`web ui: dropped a client that stopped reading (over ${this.limits.maxBufferedBytes} bytes unsent)`),
    );
    client.transport = transport;
    const bucket = new TokenBucket({ capacity: this.limits.rateBurst, refillPerSecond: this.limits.ratePerSecond });
    client.socket.on('message', (data) => {
      if (!client.authenticated) return;
      if (!bucket.take()) {
        this.refuse(client, 'rate_limited', 'Too many messages: slow down and reconnect.');
        return;
      }
      transport.deliver(rawText(data));
    });
    client.session = this.options.hub.connect(transport, { client: 'browser' });
    this.changed();
  }

  private refuse(client: Client, code: 'unauthorized' | 'rate_limited', message: string): void {
    client.authenticated = false;
    const socket = client.socket;
    if (socket.readyState !== socket.OPEN) return;
    const error: ServerMessage = { type: 'error', code, message };
    socket.send(JSON.stringify(error));
    this.closeRefused(client, CloseCode.policyViolation, code);
    client.transport?.socketClosed();
  }

  /** Closes a socket we refused; one that does not answer the close frame soon is cut. */
  private closeRefused(client: Client, code: number, reason: string): void {
    client.refused = true;
    clearTimeout(client.authTimer);
    client.socket.close(code, reason);
    setTimeout(() => client.socket.terminate(), REFUSED_CLOSE_MS).unref();
  }

  private closed(client: Client): void {
    if (!this.clients.delete(client)) return;
    clearTimeout(client.authTimer);
    client.transport?.socketClosed();
    client.session?.dispose();
    if (client.session) this.changed();
  }

  /** Terminates sockets that did not answer the last ping, then pings the rest. */
  private beat(): void {
    for (const client of [...this.clients]) {
      if (!client.alive) {
        this.log('web ui: a client missed its heartbeat; disconnecting it');
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      try { client.socket.ping(); } catch { /* closing already */ }
    }
  }

  private changed(): void {
    const n = this.connections;
    for (const cb of this.changeListeners) cb(n);
  }
}

/** `specwright.token.<token>` among the offered subprotocols, if any. */
function protocolToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const name = part.trim();
    if (name.startsWith(WS_TOKEN_PROTOCOL_PREFIX)) return name.slice(WS_TOKEN_PROTOCOL_PREFIX.length);
  }
  return undefined;
}

function isAuth(data: RawData, token: string): boolean {
  try {
    const parsed = AuthMessage.safeParse(JSON.parse(rawText(data)));
    return parsed.success && tokenMatches(token, parsed.data.token);
  } catch {
    return false;
  }
}

const rawText = (data: RawData): string =>
  Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, method?: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(method === 'HEAD' ? undefined : body);
}

const plain = (res: ServerResponse, status: number, text: string): void => send(res, status, 'text/plain; charset=utf-8', text);
