/**
 * The smallest single replacement that turns one text into another (common prefix and suffix
 * kept), so an edit made in the webview lands in the TextDocument as a small WorkspaceEdit: undo
 * steps stay small, cursors and folding elsewhere in the document stay put. Pure, no `vscode`.
 */

export interface TextPosition {
  line: number;
  character: number;
}

export interface TextReplacement {
  /** Offsets into `before`. */
  start: number;
  end: number;
  /** Line/character of start and end in `before`, as a vscode.Range wants them. */
  from: TextPosition;
  to: TextPosition;
  text: string;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Undefined when the texts are equal. Never splits a surrogate pair or a `\r\n`. */
export function minimalReplacement(before: string, after: string): TextReplacement | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && (isHighSurrogate(before.charCodeAt(prefix - 1)) || (before[prefix - 1] === '\r' && (before[prefix] === '\n' || after[prefix] === '\n')))) prefix--;

  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) suffix++;
  const firstKept = (text: string) => text.length - suffix;
  if (suffix > 0 && (isLowSurrogate(before.charCodeAt(firstKept(before))) || (before[firstKept(before)] === '\n' && before[firstKept(before) - 1] === '\r'))) suffix--;

  const start = prefix;
  const end = before.length - suffix;
  return { start, end, from: positionAt(before, start), to: positionAt(before, end), text: after.slice(prefix, after.length - suffix) };
}

/** Line and character of an offset, counting `\n` (a `\r\n` ends a line at its `\n`). */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  let character = offset - lineStart;
  // An offset between \r and \n belongs to the end of the line, before the \r.
  if (character > 0 && text[offset - 1] === '\r' && text[offset] === '\n') character--;
  return { line, character };
}

/** The text as a browser textarea gives it back: line endings are always `\n` there. */
export const normalizeEol = (text: string): string => text.replace(/\r\n?/g, '\n');
