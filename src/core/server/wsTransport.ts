import type { WebSocket } from 'ws';
import { encodeServerFrame, messageJson, type ServerMessage } from '../../protocol';
import { ListenerTransport } from '../hub/transport';

/** A frame is sent once this much is waiting, without waiting for the end of the burst. */
const FRAME_BYTES = 64 * 1024;

/**
 * One authenticated browser socket as the hub's Transport: JSON text frames out, raw frames in
 * (the hub validates them). What is sent in one go (a replay, a burst of agent output) leaves in
 * as few frames as fit FRAME_BYTES, at the end of the current task (see protocol/frames.ts). A
 * client that does not read what it is sent is dropped once its send buffer passes
 * `maxBufferedBytes`, instead of growing the host's memory; it reconnects and replays what it
 * missed.
 */
export class WsTransport extends ListenerTransport {
  private closed = false;
  private pending: string[] = [];
  private pendingBytes = 0;
  private flushQueued = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly onSlowConsumer: () => void,
  ) {
    super();
  }

  send(msg: ServerMessage): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    const text = messageJson(msg);
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FRAME_BYTES) {
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

  /** Sends what is waiting as one frame. */
  private flush(): void {
    if (this.pending.length === 0) return;
    const messages = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.tooFarBehind()) return;
    this.socket.send(encodeServerFrame(messages));
    this.tooFarBehind();
  }

  close(code?: number, reason?: string): void {
    if (this.closed) return;
    this.flush();
    this.socket.close(code, reason);
  }

  /** A frame from the client, already past authentication and the rate limit. */
  override deliver(raw: string): void {
    if (this.closed) return;
    super.deliver(raw);
  }

  /** The socket is gone (closed, terminated or failed): the hub ends the session. */
  socketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.pendingBytes = 0;
    this.emitClose();
  }

  private tooFarBehind(): boolean {
    if (this.socket.bufferedAmount <= this.maxBufferedBytes) return false;
    // A full buffer means a close frame would queue behind it too: cut the TCP connection.
    this.onSlowConsumer();
    this.socket.terminate();
    return true;
  }
}
