import type { ClientMessage, ServerMessage } from '../../src/protocol';

/**
 * Connection state of a transport. The VS Code transport is always `connected`; the websocket
 * transport moves through the others as it connects, drops and retries.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'error';

/** The client side of the one protocol: the same UI runs over postMessage or a websocket. */
export interface Transport {
  readonly state: ConnectionState;
  send(msg: ClientMessage): void;
  /** Only messages that passed `ServerMessage.safeParse` reach the callback. Returns an unsubscribe. */
  onMessage(cb: (msg: ServerMessage) => void): () => void;
  onState(cb: (state: ConnectionState) => void): () => void;
}

/** Where the UI keeps what must survive the view being hidden or reloaded. */
export interface UiStorage {
  load(): unknown;
  save(state: unknown): void;
}
