/**
 * parseTasks: tasks.md → TasksDocument. Phases come from `## Phase N: Name (Priority: P1) 🎯 MVP`
 * headings (`Phase 1M:`, `Phase 3.1:`, `Phase N:`, `Final Phase:` too; in a file without any,
 * from its `##` headings that hold tasks). Other headings are sub-headings; one at `##` level or
 * above that is not a phase ends the current phase. `### T001 — title` headings are tasks without
 * a checkbox. Checklists (a heading or a bold label naming a checklist, gate, Definition of Done or
 * acceptance criteria) hold checklist items, not tasks. Lines that only look like tasks are left
 * out: fenced code, HTML comments, blockquotes, legend lines (`- [x] = done`) and anything under a
 * Format/Legend heading.
 */
import { documentsOf, filesOf, pathsInto, pathsOf, type PathLists } from './files';
import { scanLines, splitLines } from './lines';
import type { Heading, Phase, Progress, RawLine, Task, TaskMark, TasksDocument, TaskState } from './model';
import { checkboxOf, dependenciesOf, headOf, isLegend, kiroRequirementsOf, requirementsOf, type CheckboxLine } from './taskLine';

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const PHASE = /^[^\p{L}\p{N}]*(?:Phase[ \t]+(\d+[A-Z]?(?:\.\d+)*|N)\b|(Final)[ \t]+Phase\b)\s*(?:[:.–—-]\s*)?(.*)$/iu;
/** Words that make a heading or a bold label a checklist: what is verified, not work to schedule. */
const CHECKLIST_WORDS = /^(?:[^\p{L}\p{N}]*)(?:.*\b(?:check\s?lists?|definition\s+of\s+done|DoD|gates?|acceptance\s+criteria|exit\s+criteria|done\s+criteria|quality\s+bar)\b)/iu;
const BOLD_LABEL = /^\s*\*\*([^*]+)\*\*\s*[:：]?/;
const LEGEND_HEADING = /^[^\p{L}\p{N}]*(?:format|legend|conventions?|notation|status key|key|symbols)\b/iu;

interface HeadingLine {
  level: number;
  text: string;
}

export function parseTasks(text: string): TasksDocument {
  lists = new Map();
  try {
    return parseLines(text);
  } finally {
    lists = undefined;
    previous[0] = [];
    previous[1] = [];
  }
}

