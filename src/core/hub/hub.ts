import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, type ClientMessage, type ServerMessage, type Snapshot } from '../../protocol';
import type { OperationBus } from '../operations/bus';
import { toDisposable, type Disposable } from '../util/disposable';
import { errorMessage } from './errors';
import { parseClientMessage } from './parse';
import { runRequest, type RequestContext, type RequestHandlers } from './requests';
import { Session } from './clientSession';
import type { Transport } from './transport';

export { HubError } from './errors';
export type { RequestContext, RequestHandlers } from './requests';

export interface HubOptions {
  bus: Pick<OperationBus, 'get' | 'subscribe' | 'onOperation'>;
  /** What a client needs to draw its first screen; built for every hello. */
  snapshot: () => Promise<Snapshot> | Snapshot;
  handlers: RequestHandlers;
  log?: (message: string) => void;
  onSelectFeature?: (feature: string | undefined, ctx: RequestContext) => void;
  /** A client says it rendered an operation up to `seq`. */
  onAck?: (operationId: string, seq: number, ctx: RequestContext) => void;
  newClientId?: () => string;
}

type MessageType = ClientMessage['type'];
type MessageOf<T extends MessageType> = Extract<ClientMessage, { type: T }>;
type MessageHandlers = { [T in MessageType]: (session: Session, msg: MessageOf<T>) => void | Promise<void> };

/** What a session may send before its hello has been answered. */
const BEFORE_HELLO: ReadonlySet<MessageType> = new Set(['hello', 'ping']);

/**
 * The one place every client (webview, browser over ws) talks to: validates what arrives,
 * answers requests through the handler table, and forwards operations and their events.
 * Nothing a client sends can break it: bad input gets an `error` or a failed `response`.
 */
export class Hub implements Disposable {
  private readonly sessions = new Set<Session>();
  private readonly busListener: Disposable;
  private readonly log: (message: string) => void;
  private disposed = false;

  private readonly messageHandlers: MessageHandlers = {
    hello: (session, msg) => this.hello(session, msg),
    ping: (session, msg) => session.send({ type: 'pong', ...(msg.id === undefined ? {} : { id: msg.id }) }),
    subscribe: (session, msg) => this.subscribe(session, msg.operationId, msg.afterSeq ?? 0, true),
    unsubscribe: (session, msg) => session.unfollow(msg.operationId),
    // Not awaited: a long request must not hold up the pings and subscribes queued behind it.
    request: (session, msg) => void this.request(session, msg),
    selectFeature: (session, msg) => {
      session.selectedFeature = msg.feature;
      this.options.onSelectFeature?.(msg.feature, { clientId: session.id });
    },
    ack: (session, msg) => this.options.onAck?.(msg.operationId, msg.seq, { clientId: session.id }),
  };

  constructor(private readonly options: HubOptions) {
    this.log = options.log ?? (() => undefined);
    this.busListener = options.bus.onOperation((summary) => {
      for (const session of this.sessions) session.pushOperation(summary);
    });
  }

  /** Starts a session on a new connection; disposing it ends the session (the transport stays the caller's). */
  connect(transport: Transport, info: { client?: string } = {}): Disposable {
    if (this.disposed) throw new Error('The hub has been disposed.');
    const session = new Session(this.options.newClientId?.() ?? randomUUID(), info.client ?? 'unknown', transport, this.options.bus, (s, error) => {
      this.log(`hub: dropping client ${s.id} (${s.client}), send failed: ${errorMessage(error)}`);
      this.end(s);
      try { transport.close?.(1011, 'send failed'); } catch { /* already gone */ }
    });
    this.sessions.add(session);
    const listeners = [
      transport.onMessage((raw) => this.receive(session, raw)),
      transport.onClose(() => this.end(session)),
    ];
    return toDisposable(() => {
      for (const listener of listeners) listener.dispose();
      this.end(session);
    });
  }

  /** Clients that completed the handshake. */
  clientCount(): number {
    let count = 0;
    for (const session of this.sessions) if (session.state === 'ready') count++;
    return count;
  }

