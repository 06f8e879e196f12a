/**
 * The shape of a parsed tasks.md: every task with its position, state, id(s), tags, references
 * and place in the phase/parent tree, plus the raw lines so an unchanged document serialises
 * byte for byte. Offsets and columns are UTF-16 code units, as JavaScript strings count them.
 */

/**
 * The checkbox character: todo, done (either case), `-` (spec-kit: skipped; Kiro: in progress),
 * `~` (Kiro: queued).
 */
export type TaskMark = ' ' | 'x' | 'X' | '-' | '~';

/**
 * What the mark means in this file. `-` is skipped in a spec-kit file and in progress in a Kiro
 * one (numbered tasks) or on a parent (its sub-tasks are partly done); `~` is Kiro's queued.
 */
export type TaskState = 'todo' | 'done' | 'skipped' | 'inProgress' | 'queued';

/** A replacement in the original text: `length` characters at `offset` become `text`. */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

/** How the task names itself: T001 (or M001, T035A, T231.1), **T001**, a range T029–T034, Kiro's 2. / 2.1, or not at all. */
export type TaskIdStyle = 'plain' | 'bold' | 'range' | 'numbered' | 'none';

/**
 * A parsed task. Its lists are the parser's to fill and everyone else's to read: the empty ones
 * are one frozen array shared by every task, and tasks of one parse with the same tags or the same
 * requirement ids share one frozen array of them (a push on one throws), so copy a list to change it.
 */
export interface Task {
  /** Position in `tasks` (document order). */
  index: number;
  /** 0-based line of the checkbox. */
  line: number;
  /** Offset of the mark character (inside `[ ]`) in the original text, BOM included. */
  markOffset: number;
  /** Column of the mark character in its line. */
  markColumn: number;
  mark: TaskMark;
  done: boolean;
  skipped: boolean;
  state: TaskState;
  /** False for a heading-style task (`### T001 — title`): no checkbox to tick. */
  checkbox: boolean;
  /** Kiro's `- [ ]* 2.3` optional task (also written `- [ ]\*`). */
  optional: boolean;
  /** Leading whitespace width of the bullet (tabs count 4). */
  indent: number;
  /** The entry's own id: T001, the first id of a range, or 2.1 for numbered tasks. */
  id?: string;
  /** Every id the entry stands for: a range T029–T034 stands for six. */
  ids: string[];
  idStyle: TaskIdStyle;
  /** Bracketed tags as written, in order: P, US1, Story, and any others. */
  tags: string[];
  parallel: boolean;
  /** The first USn tag. */
  story?: string;
  /** The text after the id and the tags (HTML comments removed), trimmed. */
  description: string;
  /** Task ids named by `(depends on …)`, `depends: …`, `after …`, `blocked by …`, ranges expanded. */
  dependsOn: string[];
  /** FR-003, SC-002, NFR-001, R005, and Kiro `_Requirements: 1.1_` entries, as written. */
  requirements: string[];
  /** Source paths named in the description and detail lines (feature documents left out). */
  files: string[];
  /** Feature documents it names (research.md, data-model.md, contracts/…): read, not edited. */
  documents: string[];
  /** Indented non-task lines under the task (Kiro's bullet details), trimmed. */
  details: string[];
  /** Key of the phase it belongs to; '' before the first phase. */
  phase: string;
  /** The nearest sub-heading above it inside its phase, when there is one. */
  heading?: string;
  /** The enclosing task (by indentation, or by number for 2.1 under 2.). */
  parentIndex?: number;
  parentId?: string;
  childIndexes: number[];
  /** Ids of the direct children that have one. */
  children: string[];
}

export interface Progress {
  /** Tasks marked x or X. */
  done: number;
  /** Tasks marked -. */
  skipped: number;
  /** Every task, skipped ones included. */
  total: number;
}

export interface Phase {
  /** "3", "3.1" or "N" from `## Phase 3: …`; absent for a plain heading used as a phase. */
  number?: string;
  /** The heading's name without number, priority and MVP marker: "User Story 1 - Browse". */
  name: string;
  /** P1, P2 … from `(Priority: P1)` or `(P1)`. */
  priority?: string;
  /** The heading says MVP or carries 🎯. */
  mvp: boolean;
  /** 0-based line of the heading. */
  line: number;
  /** The heading text as written (trimmed); tasks refer to their phase by it. */
  key: string;
  progress: Progress;
}

export interface Heading {
  level: number;
  text: string;
  line: number;
  /** Key of the phase the heading starts or sits in. */
  phase: string;
  /** True when the heading starts a phase. */
  isPhase: boolean;
  /** True when the heading starts a checklist (its items are not tasks). */
  isChecklist?: boolean;
}

export interface RawLine {
  /** The line without its line ending (and without the BOM on line 0). */
  text: string;
  /** '\r\n', '\n' or '' for the last line. */
  eol: string;
  /** Offset of `text` in the original string. */
  offset: number;
}

export interface TasksDocument {
  /** The work: what Run All schedules and the progress counts. */
  tasks: Task[];
  /**
   * Checklist items (Definition of Done, gates, validation and acceptance checklists): shown and
   * tickable like tasks, counted apart, never scheduled, never phases. `index` is their position here.
   */
  checklist: Task[];
  checklistProgress: Progress;
  phases: Phase[];
  headings: Heading[];
  /** The first `#` heading, without "Tasks:" prefix. */
  title?: string;
  progress: Progress;
  /** The line ending the file uses most ('\n' when it has none). */
  eol: '\n' | '\r\n';
  /** '\uFEFF' when the file starts with a byte-order mark, else ''. */
  bom: string;
  lines: RawLine[];
}
