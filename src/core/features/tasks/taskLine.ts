/**
 * One task line taken apart: bullet, checkbox, the id (T001, **T001**, T029–T034, Kiro's 2. and
 * 2.1), tags, and the references inside the text (dependencies, requirements). Pure functions on
 * a single line; the document parser decides which lines are eligible.
 *
 * The checkbox, the tags and the id are read by a hand-written scanner (character codes, one pass,
 * a substring only for what the model keeps): on a large file, the match arrays and substrings of
 * a dozen regular expressions per line were most of the parse and half its time in the garbage
 * collector. Each scanner function says the expression it stands for; test/unit/taskLineScanner.test.ts
 * holds the expressions and compares the two on every corpus line and on generated ones.
 */
import type { TaskIdStyle, TaskMark } from './model';

export interface CheckboxLine {
  indent: number;
  /** Column of the mark character. */
  markColumn: number;
  mark: TaskMark;
  optional: boolean;
  /** Everything after the checkbox (and Kiro's optional `*`). */
  rest: string;
}

const TAB = 9;
const SPACE = 32;

/** JavaScript's `\s`: WhiteSpace and LineTerminator. */
export function isSpaceCode(c: number): boolean {
  if (c <= SPACE) return c === SPACE || (c >= TAB && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Whether the text holds what `.` does not match, `[\n\r\u2028\u2029]`: a line holding one is no
 * task line. Four indexOf calls, which search a line faster than the expression does.
 */
function hasLineTerminator(text: string): boolean {
  return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i += 1;
  return i;
}

function skipDigits(text: string, i: number): number {
  while (i < text.length && isDigit(text.charCodeAt(i))) i += 1;
  return i;
}

/** The dashes a range or a separator uses: `-`, `–`, `—`. */
function isDash(c: number): boolean {
  return c === 45 || c === 0x2013 || c === 0x2014;
}

/**
 * GitHub's task list item: a bullet or number, `[ ]`/`[x]`/`[X]` (spec-kit's `[-]`, Kiro's `[-]`
 * and `[~]`), Kiro's optional `*` (escaped `\*` by Markdown formatters), then whitespace. Stands
 * for `^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+\[([ xX~-])\](\\?\*)?(?=[ \t])(.*)$`.
 */
export function checkboxOf(visible: string): CheckboxLine | undefined {
  const n = visible.length;
  let i = 0;
  let indent = 0;
  for (; i < n; i++) {
    const c = visible.charCodeAt(i);
    if (c === SPACE) indent += 1;
    else if (c === TAB) indent += 4 - (indent % 4);
    else break;
  }
  if (i >= n) return undefined;
  const b = visible.charCodeAt(i);
  if (b === 45 || b === 42 || b === 43) i += 1;
  else {
    const digits = skipDigits(visible, i);
    if (digits === i || digits - i > 9) return undefined;
    const after = visible.charCodeAt(digits);
    if (after !== 46 && after !== 41) return undefined;
    i = digits + 1;
  }
  const bullet = i;
  while (i < n && (visible.charCodeAt(i) === SPACE || visible.charCodeAt(i) === TAB)) i += 1;
  if (i === bullet || visible.charCodeAt(i) !== 91 || visible.charCodeAt(i + 2) !== 93) return undefined;
  const markColumn = i + 1;
  const mark = visible[markColumn];
  if (mark !== ' ' && mark !== 'x' && mark !== 'X' && mark !== '~' && mark !== '-') return undefined;
  i += 3;
  let optional = false;
  if (visible.charCodeAt(i) === 92 && visible.charCodeAt(i + 1) === 42) {
    optional = true;
    i += 2;
  } else if (visible.charCodeAt(i) === 42) {
    optional = true;
    i += 1;
  }
  const next = visible.charCodeAt(i);
  if (next !== SPACE && next !== TAB) return undefined;
  if (hasLineTerminator(visible)) return undefined;
  return { indent, markColumn, mark: mark as TaskMark, optional, rest: visible.slice(i) };
}

const LEGEND_START = /^\s*(?:=|:|→|->|—|–|-\s|means\b)/i;
const ANY_BOX = /\[[ xX~-]\]/;
const CODE_SPANS = /`[^`]*`/g;

/**
 * Lines that show what the boxes mean rather than being tasks: `- [x] = done`, `- [-]: skipped`,
 * `- [ ] → to do`, or one line naming several boxes (`- [ ] todo, [x] done`).
 */
export function isLegend(rest: string): boolean {
  if (LEGEND_START.test(rest)) return true;
  return ANY_BOX.test(rest.includes('`') ? rest.replace(CODE_SPANS, '') : rest);
}

