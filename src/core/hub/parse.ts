import type * as z from 'zod/mini';
import { ClientMessage, type ErrorCode } from '../../protocol';

export type ParseOutcome =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: ErrorCode; message: string };

const KNOWN_TYPES: ReadonlySet<string> = new Set(ClientMessage._zod.def.options.flatMap((option) => option.shape.type._zod.def.values.map(String)));

/**
 * Turns whatever a transport delivered into a checked ClientMessage, or says which stable error
 * code describes the problem. Distinguishing an unknown `type` from bad fields tells a newer
 * client that the host is older, rather than that it sent garbage.
 */
export function parseClientMessage(raw: unknown): ParseOutcome {
  let value = raw;
  if (raw instanceof Uint8Array) value = new TextDecoder().decode(raw);
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return { ok: false, code: 'invalid_json', message: 'The message is not valid JSON.' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'invalid_message', message: 'A message must be a JSON object with a "type".' };
  }
  const type: unknown = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return { ok: false, code: 'invalid_message', message: 'The message has no string "type".' };
  if (!KNOWN_TYPES.has(type)) return { ok: false, code: 'unknown_type', message: `Unknown message type "${type.slice(0, 100)}".` };
  const parsed = ClientMessage.safeParse(value);
  if (!parsed.success) return { ok: false, code: 'invalid_message', message: `Invalid ${type} message: ${describeIssues(parsed.error)}` };
  return { ok: true, message: parsed.data };
}

/** A short, single-line account of what failed validation (the first few issues). */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