function parseLines(text: string): TasksDocument {
  const { bom, lines } = splitLines(text);
  const prose = scanLines(lines);
  const headingAt = prose.map(headingOf);
  const usesPhaseHeadings = headingAt.some((h) => h !== undefined && isPhaseHeading(h));

  const tasks: Task[] = [];
  const headings: Heading[] = [];
  const phases: Phase[] = [];
  const keys = new Set<string>();
  let title: string | undefined;
  let phase: Phase | undefined;
  let heading: string | undefined;
  const checklist: Task[] = [];
  let legendLevel: number | undefined;
  /** The checklist being read: under a heading (until one of its level or above) or a bold label (until the list ends). */
  let list: { heading: string; level?: number; indent?: number } | undefined;
  /** Tasks whose list item is still open, outermost first. */
  let open: Task[] = [];

  // A loop, not forEach: a callback made per parse was compiled again by the optimiser each parse.
  for (let index = 0; index < prose.length; index++) {
    const visible = prose[index];
    if (visible === undefined) continue;
    const h = headingAt[index];
    if (h) {
      open = [];
      if (legendLevel !== undefined && h.level <= legendLevel) legendLevel = undefined;
      if (legendLevel === undefined && LEGEND_HEADING.test(h.text)) legendLevel = h.level;
      if (list && (list.level === undefined || h.level <= list.level)) list = undefined;
      if (h.level === 1 && title === undefined) title = h.text.replace(/^Tasks\s*:\s*/i, '').trim() || h.text;
      const startsChecklist = legendLevel === undefined && h.level > 1 && isChecklistHeading(h);
      if (startsChecklist) {
        list = { heading: h.text, level: h.level };
        if (h.level <= 2) phase = undefined;
        headings.push({ level: h.level, text: h.text, line: index, phase: phase?.key ?? '', isPhase: false, isChecklist: true });
        continue;
      }
      const headingTask = legendLevel === undefined && !list && h.level > 1 && !isPhaseHeading(h) ? headingTaskOf(h, index, tasks.length, phase?.key ?? '', heading) : undefined;
      if (headingTask) {
        headings.push({ level: h.level, text: h.text, line: index, phase: phase?.key ?? '', isPhase: false });
        tasks.push(headingTask);
        open = [headingTask];
        continue;
      }
      const startsPhase = legendLevel === undefined && (isPhaseHeading(h) || (!usesPhaseHeadings && h.level === 2));
      if (startsPhase) {
        phase = phaseOf(h.text, index, keys);
        phases.push(phase);
        heading = undefined;
      } else {
        // A heading at phase level or above that is not a phase ends the phase (Dependencies, Notes …).
        if (h.level <= 2) phase = undefined;
        heading = h.level > 1 ? h.text : undefined;
      }
      headings.push({ level: h.level, text: h.text, line: index, phase: phase?.key ?? '', isPhase: startsPhase });
      continue;
    }
    const box = legendLevel === undefined ? checkboxOf(visible) : undefined;
    const label = box ? undefined : checklistLabelOf(visible);
    if (label !== undefined) {
      list = { heading: label, indent: indentOf(visible) };
      open = [];
      continue;
    }
    if (list?.indent !== undefined && visible.trim() !== '' && (indentOf(visible) < list.indent || (!box && indentOf(visible) === list.indent))) list = undefined;
    if (!box || isLegend(box.rest)) {
      attachDetail(visible, open);
      if (visible.trim() !== '') open = open.filter((t) => t.indent < indentOf(visible));
      continue;
    }
    if (list) {
      checklist.push(itemOf(box, lines[index].offset, index, checklist.length, list.heading));
      continue;
    }
    while (open.length && open[open.length - 1].indent >= box.indent) open.pop();
    const task = taskOf(box, lines[index].offset, index, tasks.length, phase?.key ?? '', heading);
    // Not open[open.length - 1] on an empty list: index -1 is a property looked up the slow way.
    const parent = (open.length ? open[open.length - 1] : undefined) ?? numberedParent(task, tasks);
    if (parent) {
      task.parentIndex = parent.index;
      if (parent.id) task.parentId = parent.id;
      parent.childIndexes = appended(parent.childIndexes, task.index);
      if (task.id) parent.children = appended(parent.children, task.id);
    }
    tasks.push(task);
    open.push(task);
  }

  const numberedFile = isNumberedFile(tasks);
  settleStates(tasks, numberedFile);
  settleStates(checklist, numberedFile);
  const byPhase = groupByPhase(tasks);
  for (const p of phases) p.progress = progressOf(byPhase.get(p.key) ?? []);
  const shown = phases.filter((p) => p.number !== undefined || p.progress.total > 0);
  return {
    tasks,
    checklist,
    checklistProgress: progressOf(checklist),
    phases: shown,
    headings,
    ...(title !== undefined ? { title } : {}),
    progress: progressOf(tasks),
    eol: mostUsedEol(lines),
    bom,
    lines,
  };
}

function headingOf(visible: string | undefined): HeadingLine | undefined {
  if (visible === undefined) return undefined;
  const m = HEADING.exec(visible);
  return m ? { level: m[1].length, text: m[2].trim() } : undefined;
}

function isPhaseHeading(h: HeadingLine): boolean {
  return (h.level === 2 || h.level === 3) && PHASE.test(h.text) && !isChecklistHeading(h);
}

/** `## Validation Checklist`, `### Phase 0 gate — …` (the gate is the name), `## Definition of Done`. */
function isChecklistHeading(h: HeadingLine): boolean {
  const phase = PHASE.exec(h.text);
  return CHECKLIST_WORDS.test(phase ? phase[3] : h.text) && (!phase || /^[^\p{L}]*(?:check\s?lists?|definition|DoD|gates?|acceptance|exit|done)\b/iu.test(phase[3]));
}

/** `**DoD**:`, `**Definition of Done**`, `**Acceptance checklist**:` alone on a line: the label, else undefined. */
function checklistLabelOf(visible: string): string | undefined {
  const m = BOLD_LABEL.exec(visible);
  if (!m || visible.slice(m[0].length).trim() !== '' || !CHECKLIST_WORDS.test(m[1])) return undefined;
  return m[1].trim();
}

