/** Small helpers for findings about requirements and tasks: quoting a text, pointing at an id on a line. */
import type { Finding } from '../../protocol';

/** A text on one line, cut to `max` characters: enough to recognise a requirement in a message. */
export function clip(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The range of `token` as a whole word on a line (T01 does not match inside T010); none when absent. */
export function tokenRange(text: string, line: number, token: string | undefined): Pick<Finding, 'range'> {
  if (!token) return {};
  const m = new RegExp(`(?<![\\w-])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).exec(text);
  return m ? { range: { start: { line, character: m.index }, end: { line, character: m.index + token.length } } } : {};
}
