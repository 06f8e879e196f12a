import type { ServerMessage } from '../../../src/protocol';
import { ListenerTransport } from '../../../src/core/hub/transport';

type MessageOfType<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** An in-memory client connection: records what the hub sends, lets a test speak for the client. */
export class FakeTransport extends ListenerTransport {
  readonly sent: ServerMessage[] = [];
  /** Set to make every send throw, like a socket that died under the hub. */
  failSends = false;
  closedWith?: { code?: number; reason?: string };

  send(msg: ServerMessage): void {
    if (this.failSends) throw new Error('socket is gone');
    // A round trip through JSON, as a real transport would do, so tests see only what survives it.
    this.sent.push(JSON.parse(JSON.stringify(msg)) as ServerMessage);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }

  /** The client goes away. */
  disconnect(): void {
    this.emitClose();
  }

  ofType<T extends ServerMessage['type']>(type: T): MessageOfType<T>[] {
    return this.sent.filter((msg): msg is MessageOfType<T> => msg.type === type);
  }

  last(): ServerMessage | undefined {
    return this.sent.at(-1);
  }

  /** Returns what was sent so far and forgets it. */
  take(): ServerMessage[] {
    return this.sent.splice(0);
  }
}

/** Lets the hub's queued message handling and pending handler promises run. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};
