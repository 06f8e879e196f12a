/**
 * parseTasks: tasks.md → TasksDocument. Phases come from `## Phase N: Name (Priority: P1) 🎯 MVP`
 * headings (or, in a file without any, from its `##` headings that hold tasks). Other headings
 * are sub-headings; one at `##` level or above that is not a phase ends the current phase. Lines that only look like tasks are left out: fenced code, HTML comments,
 * blockquotes, legend lines (`- [x] = done`) and anything under a Format/Legend heading.
 */
import { filesOf } from './files';
import { scanLines, splitLines, type ScannedLine } from './lines';
import type { Heading, Phase, Progress, Task, TasksDocument } from './model';
import { checkboxOf, dependenciesOf, headOf, isLegend, kiroRequirementsOf, requirementsOf } from './taskLine';

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const PHASE = /^[^\p{L}\p{N}]*Phase[ \t]+(\d+(?:\.\d+)*|N)\b\s*(?:[:.–—-]\s*)?(.*)$/iu;
const LEGEND_HEADING = /^[^\p{L}\p{N}]*(?:format|legend|conventions?|notation|status key|key|symbols)\b/iu;

interface HeadingLine {
  level: number;
  text: string;
}

export function parseTasks(text: string): TasksDocument {
  const { bom, lines } = splitLines(text);
  const scanned = scanLines(lines);
  const headingAt = scanned.map(headingOf);
  const usesPhaseHeadings = headingAt.some((h) => h !== undefined && isPhaseHeading(h));

  const tasks: Task[] = [];
  const headings: Heading[] = [];
  const phases: Phase[] = [];
  const keys = new Set<string>();
  let title: string | undefined;
  let phase: Phase | undefined;
  let heading: string | undefined;
  let legendLevel: number | undefined;
  /** Tasks whose list item is still open, outermost first. */
  let open: Task[] = [];

  scanned.forEach((line, index) => {
    if (!line.prose) return;
    const h = headingAt[index];
    if (h) {
      open = [];
      if (legendLevel !== undefined && h.level <= legendLevel) legendLevel = undefined;
      if (legendLevel === undefined && LEGEND_HEADING.test(h.text)) legendLevel = h.level;
      if (h.level === 1 && title === undefined) title = h.text.replace(/^Tasks\s*:\s*/i, '').trim() || h.text;
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
      return;
    }
    const box = legendLevel === undefined ? checkboxOf(line.visible) : undefined;
    if (!box || isLegend(box.rest)) {
      attachDetail(line, open);
      if (line.visible.trim() !== '') open = open.filter((t) => t.indent < indentOf(line.visible));
      return;
    }
    while (open.length && open[open.length - 1].indent >= box.indent) open.pop();
    const head = headOf(box.rest);
    const task: Task = {
      index: tasks.length,
      line: index,
      markOffset: line.offset + box.markColumn,
      markColumn: box.markColumn,
      mark: box.mark,
      done: box.mark === 'x' || box.mark === 'X',
      skipped: box.mark === '-',
      optional: box.optional,
      indent: box.indent,
      ...(head.id ? { id: head.id } : {}),
      ids: head.ids,
      idStyle: head.idStyle,
      tags: head.tags,
      parallel: head.tags.includes('P'),
      ...storyOf(head.tags),
      description: head.description,
      dependsOn: dependenciesOf(box.rest),
      requirements: unique(requirementsOf(box.rest)),
      files: filesOf(head.description),
      details: [],
      phase: phase?.key ?? '',
      ...(heading !== undefined ? { heading } : {}),
      childIndexes: [],
      children: [],
    };
    const parent = open[open.length - 1] ?? numberedParent(task, tasks);
    if (parent) {
      task.parentIndex = parent.index;
      if (parent.id) task.parentId = parent.id;
      parent.childIndexes.push(task.index);
      if (task.id) parent.children.push(task.id);
    }
    tasks.push(task);
    open.push(task);
  });

  for (const p of phases) p.progress = progressOf(tasks.filter((t) => t.phase === p.key));
  const shown = phases.filter((p) => p.number !== undefined || p.progress.total > 0);
  return {
    tasks,
    phases: shown,
    headings,
    ...(title !== undefined ? { title } : {}),
    progress: progressOf(tasks),
    eol: mostUsedEol(lines.map((l) => l.eol)),
    bom,
    lines,
  };
}

function headingOf(line: ScannedLine): HeadingLine | undefined {
  if (!line.prose) return undefined;
  const m = HEADING.exec(line.visible);
  return m ? { level: m[1].length, text: m[2].trim() } : undefined;
}

function isPhaseHeading(h: HeadingLine): boolean {
  return (h.level === 2 || h.level === 3) && PHASE.test(h.text);
}

const EMOJI = /[\p{Extended_Pictographic}\uFE0F\u200D]/gu;

function phaseOf(text: string, line: number, keys: Set<string>): Phase {
  let key = text;
  if (keys.has(key)) key = `${text} (line ${line + 1})`;
  keys.add(key);
  const m = PHASE.exec(text);
  let rest = m ? m[2] : text;
  const priority = /\((?:Priority\s*:\s*)?(P\d+)\)/i.exec(rest)?.[1]?.toUpperCase();
  const mvp = /🎯|\bMVP\b/.test(rest);
  rest = rest.replace(/\((?:Priority\s*:\s*)?P\d+\)/gi, ' ').replace(/\(?\bMVP\b\)?/g, ' ').replace(EMOJI, ' ');
  const name = rest.replace(/\s+/g, ' ').replace(/^[\s:–—-]+|[\s:–—-]+$/g, '').trim();
  return {
    ...(m ? { number: m[1] } : {}),
    name: name || (m ? `Phase ${m[1]}` : text),
    ...(priority ? { priority } : {}),
    mvp,
    line,
    key,
    progress: { done: 0, skipped: 0, total: 0 },
  };
}

function storyOf(tags: string[]): { story?: string } {
  const story = tags.find((t) => /^US\d+$/i.test(t));
  return story ? { story } : {};
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
function attachDetail(line: ScannedLine, open: Task[]): void {
  const text = line.visible.trim();
  if (!text) return;
  const indent = indentOf(line.visible);
  const owner = [...open].reverse().find((t) => t.indent < indent);
  if (!owner) return;
  owner.details.push(text);
  const kiro = kiroRequirementsOf(text);
  owner.requirements = unique([...owner.requirements, ...(kiro ?? []), ...requirementsOf(text)]);
  owner.dependsOn = unique([...owner.dependsOn, ...dependenciesOf(text)]);
  owner.files = unique([...owner.files, ...filesOf(text.replace(/^[-*+]\s+/, ''))]);
}

function progressOf(tasks: readonly Task[]): Progress {
  return {
    done: tasks.filter((t) => t.done).length,
    skipped: tasks.filter((t) => t.skipped).length,
    total: tasks.length,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function mostUsedEol(eols: string[]): '\n' | '\r\n' {
  const crlf = eols.filter((e) => e === '\r\n').length;
  const lf = eols.filter((e) => e === '\n').length;
  return crlf > lf ? '\r\n' : '\n';
}
