import { messagesOfPost, ServerMessage } from '../../src/protocol';

/** Parses a message from the host; anything that does not match the protocol is logged and dropped. */
export function parseServerMessage(raw: unknown): ServerMessage | undefined {
  const parsed = ServerMessage.safeParse(raw);
  if (parsed.success) return parsed.data;
  console.warn('[specwright] dropped an invalid message from the host', parsed.error.issues, raw);
  return undefined;
}

/** The valid messages of one post from the host, in order: the host batches what it sends in one task (src/core/hub/messageBatcher.ts). */
export function serverMessagesOfPost(data: unknown): ServerMessage[] {
  return messagesOfPost(data).flatMap((raw) => parseServerMessage(raw) ?? []);
}
