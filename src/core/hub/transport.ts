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
