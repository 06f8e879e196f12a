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

/** What the connection indicator shows: the state plus where the reconnect schedule is. */
export interface ConnectionStatus {
  state: ConnectionState;
  /** Reconnect attempts made since the connection was lost (0 while connected). */
  attempt: number;
  maxAttempts: number;
  /** When the next attempt starts (epoch ms), while reconnecting. */
  retryAt?: number;
  /** Why it is in `error` (e.g. the token was refused). */
  reason?: string;
}

/** The websocket transport's controls for the UI (the VS Code transport has none). */
export interface ConnectionControl {
  status(): ConnectionStatus;
  onStatus(cb: (status: ConnectionStatus) => void): () => void;
  /** Things the user should be told, e.g. messages dropped from the offline queue. */
  onNotice(cb: (text: string) => void): () => void;
  /** Connect again now, starting a fresh series of attempts. */
  retry(): void;
}
