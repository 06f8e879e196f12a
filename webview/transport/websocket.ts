import { WS_SUBPROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, decodeServerFrame, type ClientMessage, type ServerMessage } from '../../src/protocol';
import { DEFAULT_BACKOFF, reconnectDelay, type BackoffOptions } from './backoff';
import type { ConnectionControl, ConnectionState, ConnectionStatus, Transport } from './types';
import { parseServerMessage } from './validate';

/** The part of the DOM WebSocket this transport uses (tests pass a fake). */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

/** The timers it uses (tests pass fake ones). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface WebSocketTransportOptions {
  /** `ws://host:port/ws` */
  url: string;
  token: string;
  createSocket?: SocketFactory;
  timers?: Timers;
  random?: () => number;
  backoff?: Partial<BackoffOptions>;
  /** An application ping goes out this often while connected… */
  pingIntervalMs?: number;
  /** …and without its pong within this long the connection counts as dead. */
  pongTimeoutMs?: number;
  /** Messages kept while offline; past it the oldest are dropped and the user told. */
  queueLimit?: number;
}

const browserTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** Messages that make no sense to replay later: a new connection says its own hello, and a stale ping proves nothing. */
const NOT_QUEUED: ReadonlySet<ClientMessage['type']> = new Set(['hello', 'ping']);

/**
 * The browser side of the external web UI. Connects with the token in the subprotocol, keeps
 * the connection alive with application pings, and when it drops reconnects with exponential
 * backoff (1 s ×1.5 up to 30 s, jittered, 10 attempts, then "Disconnected — Retry"). What the UI
 * sends while offline waits in a bounded queue. The Store says hello with `resume` on every
 * `connected`, so the host replays exactly what was missed.
 */
export class WebSocketTransport implements Transport, ConnectionControl {
  private current: ConnectionStatus;
  private socket?: SocketLike;
  private readonly messageListeners = new Set<(msg: ServerMessage) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly noticeListeners = new Set<(text: string) => void>();
  private readonly queue: ClientMessage[] = [];
  private droppedWhileOffline = 0;
  private retryTimer?: unknown;
  private pingTimer?: unknown;
  private pongTimer?: unknown;
  private pingCount = 0;
  private awaitingPong?: string;
  private disposed = false;
  private readonly createSocket: SocketFactory;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private readonly pingIntervalMs: number;
  private readonly pongTimeoutMs: number;
  private readonly queueLimit: number;