export interface TaskHead {
  id?: string;
  ids: string[];
  idStyle: TaskIdStyle;
  tags: string[];
  description: string;
}

/**
 * Where headOf collects the tags (it is not reentrant), `tagCount` of them: the model gets an
 * exact-size copy. The array is never emptied, so its room is allocated once, not per line.
 */
const TAGS: string[] = [];
let tagCount = 0;

/** `\s*\[([^\]\s]+)\](?!\()` from `i` while it matches: each tag pushed; the position after the last one taken. */
function takeTags(text: string, i: number): number {
  for (;;) {
    const open = skipSpace(text, i);
    if (text.charCodeAt(open) !== 91) return i;
    let close = open + 1;
    while (close < text.length) {
      const c = text.charCodeAt(close);
      if (c === 93 || isSpaceCode(c)) break;
      close += 1;
    }
    if (close === open + 1 || text.charCodeAt(close) !== 93 || text.charCodeAt(close + 1) === 40) return i;
    TAGS[tagCount++] = text.slice(open + 1, close);
    i = close + 1;
  }
}

/**
 * A task id: T001, T035A, T231.1, and other short capital prefixes (M001, W001, SEC012). A prefix
 * other than T needs two digits, so "H2 database" or "S3 bucket" stay words. Stands for
 * `(?:T\d+|[A-Z]{1,3}\d{2,})(?:[A-Za-z](?![A-Za-z])|\.\d+)*` at `i`: its end, or -1. Greedy
 * without giving back: nothing that may follow an id starts with a digit, a letter or `.` and a
 * digit, so a shorter id never lets the rest match where the longest did not.
 */
function idEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === 84 && isDigit(text.charCodeAt(i + 1))) i = skipDigits(text, i + 1);
  else {
    let upper = i;
    while (upper < i + 3 && isUpper(text.charCodeAt(upper))) upper += 1;
    if (upper === i) return -1;
    const digits = skipDigits(text, upper);
    if (digits - upper < 2) return -1;
    i = digits;
  }
  for (;;) {
    const c = text.charCodeAt(i);
    if (isLetter(c) && !isLetter(text.charCodeAt(i + 1))) i += 1;
    else if (c === 46 && isDigit(text.charCodeAt(i + 1))) i = skipDigits(text, i + 1);
    else return i;
  }
}

/** What may follow an id: `(\*\*)?(?::|\.(?=\s|$))?(?=\s|\[|$)` at `i`; its end, or -1. */
function idTailEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 42) i += 2;
  const c = text.charCodeAt(i);
  if (c === 58) i += 1;
  else if (c === 46 && (i + 1 === text.length || isSpaceCode(text.charCodeAt(i + 1)))) i += 1;
  return i >= text.length || isSpaceCode(text.charCodeAt(i)) || text.charCodeAt(i) === 91 ? i : -1;
}

/** `[A-Z]{0,3}\d+` at `i` (a range's end): its end, or -1. */
function rangeEndEnd(text: string, i: number): number {
  let upper = i;
  while (upper < i + 3 && isUpper(text.charCodeAt(upper))) upper += 1;
  const digits = skipDigits(text, upper);
  return digits > upper ? digits : -1;
}

/** `.?(?=\s|$)` at `i` (after a number): its end, or -1. */
function numberTailEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === 46) i += 1;
  return i >= text.length || isSpaceCode(text.charCodeAt(i)) ? i : -1;
}

/**
 * Id, tags and description from the text after the checkbox: tags, then an id, then tags again.
 * The id is `^\s*(\*\*)?(ID)(?:(?:[–—-]|\.\.)([A-Z]{0,3}\d+)|\s+[–—-]\s+(ID))?(\*\*)?(?::|\.(?=\s|$))?(?=\s|\[|$)`
 * (a plain, bold or range id), else Kiro's number `^\s*(\d+(?:\.\d+)+|\d+(?=\.))\.?(?=\s|$)`.
 * Each part is greedy and never needs to give back (see idEnd), so trying the alternatives in the
 * expression's order gives its match.
 */
