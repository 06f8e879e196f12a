/**
 * Splits tasks.md into raw lines (line endings and BOM kept for byte-exact output) and decides
 * which lines are Markdown prose: not inside fenced code (``` or ~~~), not inside an HTML
 * comment, not a blockquote. Comment text on a prose line is blanked, keeping columns.
 */
import { maskComments } from '../markdownComments';
import type { RawLine } from './model';

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
/** A blockquote line (a literal in the loop would be a new RegExp object per line). */
const QUOTE = /^\s{0,3}>/;

/**
 * The YAML front matter block (`---` on the first line up to the next `---` or `...`): the
 * number of lines it spans, 0 when the text has none. Its lines are metadata, never prose.
 */
export function frontMatterLines(lines: readonly Pick<RawLine, 'text'>[]): number {
  if (lines.length < 2 || lines[0].text.trimEnd() !== '---') return 0;
  for (let i = 1; i < lines.length; i++) if (/^(?:---|\.\.\.)\s*$/.test(lines[i].text)) return i + 1;
  return 0;
}

/**
 * Each line as the parser reads it: the text with HTML comments blanked (same length), or
 * undefined when it is not prose (inside fences, fence lines included, inside comments, front
 * matter, blockquote lines). One array of strings, most of them the line's own text: an object
 * per line lived through the whole parse.
 */
export function scanLines(lines: readonly RawLine[]): (string | undefined)[] {
  // Filled in order, an entry for every line: an array with holes is read the slow way.
  const out: (string | undefined)[] = [];
  let fence: string | undefined;
  let inComment = false;
  const front = frontMatterLines(lines);
  // An index loop: entries() makes an [index, line] pair per line.
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (index < front) {
      out.push(undefined);
      continue;
    }
    if (fence !== undefined) {
      const close = FENCE.exec(line.text);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length && close[2].trim() === '') fence = undefined;
      out.push(undefined);
      continue;
    }
    const open = inComment ? null : FENCE.exec(line.text);
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      fence = open[1];
      out.push(undefined);
      continue;
    }
    const startsInComment = inComment;
    // Most lines hold no comment: no mask to build.
    let visible = line.text;
    if (inComment || visible.includes('<!--')) {
      const masked = maskComments(line.text, inComment);
      inComment = masked.inComment;
      visible = masked.visible;
    }
    const quote = QUOTE.test(visible);
    out.push(!startsInComment && !quote && (visible.trim() !== '' || line.text.trim() === '') ? visible : undefined);
  }
  return out;
}
