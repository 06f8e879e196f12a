/**
 * The web UI's WebSocket wire: the subprotocol and token it opens with, then how messages travel
 * in text frames. A frame from the client holds exactly one
 * message (the server's rate limit counts frames). A frame from the server holds one message, a
 * JSON object, or several, a JSON array of them in order: a burst such as a replay of thousands
 * of events goes out in a few frames instead of one frame (and one browser task) per event.
 */
import * as z from 'zod/mini';

// The web UI's socket before the hub sees anything: the subprotocol and the token.
/** The WebSocket subprotocol the web UI speaks; the server always selects it. */
export const WS_SUBPROTOCOL = 'specwright.v1';
/** A second offered subprotocol `specwright.token.<token>` carries the token without a round trip (never echoed back). */
export const WS_TOKEN_PROTOCOL_PREFIX = 'specwright.token.';
/** Or the first message on the socket carries it. Never a query string: those end up in logs. */
export const AuthMessage = z.object({ type: z.literal('auth'), token: z.string().check(z.maxLength(200)) });
export type AuthMessage = z.infer<typeof AuthMessage>;

/**
 * The JSON of a server message, worked out once per message: the bus hands every live
 * subscriber the same event item one after another, so it is stringified once, not once per
 * socket; an event read back from the journal comes with its JSON already
 * (`rememberMessageJson`). Only the last message is remembered, which is all that pattern
 * needs; messages are never changed after they are sent.
 */
let lastMessage: object | undefined;
let lastJson = '';
export function messageJson(msg: object): string {
  if (msg !== lastMessage) {
    lastJson = JSON.stringify(msg);
    lastMessage = msg;
  }
  return lastJson;
}

/** Tells `messageJson` the JSON of `msg`, about to be sent; `text` must parse to a value deep-equal to `msg`. */
export function rememberMessageJson(msg: object, text: string): void {
  lastMessage = msg;
  lastJson = text;
}

/** Joins messages already serialised with JSON.stringify into one frame. */
export function encodeServerFrame(messages: readonly string[]): string {
  return messages.length === 1 ? messages[0] : `[${messages.join(',')}]`;
}

/** The messages of a server frame, in order, still to be validated; a frame that is not JSON holds none. */
export function decodeServerFrame(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  return Array.isArray(parsed) ? parsed : [parsed];
}

/**
 * The messages of one host → webview post: a message (an object) or several in order (an
 * array), as a server frame but already parsed (postMessage clones structured data).
 */
export function messagesOfPost(data: unknown): unknown[] {
  return Array.isArray(data) ? data : [data];
}