/**
 * The meaning of each mark, once the whole file is read: `-` is Kiro's in progress on a numbered
 * task (or an unnumbered one in a file of numbered tasks) and on a parent, spec-kit's skipped otherwise.
 */
function settleStates(items: Task[], numberedFile: boolean): void {
  for (const t of items) {
    const kiro = t.idStyle === 'numbered' || (t.idStyle === 'none' && numberedFile) || t.childIndexes.length > 0;
    t.state = stateOf(t.mark, kiro);
    t.skipped = t.state === 'skipped';
  }
}

function isNumberedFile(tasks: readonly Task[]): boolean {
  let numbered = 0;
  for (const t of tasks) if (t.idStyle === 'numbered') numbered += 1;
  return numbered > 0 && numbered * 2 >= tasks.length;
}

function stateOf(mark: TaskMark, kiro: boolean): TaskState {
  if (mark === 'x' || mark === 'X') return 'done';
  if (mark === '~') return 'queued';
  if (mark === '-') return kiro ? 'inProgress' : 'skipped';
  return 'todo';
}

/**
 * The empty lists of a checkbox task: one frozen array shared by all of them (most tasks have no
 * dependency, document, detail or child; 5 empty arrays were a fifth of the model). The model's
 * lists are read, never changed in place; the parser replaces a shared one when it adds to it.
 */
const NONE = Object.freeze([]) as unknown as string[];
const NO_INDEXES = Object.freeze([]) as unknown as number[];

/**
 * The lists many tasks hold alike (tags such as [P] [US1], a cited FR-001), one frozen array per
 * content for the parse under way: the model holds a few hundred arrays instead of one per task
 * (each lived through a scavenge), and the strings in them are hashed once by the checks' sets.
 * Set by parseTasks for its duration (it is not reentrant).
 */
let lists: Map<string, string[]> | undefined;

/** The last list `shared` gave of each kind (0 tags, 1 requirement ids): the next task's is often the same (one story, one [P] run). */
const previous: (readonly string[])[] = [[], []];

/** The frozen list equal to `list` already seen in this parse, or `list` itself, frozen. */
function shared(list: string[], kind: 0 | 1): string[] {
  if (!lists) return list;
  if (sameItems(previous[kind], list)) return previous[kind] as string[];
  const out = sharedOf(lists, list);
  previous[kind] = out;
  return out;
}

function sharedOf(lists: Map<string, string[]>, list: string[]): string[] {
  const key = list.length === 1 ? list[0] : list.join('\u0000');
  const known = lists.get(key);
  if (known && sameItems(known, list)) return known;
  Object.freeze(list);
  if (!known) lists.set(key, list);
  return list;
}

