import type { ServerMessage } from '../../protocol';
import type { Disposable } from '../util/disposable';

/**
 * One client connection as the hub sees it: a webview (postMessage, objects arrive parsed) or a
 * WebSocket (text frames, JSON strings arrive raw). The hub validates whatever arrives.
 */
export interface Transport {
  send(msg: ServerMessage): void;
  onMessage(cb: (raw: unknown) => void): Disposable;
  onClose(cb: () => void): Disposable;
  /** Closes the connection from the host side, e.g. when the hub shuts down or a send failed. */
  close?(code?: number, reason?: string): void;
}

/**
 * The listener bookkeeping every Transport has: a subclass sends, and calls `deliver` with what
 * arrives from its client and `emitClose` when the connection ends.
 */
export abstract class ListenerTransport implements Transport {
  private readonly messageListeners = new Set<(raw: unknown) => void>();
  private readonly closeListeners = new Set<() => void>();

  abstract send(msg: ServerMessage): void;

  onMessage(cb: (raw: unknown) => void): Disposable {
    this.messageListeners.add(cb);
    return { dispose: () => this.messageListeners.delete(cb) };
  }

  onClose(cb: () => void): Disposable {
    this.closeListeners.add(cb);
    return { dispose: () => this.closeListeners.delete(cb) };
  }

  /** Something the client sent (a JSON string from a socket, an object from postMessage). */
  deliver(raw: unknown): void {
    for (const cb of this.messageListeners) cb(raw);
  }

  /** Tells the listeners the connection is gone. */
  protected emitClose(): void {
    for (const cb of [...this.closeListeners]) cb();
  }
}
