/**
 * The regular expressions src/core/features/tasks/taskLine.ts used before its hand-written scanner
 * (commit 29d1661), kept as the reference the scanner is compared with in taskLineScanner.test.ts.
 * Not used by the extension.
 *
 * One task line taken apart: bullet, checkbox, the id (T001, **T001**, T029–T034, Kiro's 2. and
 * 2.1), tags, and the references inside the text (dependencies, requirements). Pure functions on
 * a single line; the document parser decides which lines are eligible.
 */
import type { TaskIdStyle, TaskMark } from '../../../src/core/features/tasks/model';
// The same results (CheckboxLine, TaskHead); ranges were not rewritten, so both expand them with one function.
import { expandRange, type CheckboxLine, type TaskHead } from '../../../src/core/features/tasks/taskLine';

/**
 * GitHub's task list item: a bullet or number, `[ ]`/`[x]`/`[X]` (spec-kit's `[-]`, Kiro's `[-]`
 * and `[~]`), Kiro's optional `*` (escaped `\*` by Markdown formatters), then whitespace.
 */
const CHECKBOX = /^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+\[([ xX~-])\](\\?\*)?(?=[ \t])(.*)$/;

/** The checkbox of a list item, or undefined when the line is not one. */
export function checkboxOf(visible: string): CheckboxLine | undefined {
  const m = CHECKBOX.exec(visible);
  if (!m) return undefined;
  let before = m[1].length + m[2].length;
  while (visible[before] === ' ' || visible[before] === '\t') before += 1;
  return { indent: widthOf(m[1]), markColumn: before + 1, mark: m[3] as TaskMark, optional: m[4] !== undefined, rest: m[5] };
}

function widthOf(space: string): number {
  let n = 0;
  for (const c of space) n += c === '\t' ? 4 - (n % 4) : 1;
  return n;
}

/**
 * Lines that show what the boxes mean rather than being tasks: `- [x] = done`, `- [-]: skipped`,
 * `- [ ] → to do`, or one line naming several boxes (`- [ ] todo, [x] done`).
 */