/** The key joins with NUL, which a value may hold: lists under one key are compared item by item. */
function sameItems(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Where taskOf has pathsInto write a task's paths: one object for every task. */
const PATHS: PathLists = { files: NONE, documents: NONE };

/** `list` with `value` at its end: the same array, or a new one when `list` is a shared empty one. */
function appended<T>(list: T[], value: T): T[] {
  if (Object.isFrozen(list)) return [...list, value];
  list.push(value);
  return list;
}

/**
 * A checkbox task. Whole literals, one for each way the optional id and story come (the heading,
 * rarer, is added after): object spreads here cost more than the rest of the parse on a large
 * file, and a key added to an object after its literal costs about as much as the literal.
 */
function taskOf(box: CheckboxLine, lineOffset: number, index: number, position: number, phase: string, heading: string | undefined): Task {
  const head = headOf(box.rest);
  pathsInto(head.description, PATHS, NONE);
  const { files, documents } = PATHS;
  const found = requirementsOf(box.rest);
  const requirements = found.length === 0 ? NONE : shared(found.length < 2 ? found : unique(found), 1);
  const deps = dependenciesOf(box.rest);
  const dependsOn = deps.length ? deps : NONE;
  const { id, ids, idStyle, description } = head;
  const tags = head.tags.length ? shared(head.tags, 0) : NONE;
  const { mark, markColumn, optional, indent } = box;
  const markOffset = lineOffset + markColumn;
  const done = mark === 'x' || mark === 'X';
  const skipped = mark === '-';
  const parallel = tags.includes('P');
  const story = storyOf(tags);
  const task: Task = id !== undefined
    ? story !== undefined
      ? { index: position, line: index, markOffset, markColumn, mark, done, skipped, state: 'todo', checkbox: true, optional, indent, id, ids, idStyle, tags, parallel, story, description, dependsOn, requirements, files, documents, details: NONE, phase, childIndexes: NO_INDEXES, children: NONE }
      : { index: position, line: index, markOffset, markColumn, mark, done, skipped, state: 'todo', checkbox: true, optional, indent, id, ids, idStyle, tags, parallel, description, dependsOn, requirements, files, documents, details: NONE, phase, childIndexes: NO_INDEXES, children: NONE }
    : story !== undefined
      ? { index: position, line: index, markOffset, markColumn, mark, done, skipped, state: 'todo', checkbox: true, optional, indent, ids, idStyle, tags, parallel, story, description, dependsOn, requirements, files, documents, details: NONE, phase, childIndexes: NO_INDEXES, children: NONE }
      : { index: position, line: index, markOffset, markColumn, mark, done, skipped, state: 'todo', checkbox: true, optional, indent, ids, idStyle, tags, parallel, description, dependsOn, requirements, files, documents, details: NONE, phase, childIndexes: NO_INDEXES, children: NONE };
  if (heading !== undefined) task.heading = heading;
  return task;
}

function groupByPhase(tasks: readonly Task[]): Map<string, Task[]> {
  const out = new Map<string, Task[]>();
  for (const t of tasks) {
    const list = out.get(t.phase);
    if (list) list.push(t);
    else out.set(t.phase, [t]);
  }
  return out;
}

function itemOf(box: CheckboxLine, lineOffset: number, index: number, position: number, heading: string): Task {
  const head = headOf(box.rest);
  return {
    index: position, line: index, markOffset: lineOffset + box.markColumn, markColumn: box.markColumn, mark: box.mark,
    done: box.mark === 'x' || box.mark === 'X', skipped: false, state: 'todo', checkbox: true, optional: box.optional, indent: box.indent,
    ids: [], idStyle: 'none', tags: head.tags, parallel: false, description: box.rest.trim(), dependsOn: [], requirements: [], files: [], documents: [], details: [],
    phase: '', heading, childIndexes: [], children: [],
  };
}

const DONE_HEADING = /✅|\[[xX]\]|\((?:done|completed?)\)|\bDONE\b/;

/** `### T001 — Create the schema` (some generators write a heading per task, details below). */
function headingTaskOf(h: HeadingLine, index: number, position: number, phase: string, heading: string | undefined): Task | undefined {
  const head = headOf(h.text);
  if (!head.id || head.idStyle === 'numbered') return undefined;
  const done = DONE_HEADING.test(h.text);
  const description = head.description.replace(DONE_HEADING, ' ').replace(/\s+/g, ' ').trim();
  return {
    index: position, line: index, markOffset: -1, markColumn: -1, mark: done ? 'x' : ' ', done, skipped: false, state: 'todo', checkbox: false,
    optional: false, indent: -1, id: head.id, ids: head.ids, idStyle: head.idStyle, tags: head.tags, parallel: head.tags.includes('P'),
    ...storyTagOf(head.tags), description, dependsOn: dependenciesOf(h.text), requirements: unique(requirementsOf(h.text)), files: filesOf(description),
    documents: documentsOf(description), details: [], phase, ...(heading !== undefined ? { heading } : {}), childIndexes: [], children: [],
  };
}

const EMOJI = /[\p{Extended_Pictographic}\uFE0F\u200D]/gu;
const PRIORITY = /\((?:Priority\s*:\s*)?(P\d+)\)/i;
const PRIORITIES = /\((?:Priority\s*:\s*)?P\d+\)/gi;
const MVP = /🎯|\bMVP\b/;
const MVPS = /\(?\bMVP\b\)?/g;
const SPACES = /\s+/g;
const SEPARATORS_AROUND = /^[\s:–—-]+|[\s:–—-]+$/g;

function phaseOf(text: string, line: number, keys: Set<string>): Phase {
  let key = text;
  if (keys.has(key)) key = `${text} (line ${line + 1})`;
  keys.add(key);
  const m = PHASE.exec(text);
  let rest = m ? m[3] : text;
  const priority = PRIORITY.exec(rest)?.[1]?.toUpperCase();
  const mvp = MVP.test(rest);
  rest = rest.replace(PRIORITIES, ' ').replace(MVPS, ' ').replace(EMOJI, ' ');
  const name = rest.replace(SPACES, ' ').replace(SEPARATORS_AROUND, '').trim();
  const number = m ? (m[1] ?? (m[2] ? 'Final' : undefined)) : undefined;
  const named = name || (m?.[2] ? 'Final Phase' : number !== undefined ? `Phase ${number}` : text);
  const progress = { done: 0, skipped: 0, total: 0 };
  // Whole literals in the model's key order: conditional spreads made this most of a heading's cost.
  if (number !== undefined) {
    return priority ? { number, name: named, priority, mvp, line, key, progress } : { number, name: named, mvp, line, key, progress };
  }
  return priority ? { name: named, priority, mvp, line, key, progress } : { name: named, mvp, line, key, progress };
}

/** The first USn tag. */
function storyOf(tags: readonly string[]): string | undefined {
  for (let i = 0; i < tags.length; i++) if (isStoryTag(tags[i])) return tags[i];
  return undefined;
}

/** `^US\d+$` with the `i` flag, by character codes (it runs on every tag). */
function isStoryTag(tag: string): boolean {
  if (tag.length < 3 || (tag.charCodeAt(0) | 32) !== 117 || (tag.charCodeAt(1) | 32) !== 115) return false;
  for (let i = 2; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function storyTagOf(tags: readonly string[]): { story?: string } {
  const story = storyOf(tags);
  return story !== undefined ? { story } : {};
}

/** Kiro writes 2.1 at the same indent as 2.: the number says whose child it is. */
function numberedParent(task: Task, tasks: Task[]): Task | undefined {
  if (task.idStyle !== 'numbered' || !task.id?.includes('.')) return undefined;
  const parentId = task.id.slice(0, task.id.lastIndexOf('.'));
  for (let i = tasks.length - 1; i >= 0; i--) if (tasks[i].idStyle === 'numbered' && tasks[i].id === parentId) return tasks[i];
  return undefined;
}

function indentOf(text: string): number {
  let n = 0;
  for (const c of text) {
    if (c === ' ') n += 1;
    else if (c === '\t') n += 4 - (n % 4);
    else break;
  }
  return n;
}

/** A non-task line indented under an open task belongs to the innermost such task. */
function attachDetail(visible: string, open: Task[]): void {
  const text = visible.trim();
  if (!text) return;
  const indent = indentOf(visible);
  const owner = [...open].reverse().find((t) => t.indent < indent);
  if (!owner) return;
  owner.details = appended(owner.details, text);
  const kiro = kiroRequirementsOf(text);
  owner.requirements = unique([...owner.requirements, ...(kiro ?? []), ...requirementsOf(text)]);
  owner.dependsOn = unique([...owner.dependsOn, ...dependenciesOf(text)]);
  const paths = pathsOf(text.replace(/^[-*+]\s+/, ''));
  owner.files = unique([...owner.files, ...paths.files]);
  owner.documents = unique([...owner.documents, ...paths.documents]);
}

function progressOf(tasks: readonly Task[]): Progress {
  return {
    done: tasks.filter((t) => t.done).length,
    skipped: tasks.filter((t) => t.skipped).length,
    total: tasks.length,
  };
}

function unique(values: string[]): string[] {
  return values.length < 2 ? values : [...new Set(values)];
}

/** One count over the lines: a list of their endings and two filtered copies were three arrays as long as the file. */
function mostUsedEol(lines: readonly RawLine[]): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = 0; i < lines.length; i++) {
    const eol = lines[i].eol;
    if (eol === '\r\n') crlf += 1;
    else if (eol === '\n') lf += 1;
  }
  return crlf > lf ? '\r\n' : '\n';
}