export function headOf(text: string): TaskHead {
  const n = text.length;
  tagCount = 0;
  let i = takeTags(text, 0);
  let id: string | undefined;
  let ids: string[] = [];
  let idStyle: TaskIdStyle = 'none';
  const start = skipSpace(text, i);
  const bold = text.charCodeAt(start) === 42 && text.charCodeAt(start + 1) === 42;
  const idStart = bold ? start + 2 : start;
  const first = idEnd(text, idStart);
  let end = -1;
  let rangeTo: string | undefined;
  if (first >= 0) {
    const c = text.charCodeAt(first);
    const dots = c === 46 && text.charCodeAt(first + 1) === 46;
    if (isDash(c) || dots) {
      const to = dots ? first + 2 : first + 1;
      const toEnd = rangeEndEnd(text, to);
      if (toEnd >= 0) {
        end = idTailEnd(text, toEnd);
        if (end >= 0) rangeTo = text.slice(to, toEnd);
      }
    } else if (isSpaceCode(c)) {
      const dash = skipSpace(text, first);
      if (isDash(text.charCodeAt(dash))) {
        const to = skipSpace(text, dash + 1);
        const toEnd = to > dash + 1 ? idEnd(text, to) : -1;
        if (toEnd >= 0) {
          end = idTailEnd(text, toEnd);
          if (end >= 0) rangeTo = text.slice(to, toEnd);
        }
      }
    }
    if (end < 0) end = idTailEnd(text, first);
  }
  if (end >= 0) {
    id = text.slice(idStart, first);
    ids = rangeTo !== undefined ? expandRange(id, rangeTo) : [id];
    idStyle = ids.length > 1 ? 'range' : bold ? 'bold' : 'plain';
    i = takeTags(text, end);
  } else {
    const digits = skipDigits(text, start);
    if (digits > start) {
      let dotted = digits;
      while (text.charCodeAt(dotted) === 46 && isDigit(text.charCodeAt(dotted + 1))) dotted = skipDigits(text, dotted + 1);
      let numberEnd = dotted > digits ? numberTailEnd(text, dotted) : -1;
      let last = dotted;
      if (numberEnd < 0 && text.charCodeAt(digits) === 46) {
        numberEnd = numberTailEnd(text, digits);
        last = digits;
      }
      if (numberEnd >= 0) {
        id = text.slice(start, last);
        ids = [id];
        idStyle = 'numbered';
        i = takeTags(text, numberEnd);
      }
    }
  }
  // `^\s*(?:[:–—]|-(?=\s))\s*`: a separator after the id is not part of the description.
  let lead = i;
  const sep = skipSpace(text, i);
  const s = text.charCodeAt(sep);
  if (s === 58 || s === 0x2013 || s === 0x2014 || (s === 45 && sep + 1 < n && isSpaceCode(text.charCodeAt(sep + 1)))) lead = skipSpace(text, sep + 1);
  let description: string;
  // Runs of spaces are what an HTML comment leaves behind once blanked; Markdown shows them as one.
  if (text.indexOf('  ', lead) >= 0 || text.indexOf('\t', lead) >= 0) description = text.slice(lead).replace(/[ \t]{2,}/g, ' ').trim();
  else {
    const from = skipSpace(text, lead);
    let to = n;
    while (to > from && isSpaceCode(text.charCodeAt(to - 1))) to -= 1;
    description = from === 0 && to === n ? text : text.slice(from, to);
  }
  // A copy of the exact size (a pushed-to array keeps room for 17); two literals rather than a spread.
  const tags = tagCount ? TAGS.slice(0, tagCount) : [];
  // Nothing of this line stays reachable from the scratch array.
  for (let t = 0; t < tagCount; t++) TAGS[t] = '';
  return id !== undefined ? { id, ids, idStyle, tags, description } : { ids, idStyle, tags, description };
}

const SIMPLE_ID = /^([A-Z]{1,3})(\d+)$/;

/** T029 … T034 → every id between, zero-padded like the first; a backwards, huge or suffixed range is just the first. */
export function expandRange(from: string, to: string): string[] {
  const first = SIMPLE_ID.exec(from);
  const last = /^([A-Z]{0,3})(\d+)$/.exec(to);
  if (!first || !last || (last[1] !== '' && last[1] !== first[1])) return [from];
  const width = first[2].length;
  const a = Number(first[2]);
  const b = Number(last[2]);
  if (!(b >= a) || b - a > 1000) return [from];
  return Array.from({ length: b - a + 1 }, (_, i) => `${first[1]}${String(a + i).padStart(width, '0')}`);
}