  /** Any client connected, in its handshake or past it. */
  hasClients(): boolean {
    return this.sessions.size > 0;
  }

  /** Sends a host push (e.g. a fresh snapshot) to every client. */
  broadcast(msg: ServerMessage): void {
    for (const session of this.sessions) session.push(msg);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.busListener.dispose();
    for (const session of [...this.sessions]) {
      session.dispose();
      this.sessions.delete(session);
    }
  }

  private receive(session: Session, raw: unknown): void {
    if (session.isClosed) return;
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      session.send({ type: 'error', code: parsed.code, message: parsed.message });
      return;
    }
    const msg = parsed.message;
    session.enqueue(() => this.dispatch(session, msg), (error) => {
      this.log(`hub: ${msg.type} from ${session.id} failed: ${errorMessage(error)}`);
      session.send({ type: 'error', code: 'internal', message: errorMessage(error) });
    });
  }

  private dispatch(session: Session, msg: ClientMessage): void | Promise<void> {
    if (session.isClosed) return;
    if (session.state !== 'ready' && !BEFORE_HELLO.has(msg.type)) {
      const message = `Send hello before ${msg.type}.`;
      if (msg.type === 'request') session.send({ type: 'response', id: msg.id, ok: false, error: { code: 'not_ready', message } });
      else session.send({ type: 'error', code: 'not_ready', message });
      return;
    }
    return this.route(session, msg);
  }

  private route<T extends MessageType>(session: Session, msg: MessageOf<T>): void | Promise<void> {
    const handler: MessageHandlers[T] = this.messageHandlers[msg.type];
    return handler(session, msg);
  }

  private async hello(session: Session, msg: MessageOf<'hello'>): Promise<void> {
    const wasReady = session.state === 'ready';
    if (msg.protocol !== PROTOCOL_VERSION) this.log(`hub: client ${session.id} (${msg.client}) speaks protocol ${msg.protocol}, host ${PROTOCOL_VERSION}`);
    session.beginHandshake();
    let snapshot: Snapshot;
    try {
      snapshot = await this.options.snapshot();
    } catch (error) {
      session.abortHandshake();
      if (wasReady) this.broadcastPresence();
      this.log(`hub: snapshot for ${session.id} failed: ${errorMessage(error)}`);
      session.send({ type: 'error', code: 'internal', message: `Could not build the snapshot: ${errorMessage(error)}` });
      return;
    }
    if (session.isClosed) return;
    session.send({ type: 'welcome', clientId: session.id, protocol: PROTOCOL_VERSION, snapshot });
    session.completeHandshake((id) => this.options.bus.get(id));
    if (!wasReady) this.broadcastPresence();
    else session.send({ type: 'presence', clients: this.clientCount() });
    // Operations the host has forgotten are simply skipped: the snapshot already tells the client what exists.
    for (const point of msg.resume ?? []) this.subscribe(session, point.operationId, point.afterSeq, false);
  }

  private subscribe(session: Session, operationId: string, afterSeq: number, reportMissing: boolean): void {
    if (!this.options.bus.get(operationId)) {
      if (reportMissing) session.send({ type: 'error', code: 'not_found', message: `Unknown operation ${operationId}.` });
      return;
    }
    session.follow(operationId, afterSeq);
  }

  private async request(session: Session, msg: MessageOf<'request'>): Promise<void> {
    const outcome = await runRequest(this.options.handlers, msg.method, msg.params, { clientId: session.id });
    if (!outcome.ok && outcome.error.code === 'internal') this.log(`hub: ${msg.method} failed: ${outcome.error.message}`);
    session.send({ type: 'response', id: msg.id, ...outcome });
  }

  private end(session: Session): void {
    if (!this.sessions.delete(session)) return;
    const wasReady = session.state === 'ready';
    session.dispose();
    if (wasReady) this.broadcastPresence();
  }

  private broadcastPresence(): void {
    const msg: ServerMessage = { type: 'presence', clients: this.clientCount() };
    for (const session of this.sessions) if (session.state === 'ready') session.send(msg);
  }
}
