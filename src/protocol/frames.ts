/**
 * How messages travel in WebSocket text frames. A frame from the client holds exactly one
 * message (the server's rate limit counts frames). A frame from the server holds one message, a
 * JSON object, or several, a JSON array of them in order: a burst such as a replay of thousands
 * of events goes out in a few frames instead of one frame (and one browser task) per event.
 */

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
