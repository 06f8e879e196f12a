import type { ServerMessage } from '../../protocol';

export interface MessageBatcherOptions {
  /** A batch is posted at once when it holds this many messages, without waiting for the end of the task. */
  maxMessages?: number;
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
  private readonly maxMessages: number;

  constructor(private readonly post: (batch: ServerMessage | ServerMessage[]) => void, options: MessageBatcherOptions = {}) {
    this.maxMessages = Math.max(1, options.maxMessages ?? 500);
  }

  send(msg: ServerMessage): void {
    this.pending.push(msg);
    if (this.pending.length >= this.maxMessages) {
      this.flush();
      return;
    }
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  /** Posts what is waiting now. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.post(batch.length === 1 ? batch[0] : batch);
  }

  /** Forgets what is waiting (the client is gone). */
  discard(): void {
    this.pending = [];
  }
}
