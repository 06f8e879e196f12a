import type { OperationSummary, ServerMessage } from '../../protocol';
import type { OperationBus } from '../operations/bus';
import type { Disposable } from '../util/disposable';
import type { Transport } from './transport';

/** What a session needs from the bus: following one operation's events. */
export type SessionBus = Pick<OperationBus, 'subscribe'>;

/**
 * - `new`: connected, no hello yet; only hello and ping are served.
 * - `handshaking`: hello received, snapshot being built; pushes are held back so none lands before `welcome`.
 * - `ready`: welcomed; gets every push.
 */
export type SessionState = 'new' | 'handshaking' | 'ready';

/**
 * One connected client: its transport, its operation subscriptions and what it has selected.
 * A failing transport ends the session through `onBroken` instead of throwing into the hub.
 */
export class Session implements Disposable {
  state: SessionState = 'new';
  selectedFeature?: string;
  private closed = false;
  private readonly subscriptions = new Map<string, Disposable>();
  /** Operations that changed during the handshake; their current summary is sent after `welcome`. */
  private readonly heldOperations = new Set<string>();
  private readonly heldMessages: ServerMessage[] = [];
  /** Messages are handled one after another, so nothing overtakes a hello still fetching its snapshot. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly client: string,
    private readonly transport: Transport,
    private readonly bus: SessionBus,
    private readonly onBroken: (session: Session, error: unknown) => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues a task behind the ones already running for this session; a failing task does not stop the queue. */
  enqueue(task: () => void | Promise<void>, onError: (error: unknown) => void): void {
    this.tail = this.tail.then(task).catch(onError);
  }

  send(msg: ServerMessage): void {
    if (this.closed) return;
    try {
      this.transport.send(msg);
    } catch (error) {
      this.onBroken(this, error);
    }
  }

  /** Sends a host push now, or after `welcome` if the handshake is still running. */
  push(msg: ServerMessage): void {
    if (this.state === 'ready') this.send(msg);
    else if (this.state === 'handshaking') this.heldMessages.push(msg);
  }

  pushOperation(summary: OperationSummary): void {
    if (this.state === 'ready') this.send({ type: 'operation', summary });
    else if (this.state === 'handshaking') this.heldOperations.add(summary.id);
  }

  /** Starts (or restarts) a handshake: a second hello begins from a clean slate. */
  beginHandshake(): void {
    this.unfollowAll();
    this.heldOperations.clear();
    this.heldMessages.length = 0;
    this.state = 'handshaking';
  }

  /** Marks the session ready and releases what was held back; `current` gives an operation's latest summary. */
  completeHandshake(current: (id: string) => OperationSummary | undefined): void {
    this.state = 'ready';
    for (const msg of this.heldMessages.splice(0)) this.send(msg);
    // The latest summary, never the one captured during the handshake, so a client cannot step back in time.
    for (const id of this.heldOperations) {
      const summary = current(id);
      if (summary) this.send({ type: 'operation', summary });
    }
    this.heldOperations.clear();
  }

  abortHandshake(): void {
    this.heldOperations.clear();
    this.heldMessages.length = 0;
    this.state = 'new';
  }

  /** Forwards an operation's events after `afterSeq`; following it again replaces the old subscription. */
  follow(operationId: string, afterSeq: number): void {
    this.unfollow(operationId);
    let finished = false;
    const subscription = this.bus.subscribe(operationId, afterSeq, (item) => {
      this.send(item);
      if (item.type !== 'finished') return;
      // Nothing comes after `finished`, so forget the subscription. A replaced subscription is
      // disposed and never gets here, so the entry deleted is always this one's.
      finished = true;
      this.subscriptions.delete(operationId);
    });
    if (!finished && !this.closed) this.subscriptions.set(operationId, subscription);
    else subscription.dispose();
  }

  unfollow(operationId: string): void {
    this.subscriptions.get(operationId)?.dispose();
    this.subscriptions.delete(operationId);
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.unfollowAll();
    this.heldOperations.clear();
    this.heldMessages.length = 0;
  }

  private unfollowAll(): void {
    for (const subscription of this.subscriptions.values()) subscription.dispose();
    this.subscriptions.clear();
  }
}
