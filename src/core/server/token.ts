import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret per server start: 32 random bytes, base64url (a valid WebSocket subprotocol token, safe in a URL fragment). */
export const createToken = (): string => randomBytes(32).toString('base64url');

/** Constant-time comparison, so the time a wrong guess takes says nothing about how close it was. */
export function tokenMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