  constructor(private readonly options: WebSocketTransportOptions) {
    // The DOM WebSocket has these members; its handler types are only wider than SocketLike's.
    this.createSocket = options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike);
    this.timers = options.timers ?? browserTimers;
    this.random = options.random ?? Math.random;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.pingIntervalMs = options.pingIntervalMs ?? 30_000;
    this.pongTimeoutMs = options.pongTimeoutMs ?? 5_000;
    this.queueLimit = options.queueLimit ?? 50;
    this.current = { state: 'idle', attempt: 0, maxAttempts: this.backoff.maxAttempts };
  }

  get state(): ConnectionState {
    return this.current.state;
  }

  status(): ConnectionStatus {
    return this.current;
  }

  /** Messages waiting for the connection (newest last). */
  get queued(): readonly ClientMessage[] {
    return this.queue;
  }

  /** Opens the first connection. */
  connect(): void {
    if (this.disposed || this.state !== 'idle') return;
    this.open('connecting');
  }

  retry(): void {
    if (this.disposed || this.state === 'connected' || this.state === 'connecting') return;
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.current = { ...this.current, attempt: 0 };
    this.open('connecting');
  }

  send(msg: ClientMessage): void {
    if (this.state === 'connected' && this.socket) {
      this.socket.send(JSON.stringify(msg));
      return;
    }
    if (NOT_QUEUED.has(msg.type)) return;
    this.queue.push(msg);
    if (this.queue.length <= this.queueLimit) return;
    this.queue.shift();
    this.droppedWhileOffline += 1;
    const n = this.droppedWhileOffline;
    this.notice(`Offline: ${n} older message${n === 1 ? ' was' : 's were'} dropped (only the newest ${this.queueLimit} are kept until the connection is back).`);
  }

  onMessage(cb: (msg: ServerMessage) => void): () => void {
    this.messageListeners.add(cb);
    return () => this.messageListeners.delete(cb);
  }

  onState(cb: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(cb);
    return () => this.stateListeners.delete(cb);
  }

  onStatus(cb: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(cb);
    return () => this.statusListeners.delete(cb);
  }

  onNotice(cb: (text: string) => void): () => void {
    this.noticeListeners.add(cb);
    return () => this.noticeListeners.delete(cb);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopTimers();
    this.timers.clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      detach(socket);
      socket.close(1000, 'page closed');
    }
    this.setStatus({ state: 'idle', attempt: 0, maxAttempts: this.backoff.maxAttempts });
    this.messageListeners.clear();
    this.stateListeners.clear();
    this.statusListeners.clear();
    this.noticeListeners.clear();
  }

  private open(state: 'connecting' | 'reconnecting'): void {
    this.setStatus({ ...this.current, state, retryAt: undefined, reason: undefined });
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url, [WS_SUBPROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${this.options.token}`]);
    } catch {
      this.lost(1006, '');
      return;
    }
    this.socket = socket;
    let authRefused = false;
    socket.onopen = () => this.opened(socket);
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      // One frame may hold several messages (a replay); each is checked on its own.
      for (const raw of decodeServerFrame(event.data)) {
        if (socket !== this.socket) return;
        const parsed = parseServerMessage(raw);
        if (!parsed) continue;
        if (parsed.type === 'error' && parsed.code === 'unauthorized') authRefused = true;
        if (parsed.type === 'pong' && parsed.id !== undefined && parsed.id === this.awaitingPong) this.ponged();
        for (const cb of this.messageListeners) cb(parsed);
      }
    };
    socket.onerror = () => undefined;
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      detach(socket);
      this.lost(event.code, authRefused || event.reason === 'unauthorized' ? 'unauthorized' : event.reason);
    };
  }

  private opened(socket: SocketLike): void {
    if (socket !== this.socket) return;
    this.setStatus({ state: 'connected', attempt: 0, maxAttempts: this.backoff.maxAttempts });
    this.schedulePing();
    // State listeners (the Store) said hello above; what waited offline goes after it, oldest first.
    const waiting = this.queue.splice(0);
    this.droppedWhileOffline = 0;
    for (const msg of waiting) {
      if (this.socket !== socket || this.state !== 'connected') {
        this.queue.unshift(...waiting.slice(waiting.indexOf(msg)));
        break;
      }
      socket.send(JSON.stringify(msg));
    }
  }

  private lost(code: number, reason: string): void {
    this.stopTimers();
    if (this.disposed) return;
    if (code === 1008 && reason === 'unauthorized') {
      // Retrying a refused token cannot help: the server restarted with a new one.
      this.setStatus({ state: 'error', attempt: 0, maxAttempts: this.backoff.maxAttempts, reason: 'The access token was refused. Open the address Specwright printed when the server started.' });
      return;
    }
    const attempt = this.current.attempt + 1;
    if (attempt > this.backoff.maxAttempts) {
      this.setStatus({ state: 'disconnected', attempt: this.current.attempt, maxAttempts: this.backoff.maxAttempts });
      return;
    }
    const delay = reconnectDelay(attempt, this.random, this.backoff);
    this.setStatus({ state: 'reconnecting', attempt, maxAttempts: this.backoff.maxAttempts, retryAt: this.timers.now() + delay });
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = undefined;
      this.open('reconnecting');
    }, delay);
  }

  private schedulePing(): void {
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = undefined;
      const socket = this.socket;
      if (!socket || this.state !== 'connected') return;
      const id = `hb-${++this.pingCount}`;
      this.awaitingPong = id;
      socket.send(JSON.stringify({ type: 'ping', id } satisfies ClientMessage));
      this.pongTimer = this.timers.setTimeout(() => this.heartbeatMissed(socket), this.pongTimeoutMs);
    }, this.pingIntervalMs);
  }

  private ponged(): void {
    this.awaitingPong = undefined;
    this.timers.clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
    this.schedulePing();
  }

  /** No pong: the connection is dead even if the browser has not noticed. Abandon it and reconnect. */
  private heartbeatMissed(socket: SocketLike): void {
    this.pongTimer = undefined;
    if (socket !== this.socket) return;
    this.socket = undefined;
    detach(socket);
    try { socket.close(4000, 'heartbeat timeout'); } catch { /* already closing */ }
    this.lost(1006, 'heartbeat timeout');
  }

  private stopTimers(): void {
    this.timers.clearTimeout(this.pingTimer);
    this.timers.clearTimeout(this.pongTimer);
    this.pingTimer = undefined;
    this.pongTimer = undefined;
    this.awaitingPong = undefined;
  }

  private setStatus(next: ConnectionStatus): void {
    const stateChanged = next.state !== this.current.state;
    this.current = next;
    for (const cb of [...this.statusListeners]) cb(next);
    if (stateChanged) for (const cb of [...this.stateListeners]) cb(next.state);
  }

  private notice(text: string): void {
    for (const cb of [...this.noticeListeners]) cb(text);
  }
}

function detach(socket: SocketLike): void {
  socket.onopen = null;
  socket.onclose = null;
  socket.onmessage = null;
  socket.onerror = null;
}