export function isLegend(rest: string): boolean {
  if (/^\s*(?:=|:|→|->|—|–|-\s|means\b)/i.test(rest)) return true;
  return /\[[ xX~-]\]/.test(rest.includes('`') ? rest.replace(/`[^`]*`/g, '') : rest);
}

const TAG = /^\s*\[([^\]\s]+)\](?!\()/;
/**
 * A task id: T001, T035A, T231.1, and other short capital prefixes (M001, W001, SEC012). A prefix
 * other than T needs two digits, so "H2 database" or "S3 bucket" stay words.
 */
const ID = String.raw`(?:T\d+|[A-Z]{1,3}\d{2,})(?:[A-Za-z](?![A-Za-z])|\.\d+)*`;
const T_ID = new RegExp(String.raw`^\s*(\*\*)?(${ID})(?:(?:[–—-]|\.\.)([A-Z]{0,3}\d+)|\s+[–—-]\s+(${ID}))?(\*\*)?(?::|\.(?=\s|$))?(?=\s|\[|$)`);
const NUMBERED = /^\s*(\d+(?:\.\d+)+|\d+(?=\.))\.?(?=\s|$)/;

/** Id, tags and description from the text after the checkbox. */
export function headOf(rest: string): TaskHead {
  let text = rest;
  const tags: string[] = [];
  const takeTags = () => {
    for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
      tags.push(m[1]);
      text = text.slice(m[0].length);
    }
  };
  takeTags();
  let id: string | undefined;
  let ids: string[] = [];
  let idStyle: TaskIdStyle = 'none';
  const t = T_ID.exec(text);
  const n = t ? null : NUMBERED.exec(text);
  if (t) {
    const end = t[3] ?? t[4];
    id = t[2];
    ids = end ? expandRange(t[2], end) : [t[2]];
    idStyle = ids.length > 1 ? 'range' : t[1] ? 'bold' : 'plain';
    text = text.slice(t[0].length);
    takeTags();
  } else if (n) {
    id = n[1];
    ids = [n[1]];
    idStyle = 'numbered';
    text = text.slice(n[0].length);
    takeTags();
  }
  // Runs of spaces are what an HTML comment leaves behind once blanked; Markdown shows them as one.
  const lead = text.replace(/^\s*(?:[:–—]|-(?=\s))\s*/, '');
  const description = (lead.includes('  ') || lead.includes('\t') ? lead.replace(/[ \t]{2,}/g, ' ') : lead).trim();
  // Two literals rather than a spread: this runs once per task line.
  return id ? { id, ids, idStyle, tags, description } : { ids, idStyle, tags, description };
}

const ONE_ID = String.raw`${ID}(?:\s*(?:[–—-]|\.\.)\s*(?:[A-Z]{1,3})?\d+)?`;
const ID_LIST = String.raw`(?:\*\*)?${ONE_ID}(?:\*\*)?(?:\s*(?:,|;|&|/|\band\b|\bor\b)?\s*(?:\*\*)?${ONE_ID}(?:\*\*)?)*`;
const DEPENDS = new RegExp(String.raw`\b(?:depends\s+on|depends|dependencies|deps|after|blocked\s+by|requires|needs)\b\**\s*:?\**\s*(${ID_LIST})`, 'gi');
const ID_IN_LIST = new RegExp(String.raw`(${ID})(?:\s*(?:[–—-]|\.\.)\s*((?:[A-Z]{1,3})?\d+))?`, 'g');

/** Task ids the text says this task waits for, ranges expanded, in order, once each. */
export function dependenciesOf(text: string): string[] {
  const out = new Set<string>();
  // exec loops on the shared expressions (nothing below re-enters): matchAll copies the expression per call.
  DEPENDS.lastIndex = 0;
  for (let m = DEPENDS.exec(text); m; m = DEPENDS.exec(text)) {
    const list = m[1];
    ID_IN_LIST.lastIndex = 0;
    for (let id = ID_IN_LIST.exec(list); id; id = ID_IN_LIST.exec(list)) for (const each of id[2] ? expandRange(id[1], id[2]) : [id[1]]) out.add(each);
  }
  return [...out];
}

/**
 * A requirement id as people write it: FR-003, NFR-001, SC-002, FR-004a, prefixed FR-AUTH-001;
 * spec-kit's families and a sub-family of capitals. Shared with specOutline (the spec's reader).
 */
export const REQUIREMENT_ID = String.raw`(?:NFR|FR|SC|REQ)(?:-[A-Z]{2,12})*-\d+[a-z]?`;

const PREFIXED = new RegExp(String.raw`(?<![\w-])((?:NFR|FR|SC|REQ)(?:-[A-Z]{2,12})*-)(\d+)([a-z]?)(?![\w])|(?<![\w-])R\d{3}(?![\w-])`, 'g');
/** After an id: `/007`, `/009/010` (the same prefix), or a range `–013`, `-013`, `–FR-013`, ` to FR-015`, `~FR-015`. */
const SHORT_LIST = /^\/(\d+)([a-z]?)(?![\w-])/;
const RANGE_END = /^(?:\s*[–—~]\s*|-|\s+(?:to|through|thru)\s+|\s*(?:至|到)\s*)(?:((?:NFR|FR|SC|REQ)(?:-[A-Z]{2,12})*-))?(\d+)(?![\w-])/;

/**
 * Requirement ids a text cites, as written, in order: FR-003, SC-002, NFR-001, FR-AUTH-001, R005;
 * shorthand lists (FR-004a/007, FR-008/009/010) and ranges (FR-001–FR-003, FR-012–013,
 * FR-012 to FR-015) stand for every id they name.
 */
export function requirementsOf(text: string): string[] {
  const out: string[] = [];
  // Not reentrant (no call below comes back here), so one compiled expression serves every call.
  const ids = PREFIXED;
  ids.lastIndex = 0;
  for (let m = ids.exec(text); m; m = ids.exec(text)) {
    if (!m[1]) {
      out.push(m[0]);
      continue;
    }
    const prefix = m[1];
    const width = m[2].length;
    out.push(`${prefix}${m[2]}${m[3]}`);
    let rest = text.slice(m.index + m[0].length);
    let last = Number(m[2]);
    let suffixed = m[3] !== '';
    for (;;) {
      const list = SHORT_LIST.exec(rest);
      if (list) {
        out.push(`${prefix}${list[1].padStart(width, '0')}${list[2]}`);
        last = Number(list[1]);
        suffixed = list[2] !== '';
        rest = rest.slice(list[0].length);
        continue;
      }
      const range = RANGE_END.exec(rest);
      if (range && (range[1] === undefined || range[1] === prefix) && !suffixed) {
        const to = Number(range[2]);
        if (to > last && to - last <= 100) {
          for (let i = last + 1; i <= to; i++) out.push(`${prefix}${String(i).padStart(width, '0')}`);
          rest = rest.slice(range[0].length);
        }
      }
      break;
    }
    ids.lastIndex = text.length - rest.length;
  }
  return out;
}

const KIRO_REQUIREMENTS = /^\s*(?:[-*+]\s+)?[_*]*(?:Requirements?|需求)[_*]*\s*[:：][_*]*\s*(.*?)[_*]*\s*$/i;

/** Kiro's `_Requirements: 1.1, 2.3_` (or `_需求：1.1、2.3_`) detail line → ['1.1', '2.3']; undefined for any other line. */
export function kiroRequirementsOf(line: string): string[] | undefined {
  const m = KIRO_REQUIREMENTS.exec(line);
  if (!m) return undefined;
  return m[1].split(/[,;，；、]/).map((r) => r.replace(/[_*]/g, '').trim()).filter(Boolean);
}