const ID = String.raw`(?:T\d+|[A-Z]{1,3}\d{2,})(?:[A-Za-z](?![A-Za-z])|\.\d+)*`;
const ONE_ID = String.raw`${ID}(?:\s*(?:[–—-]|\.\.)\s*(?:[A-Z]{1,3})?\d+)?`;
const ID_LIST = String.raw`(?:\*\*)?${ONE_ID}(?:\*\*)?(?:\s*(?:,|;|&|/|\band\b|\bor\b)?\s*(?:\*\*)?${ONE_ID}(?:\*\*)?)*`;
const DEPENDS = new RegExp(String.raw`\b(?:depends\s+on|depends|dependencies|deps|after|blocked\s+by|requires|needs)\b\**\s*:?\**\s*(${ID_LIST})`, 'gi');
const ID_IN_LIST = new RegExp(String.raw`(${ID})(?:\s*(?:[–—-]|\.\.)\s*((?:[A-Z]{1,3})?\d+))?`, 'g');

/** Task ids the text says this task waits for, ranges expanded, in order, once each. */
export function dependenciesOf(text: string): string[] {
  // exec loops on the shared expressions (nothing below re-enters): matchAll copies the expression per call.
  DEPENDS.lastIndex = 0;
  let m = DEPENDS.exec(text);
  // Most lines name no dependency: no set, no copy.
  if (!m) return [];
  const out = new Set<string>();
  for (; m; m = DEPENDS.exec(text)) {
    const list = m[1];
    ID_IN_LIST.lastIndex = 0;
    for (let id = ID_IN_LIST.exec(list); id; id = ID_IN_LIST.exec(list)) {
      if (id[2]) for (const each of expandRange(id[1], id[2])) out.add(each);
      else out.add(id[1]);
    }
  }
  return [...out];
}

/**
 * A requirement id as people write it: FR-003, NFR-001, SC-002, FR-004a, prefixed FR-AUTH-001;
 * spec-kit's families and a sub-family of capitals. Shared with specOutline (the spec's reader).
 */
export const REQUIREMENT_ID = String.raw`(?:NFR|FR|SC|REQ)(?:-[A-Z]{2,12})*-\d+[a-z]?`;

/**
 * After an id: `/007`, `/009/010` (the same prefix), or a range `–013`, `-013`, `–FR-013`, ` to FR-015`, `~FR-015`.
 * Sticky, read where the id ends (no lookbehind in either, so that is the same as reading the rest of the text).
 */
const SHORT_LIST = /\/(\d+)([a-z]?)(?![\w-])/y;
const RANGE_END = /(?:\s*[–—~]\s*|-|\s+(?:to|through|thru)\s+|\s*(?:至|到)\s*)(?:((?:NFR|FR|SC|REQ)(?:-[A-Z]{2,12})*-))?(\d+)(?![\w-])/y;

/** JavaScript's `\w`. */
function isWord(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95;
}

/** The family at `i`: NFR, FR, SC or REQ; its length, or 0. */
function familyLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 70) return text.charCodeAt(i + 1) === 82 ? 2 : 0;
  if (c === 83) return text.charCodeAt(i + 1) === 67 ? 2 : 0;
  if (c === 78) return text.startsWith('FR', i + 1) ? 3 : 0;
  if (c === 82) return text.startsWith('EQ', i + 1) ? 3 : 0;
  return 0;
}

/** Set by requirementAt: where the prefix (`FR-`, `FR-AUTH-`) and the digits of the id found end. */
let prefixEnd = 0;
let digitsEnd = 0;

/**
 * `(?<![\w-])((?:NFR|FR|SC|REQ)(?:-[A-Z]{2,12})*-)(\d+)([a-z]?)(?![\w])|(?<![\w-])R\d{3}(?![\w-])` at
 * `i`: the end of the id, or -1; for the first form, prefixEnd and digitsEnd say its parts (0 for
 * R005). Every part is greedy and giving back never helps: what follows a part cannot start with
 * what the part would give back.
 */
function requirementAt(text: string, i: number): number {
  if (i > 0) {
    const before = text.charCodeAt(i - 1);
    if (isWord(before) || before === 45) return -1;
  }
  const family = familyLength(text, i);
  if (family > 0) {
    let j = i + family;
    // (?:-[A-Z]{2,12})*
    for (;;) {
      if (text.charCodeAt(j) !== 45) break;
      let k = j + 1;
      while (k < text.length && isUpper(text.charCodeAt(k))) k += 1;
      const run = k - j - 1;
      if (run < 2 || run > 12 || text.charCodeAt(k) !== 45) break;
      j = k;
    }
    if (text.charCodeAt(j) === 45) {
      const digits = skipDigits(text, j + 1);
      if (digits > j + 1) {
        const c = text.charCodeAt(digits);
        const end = c >= 97 && c <= 122 ? digits + 1 : digits;
        if (!isWord(text.charCodeAt(end))) {
          prefixEnd = j + 1;
          digitsEnd = digits;
          return end;
        }
      }
    }
  }
  if (text.charCodeAt(i) === 82 && skipDigits(text, i + 1) - i - 1 >= 3) {
    const after = text.charCodeAt(i + 4);
    if (!isWord(after) && after !== 45) {
      prefixEnd = 0;
      return i + 4;
    }
  }
  return -1;
}

