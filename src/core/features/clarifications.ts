/**
 * `[NEEDS CLARIFICATION: …]` markers in spec.md and spec-kit's way of resolving them
 * (as its /speckit.clarify command does): the answer replaces the marker where it stands, and the
 * question and answer are recorded under `## Clarifications` → `### Session YYYY-MM-DD` as
 * `- Q: … → A: …`. The text functions are pure so the VS Code shell can apply the same edits to
 * an open document (undoable) that the file helper applies on disk.
 */
import { readFile } from 'node:fs/promises';
import { atomicWrite } from './documentWrite';
import { sourceLines, type SourceLine } from './specOutline';
import type { VersionStore } from './versions';

export interface ClarificationMarker {
  /** 0-based position among the markers of the text. */
  index: number;
  /** The question inside the marker. */
  question: string;
  /** The whole marker, brackets included. */
  marker: string;
  /** Offset of `[` in the text, and the marker's length. */
  offset: number;
  length: number;
  /** 0-based line and character of `[`. */
  line: number;
  character: number;
  /** The line the marker stands on, trimmed: the question's context for a form. */
  context: string;
}

/** Which marker an answer is for: its offset when listed, and its question to re-find it if the text moved. */
export interface ClarificationTarget {
  offset: number;
  question: string;
}

/** A replacement of `length` characters at `offset` (offsets into the text before any edit). */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export class ClarificationError extends Error {}

const MARKER = /\[NEEDS CLARIFICATION:\s*([^\]\n]*?)\s*\]/g;

/** Every marker outside code blocks and HTML comments, in document order. */
export function findClarifications(text: string): ClarificationMarker[] {
  const found: ClarificationMarker[] = [];
  for (const line of sourceLines(text)) {
    if (!line.prose) continue;
    for (const m of line.visible.matchAll(MARKER)) {
      const character = m.index;
      found.push({
        index: found.length, question: m[1], marker: m[0], offset: line.offset + character, length: m[0].length,
        line: line.line, character, context: line.text.trim(),
      });
    }
  }
  return found;
}

/**
 * The edits that answer one marker: the marker becomes the answer, and a `- Q: … → A: …` line is
 * added to today's session (the session and the `## Clarifications` section are created when
 * missing). Throws ClarificationError when the question is no longer in the text or the answer is blank.
 */
export function clarificationEdits(text: string, target: ClarificationTarget, answer: string, date: string = today()): TextEdit[] {
  const clean = answer.replace(/\s+/g, ' ').trim();
  if (!clean) throw new ClarificationError('The answer is empty.');
  const marker = locate(findClarifications(text), target);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const record = `- Q: ${marker.question} → A: ${clean}`;
  return [{ offset: marker.offset, length: marker.length, newText: clean }, sessionInsertion(text, date, record, eol)];
}

/** Applies non-overlapping edits given in offsets of the original text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

export function answerClarification(text: string, target: ClarificationTarget, answer: string, date?: string): string {
  return applyEdits(text, clarificationEdits(text, target, answer, date));
}

export interface AnswerInFileOptions {
  date?: string;
  /** When given, the spec is kept as a version first (reason `manual`), like any other change Specwright makes. */
  versions?: VersionStore;
}

/** Answers a marker in spec.md on disk; returns the markers still open. */
export async function answerClarificationInFile(
  specPath: string, target: ClarificationTarget, answer: string, options: AnswerInFileOptions = {},
): Promise<{ remaining: ClarificationMarker[] }> {
  const text = await readFile(specPath, 'utf8');
  const next = answerClarification(text, target, answer, options.date);
  await options.versions?.snapshot(specPath, { reason: 'manual', prompt: `Clarification: ${target.question}` });
  await atomicWrite(specPath, next);
  return { remaining: findClarifications(next) };
}

/** The local calendar date, as spec-kit's session headings use it. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The marker at the given offset with the given question; else the same question nearest to it (the text moved). */
function locate(markers: ClarificationMarker[], target: ClarificationTarget): ClarificationMarker {
  const exact = markers.find((m) => m.offset === target.offset && m.question === target.question);
  if (exact) return exact;
  const same = markers.filter((m) => m.question === target.question.trim());
  if (!same.length) throw new ClarificationError(`"${target.question}" is no longer marked NEEDS CLARIFICATION in the spec; it may have been answered already.`);
  return same.sort((a, b) => Math.abs(a.offset - target.offset) - Math.abs(b.offset - target.offset))[0];
}

const heading = (line: SourceLine): number => {
  const m = /^(#{1,6})\s/.exec(line.visible);
  return line.prose && m ? m[1].length : 0;
};

/** Where and what to insert so that `record` ends up in `### Session <date>` under `## Clarifications`. */
function sessionInsertion(text: string, date: string, record: string, eol: string): TextEdit {
  const lines = sourceLines(text);
  const sectionAt = lines.findIndex((l) => heading(l) === 2 && /^##\s+Clarifications\s*$/i.test(l.visible.trim()));
  if (sectionAt < 0) {
    // spec-kit puts the section right after the header block, before the first `##` section.
    const firstSection = lines.findIndex((l) => heading(l) === 2);
    const block = `## Clarifications${eol}${eol}### Session ${date}${eol}${eol}${record}${eol}${eol}`;
    if (firstSection >= 0) return { offset: lines[firstSection].offset, length: 0, newText: block };
    return appendAtEnd(text, block, eol);
  }
  const sectionEnd = endOf(lines, sectionAt, 2);
  const sessionAt = lines.findIndex((l, i) => i > sectionAt && i < sectionEnd && heading(l) === 3 && l.visible.trim() === `### Session ${date}`);
  if (sessionAt >= 0) {
    const last = lastContent(lines, sessionAt, endOf(lines, sessionAt, 3, sectionEnd));
    return insertAfter(text, lines, last, last === sessionAt ? `${eol}${record}${eol}` : `${record}${eol}`, eol);
  }
  const last = lastContent(lines, sectionAt, sectionEnd);
  return insertAfter(text, lines, last, `${eol}### Session ${date}${eol}${eol}${record}${eol}`, eol);
}

/** Index of the first line after `start` with a heading of level ≤ `level` (or `limit`). */
function endOf(lines: SourceLine[], start: number, level: number, limit = lines.length): number {
  for (let i = start + 1; i < limit; i++) {
    const h = heading(lines[i]);
    if (h > 0 && h <= level) return i;
  }
  return limit;
}

function lastContent(lines: SourceLine[], from: number, end: number): number {
  for (let i = end - 1; i > from; i--) if (lines[i].text.trim() !== '') return i;
  return from;
}

/** Inserts at the start of the line after `index`, adding a line break first when `index` is the unterminated last line. */
function insertAfter(text: string, lines: SourceLine[], index: number, newText: string, eol: string): TextEdit {
  const next = lines[index + 1];
  if (next) return { offset: next.offset, length: 0, newText };
  return { offset: text.length, length: 0, newText: `${eol}${newText}` };
}

function appendAtEnd(text: string, block: string, eol: string): TextEdit {
  const sep = text === '' ? '' : text.endsWith(`${eol}${eol}`) ? '' : text.endsWith(eol) ? eol : `${eol}${eol}`;
  return { offset: text.length, length: 0, newText: `${sep}${block.replace(new RegExp(`(${eol})+$`), eol)}` };
}
