/**
 * Splits tasks.md into raw lines (line endings and BOM kept for byte-exact output) and decides
 * which lines are Markdown prose: not inside fenced code (``` or ~~~), not inside an HTML
 * comment, not a blockquote. Comment text on a prose line is blanked, keeping columns.
 */
import { maskComments } from '../markdownComments';
import type { RawLine } from './model';

export interface ScannedLine extends RawLine {
  /** `text` with HTML comments blanked (same length). */
  visible: string;
  /** False inside fences (fence lines included), inside comments, and for blockquote lines. */
  prose: boolean;
}

export function splitLines(text: string): { bom: string; lines: RawLine[] } {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const lines: RawLine[] = [];
  let offset = bom.length;
  while (true) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) {
      lines.push({ text: text.slice(offset), eol: '', offset });
      break;
    }
    const cr = nl > offset && text[nl - 1] === '\r';
    lines.push({ text: text.slice(offset, cr ? nl - 1 : nl), eol: cr ? '\r\n' : '\n', offset });
    offset = nl + 1;
  }
  return { bom, lines };
}

const FENCE = /^\s*(`{3,}|~{3,})(.*)$/;

export function scanLines(lines: readonly RawLine[]): ScannedLine[] {
  const out: ScannedLine[] = [];
  let fence: string | undefined;
  let inComment = false;
  for (const line of lines) {
    if (fence !== undefined) {
      const close = FENCE.exec(line.text);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length && close[2].trim() === '') fence = undefined;
      out.push({ ...line, visible: blank(line.text), prose: false });
      continue;
    }
    const open = inComment ? null : FENCE.exec(line.text);
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      fence = open[1];
      out.push({ ...line, visible: blank(line.text), prose: false });
      continue;
    }
    const startsInComment = inComment;
    const masked = maskComments(line.text, inComment);
    inComment = masked.inComment;
    const quote = /^\s{0,3}>/.test(masked.visible);
    out.push({ ...line, visible: masked.visible, prose: !startsInComment && !quote && (masked.visible.trim() !== '' || line.text.trim() === '') });
  }
  return out;
}

function blank(text: string): string {
  return ' '.repeat(text.length);
}

