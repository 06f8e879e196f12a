import type { ServerMessage } from '../../protocol';

export interface MessageBatcherOptions {
  /** A batch is posted at once when it holds this many messages, without waiting for the end of the task. */
  maxMessages?: number;
  /**
   * Least time between two posts: what arrives sooner after a post waits for the next one. A
   * message after a quiet spell still goes at the end of its task; a stream of them goes out
   * every `minIntervalMs` instead of once per task (each post has a fixed cost on its way to a
   * webview). 0 (the default): once per task.
   */
  minIntervalMs?: number;
  now?: () => number;
}

/**
 * Groups what the hub sends a client in one task (a replay, a burst of agent output) into one
 * post at the end of that task, the way WsTransport groups a socket's frames: a run of thousands
 * of events is a few hundred posts to a webview, not one message event per event. A batch of one
 * is posted as the message itself; several as an array in order (protocol/frames.ts).
 */
export class MessageBatcher {
  private pending: ServerMessage[] = [];
  private flushQueued = false;
  private timer?: ReturnType<typeof setTimeout>;
  private lastPost = -Infinity;
  private readonly maxMessages: number;
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  constructor(private readonly post: (batch: ServerMessage | ServerMessage[]) => void, options: MessageBatcherOptions = {}) {
    this.maxMessages = Math.max(1, options.maxMessages ?? 500);
    this.minIntervalMs = Math.max(0, options.minIntervalMs ?? 0);
    this.now = options.now ?? (() => performance.now());
  }

  send(msg: ServerMessage): void {
    this.pending.push(msg);
    if (this.pending.length >= this.maxMessages) {
      this.flush();
      return;
    }
    if (this.flushQueued) return;
    this.flushQueued = true;
    const wait = this.lastPost + this.minIntervalMs - this.now();
    if (wait <= 0) queueMicrotask(() => this.flush());
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Posts what is waiting now. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushQueued = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.lastPost = this.now();
    this.post(batch.length === 1 ? batch[0] : batch);
  }

  /** Forgets what is waiting (the client is gone). */
  discard(): void {
    this.pending = [];
    this.flush();
  }
}
