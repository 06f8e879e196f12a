/**
 * Word-level diff and similarity of two short texts (a requirement, a story, a task line).
 * Words are runs of letters and digits; CJK characters count one each (those scripts do not put
 * spaces between words), so a changed character in a Japanese requirement is one changed word.
 */

export type WordOp = 'equal' | 'insert' | 'delete';

/** One run of the diff: text both sides share, text only the new side has, or only the old one. */
export interface WordPart {
  op: WordOp;
  text: string;
}

/** Han, kana (with the long-vowel mark), Hangul and full-width forms: one character, one word. */
const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u30ff\uff00-\uffef`;
const LETTER = String.raw`(?:(?![${CJK}])[\p{L}\p{N}_])`;
const TOKEN = new RegExp(String.raw`[${CJK}]|${LETTER}+(?:['’]${LETTER}+)*|\s+|[^\s]`, 'gu');
const WORD = /[\p{L}\p{N}]/u;

/** Above this many token pairs the diff is not worth its time: the changed middle is one replacement. */
const MAX_CELLS = 250_000;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The word diff from `before` to `after`; joining the equal+delete parts gives `before`, equal+insert `after`. */
export function wordDiff(before: string, after: string): WordPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: WordPart[] = [];
  push(parts, 'equal', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS) {
    push(parts, 'delete', midA.join(''));
    push(parts, 'insert', midB.join(''));
  } else {
    for (const [op, token] of lcsScript(midA, midB)) push(parts, op, token);
  }
  push(parts, 'equal', a.slice(endA).join(''));
  return absorbLoneSpaces(parts);
}

/**
 * How alike two texts are, 0..1: the share of content words (not "the", "must", "system", …) they
 * have in common, in order. Boilerplate every requirement shares ("System MUST allow users to")
 * would otherwise make any two requirements look alike.
 */
export function similarity(before: string, after: string): number {
  const a = contentWords(before);
  const b = contentWords(after);
  if (!a.length && !b.length) return normalizeText(before) === normalizeText(after) ? 1 : 0;
  if (!a.length || !b.length) return 0;
  if (a.length * b.length > MAX_CELLS) return a.join(' ') === b.join(' ') ? 1 : 0;
  return (2 * lcsLength(a, b)) / (a.length + b.length);
}

/** The text with Markdown emphasis and runs of whitespace folded, for "is it the same requirement" comparisons. */
export function normalizeText(text: string): string {
  return text.replace(/(\*\*|__|~~|`)/g, '').replace(/\s+/g, ' ').trim();
}

const STOP_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'into', 'as', 'is', 'are', 'be', 'been',
  'it', 'its', 'their', 'they', 'them', 'this', 'that', 'these', 'those', 'so', 'than', 'then', 'when', 'while', 'any', 'all', 'each',
  'system', 'systems', 'must', 'should', 'shall', 'will', 'may', 'can', 'could', 'would', 'not', 'able', 'allow', 'allows', 'let',
  'user', 'users', 'support', 'supports', 'provide', 'provides', 'ensure', 'ensures',
]);

function contentWords(text: string): string[] {
  return tokenize(normalizeText(text).toLowerCase()).filter((t) => WORD.test(t) && !STOP_WORDS.has(t));
}

function push(parts: WordPart[], op: WordOp, text: string): void {
  if (!text) return;
  const last = parts.at(-1);
  if (last && last.op === op) last.text += text;
  else parts.push({ op, text });
}

/** A lone space left equal between two changes reads better inside them: "-old words +new words", not word by word. */
function absorbLoneSpaces(parts: WordPart[]): WordPart[] {
  const spread = parts.flatMap((p, i): WordPart[] => {
    const between = i > 0 && i < parts.length - 1 && parts[i - 1].op !== 'equal' && parts[i + 1].op !== 'equal';
    return p.op === 'equal' && between && /^\s+$/.test(p.text) ? [{ op: 'delete', text: p.text }, { op: 'insert', text: p.text }] : [p];
  });
  // Deletes before inserts within each changed run, so a change reads "old → new".
  return reorderRuns(spread);
}

function reorderRuns(parts: WordPart[]): WordPart[] {
  const out: WordPart[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = '';
    ins = '';
  };
  for (const p of parts) {
    if (p.op === 'delete') del += p.text;
    else if (p.op === 'insert') ins += p.text;
    else {
      flush();
      out.push(p);
    }
  }
  flush();
  return out;
}

function lcsTable(a: readonly string[], b: readonly string[]): Uint32Array[] {
  const rows: Uint32Array[] = [];
  for (let i = 0; i <= a.length; i++) rows.push(new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      rows[i][j] = a[i] === b[j] ? rows[i + 1][j + 1] + 1 : Math.max(rows[i + 1][j], rows[i][j + 1]);
    }
  }
  return rows;
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  return lcsTable(a, b)[0][0];
}

function lcsScript(a: readonly string[], b: readonly string[]): [WordOp, string][] {
  const t = lcsTable(a, b);
  const out: [WordOp, string][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(['equal', a[i]]);
      i++;
      j++;
    } else if (t[i + 1][j] >= t[i][j + 1]) out.push(['delete', a[i++]]);
    else out.push(['insert', b[j++]]);
  }
  while (i < a.length) out.push(['delete', a[i++]]);
  while (j < b.length) out.push(['insert', b[j++]]);
  return out;
}
