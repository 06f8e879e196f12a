import type { WebSocket } from 'ws';
import type { ServerMessage } from '../../protocol';
import type { Transport } from '../hub/transport';
import type { Disposable } from '../util/disposable';

/**
 * One authenticated browser socket as the hub's Transport: JSON text frames out, raw frames in
 * (the hub validates them). A client that does not read what it is sent is dropped once its send
 * buffer passes `maxBufferedBytes`, instead of growing the host's memory; it reconnects and
 * replays what it missed.
 */
export class WsTransport implements Transport {
  private readonly messageListeners = new Set<(raw: unknown) => void>();
  private readonly closeListeners = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly onSlowConsumer: () => void,
  ) {}

  send(msg: ServerMessage): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.tooFarBehind()) return;
    this.socket.send(JSON.stringify(msg));
    this.tooFarBehind();
  }

  onMessage(cb: (raw: unknown) => void): Disposable {
    this.messageListeners.add(cb);
    return { dispose: () => this.messageListeners.delete(cb) };
  }

  onClose(cb: () => void): Disposable {
    this.closeListeners.add(cb);
    return { dispose: () => this.closeListeners.delete(cb) };
  }

  close(code?: number, reason?: string): void {
    if (this.closed) return;
    this.socket.close(code, reason);
  }

  /** A frame from the client, already past authentication and the rate limit. */
  deliver(raw: string): void {
    if (this.closed) return;
    for (const cb of this.messageListeners) cb(raw);
  }

  /** The socket is gone (closed, terminated or failed): the hub ends the session. */
  socketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cb of [...this.closeListeners]) cb();
    this.closeListeners.clear();
    this.messageListeners.clear();
  }

  private tooFarBehind(): boolean {
    if (this.socket.bufferedAmount <= this.maxBufferedBytes) return false;
    // A full buffer means a close frame would queue behind it too: cut the TCP connection.
    this.onSlowConsumer();
    this.socket.terminate();
    return true;
  }
}