/** Where requirementsOf collects the ids (it is not reentrant), `foundCount` of them; never emptied, see TAGS. */
const FOUND: string[] = [];
let foundCount = 0;

/**
 * Requirement ids a text cites, as written, in order: FR-003, SC-002, NFR-001, FR-AUTH-001, R005;
 * shorthand lists (FR-004a/007, FR-008/009/010) and ranges (FR-001–FR-003, FR-012–013,
 * FR-012 to FR-015) stand for every id they name.
 */
export function requirementsOf(text: string): string[] {
  foundCount = 0;
  const n = text.length;
  // Every id has an R two, one or no characters from its start (NFR, FR, REQ, R005), or starts
  // with SC: only those places are tried, found with indexOf.
  let nextR = text.indexOf('R');
  let nextSC = text.indexOf('SC');
  for (let i = 0; ; ) {
    if (nextR >= 0 && nextR < i) nextR = text.indexOf('R', i);
    if (nextSC >= 0 && nextSC < i) nextSC = text.indexOf('SC', i);
    if (nextR < 0 && nextSC < 0) break;
    const nearR = nextR < 0 ? n : Math.max(i, nextR - 2);
    const start = nextSC >= 0 && nextSC < nearR ? nextSC : nearR;
    const end = requirementAt(text, start);
    if (end < 0) {
      i = start + 1;
      continue;
    }
    FOUND[foundCount++] = text.slice(start, end);
    if (prefixEnd === 0) {
      i = end;
      continue;
    }
    const prefix = text.slice(start, prefixEnd);
    const width = digitsEnd - prefixEnd;
    let at = end;
    let last = Number(text.slice(prefixEnd, digitsEnd));
    let suffixed = end > digitsEnd;
    for (;;) {
      if (text.charCodeAt(at) === 47) {
        SHORT_LIST.lastIndex = at;
        const list = SHORT_LIST.exec(text);
        if (list) {
          FOUND[foundCount++] = `${prefix}${list[1].padStart(width, '0')}${list[2]}`;
          last = Number(list[1]);
          suffixed = list[2] !== '';
          at += list[0].length;
          continue;
        }
      }
      if (!suffixed && at < n && mayStartRange(text.charCodeAt(at))) {
        RANGE_END.lastIndex = at;
        const range = RANGE_END.exec(text);
        if (range && (range[1] === undefined || range[1] === prefix)) {
          const to = Number(range[2]);
          if (to > last && to - last <= 100) {
            for (let k = last + 1; k <= to; k++) FOUND[foundCount++] = `${prefix}${String(k).padStart(width, '0')}`;
            at += range[0].length;
          }
        }
      }
      break;
    }
    i = at;
  }
  if (foundCount === 0) return [];
  // A copy of the exact size: the model keeps it, and an array pushed to keeps room for 17.
  const out = FOUND.slice(0, foundCount);
  for (let k = 0; k < foundCount; k++) FOUND[k] = '';
  return out;
}

/** The first character of RANGE_END: whitespace, a dash, `~`, 至 or 到. */
function mayStartRange(c: number): boolean {
  return isSpaceCode(c) || isDash(c) || c === 126 || c === 0x81f3 || c === 0x5230;
}

const KIRO_REQUIREMENTS = /^\s*(?:[-*+]\s+)?[_*]*(?:Requirements?|需求)[_*]*\s*[:：][_*]*\s*(.*?)[_*]*\s*$/i;

/** Kiro's `_Requirements: 1.1, 2.3_` (or `_需求：1.1、2.3_`) detail line → ['1.1', '2.3']; undefined for any other line. */
export function kiroRequirementsOf(line: string): string[] | undefined {
  const m = KIRO_REQUIREMENTS.exec(line);
  if (!m) return undefined;
  return m[1].split(/[,;，；、]/).map((r) => r.replace(/[_*]/g, '').trim()).filter(Boolean);
}
