/**
 * Writing tasks.md back: ticking or marking one task is a one-character edit of the original
 * text, and a whole document serialises byte for byte from its raw lines with each task's mark
 * laid over its column (so changing a mark in the model changes exactly that character).
 */
import type { Task, TaskMark, TasksDocument, TextEdit } from './model';
import { parseTasks } from './parse';

/**
 * Ticks (done) or unticks the task on `line` (0-based). Ticking writes 'x' unless every done
 * mark already in the file is 'X'; a task already ticked keeps its x or X. Undefined when the
 * line is not a task or is already in that state (a skipped task is already not done).
 */
export function tickEdit(text: string, line: number, done: boolean): TextEdit | undefined {
  const doc = parseTasks(text);
  const task = itemOnLine(doc, line);
  if (!task || task.done === done || (!done && task.skipped)) return undefined;
  return { offset: task.markOffset, length: 1, text: done ? doneMarkOf(doc) : ' ' };
}

/** Sets the checkbox of the task on `line` to `mark`; undefined when not a task or unchanged. */
export function setMarkEdit(text: string, line: number, mark: TaskMark): TextEdit | undefined {
  const task = itemOnLine(parseTasks(text), line);
  if (!task || task.mark === mark) return undefined;
  return { offset: task.markOffset, length: 1, text: mark };
}

/** The task or checklist item with a checkbox on `line`. */
function itemOnLine(doc: TasksDocument, line: number): Task | undefined {
  return doc.tasks.find((t) => t.line === line && t.checkbox) ?? doc.checklist.find((t) => t.line === line);
}

/** 'X' when the file's done marks are all capital, else 'x'. */
export function doneMarkOf(doc: TasksDocument): 'x' | 'X' {
  const marks = [...doc.tasks, ...doc.checklist].filter((t) => t.done && t.checkbox).map((t) => t.mark);
  return marks.length > 0 && marks.every((m) => m === 'X') ? 'X' : 'x';
}

/** Applies non-overlapping edits (offsets into `text`), in any order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.offset < at || e.offset + e.length > text.length || e.length < 0) throw new RangeError(`edit at ${e.offset} overlaps another or lies outside the text`);
    out += text.slice(at, e.offset) + e.text;
    at = e.offset + e.length;
  }
  return out + text.slice(at);
}

/** The document as text: raw lines and line endings, each task's current mark in its place. */
export function serializeTasks(doc: TasksDocument): string {
  const texts = doc.lines.map((l) => l.text);
  for (const t of [...doc.tasks, ...doc.checklist]) {
    if (!t.checkbox) continue;
    const s = texts[t.line];
    texts[t.line] = s.slice(0, t.markColumn) + t.mark + s.slice(t.markColumn + 1);
  }
  return doc.bom + texts.map((t, i) => t + doc.lines[i].eol).join('');
}
