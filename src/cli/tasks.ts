import { readFile } from 'node:fs/promises';
import { parseTasks, type Phase, type Task, type TasksDocument } from '../core/features/tasks';

export interface TasksCommand {
  file: string;
  json: boolean;
}

/** A task as `specwright tasks --json` prints it: 1-based line, as editors and terminals count. */
export interface TaskReport {
  id?: string;
  ids: string[];
  line: number;
  /** `-` is skipped in a spec-kit file, in progress in a Kiro one; `~` is Kiro's queued. */
  state: 'todo' | 'done' | 'skipped' | 'inProgress' | 'queued';
  checkbox: string;
  /** A `### T001 — …` heading task: nothing to tick. */
  headingTask?: boolean;
  /** Kiro's `- [ ]*` optional task. */
  optional?: boolean;
  tags: string[];
  parallel: boolean;
  stories: string[];
  dependsOn: string[];
  requirements: string[];
  files: string[];
  description: string;
  /** The sub-heading the task sits under inside its phase. */
  heading?: string;
  /** The enclosing task's id (nested or Kiro-numbered tasks). */
  parentId?: string;
  /** Nesting depth of a nested task (1 under a top-level task); absent at the top level. */
  depth?: number;
}

export interface PhaseReport {
  /** The phase heading as written ("Tasks" for tasks before any phase). */
  name: string;
  /** From `## Phase 3: …`: the number, the bare title, priority and MVP marker. */
  number?: string;
  title: string;
  priority?: string;
  mvp: boolean;
  /** 1-based line of the heading; absent for the "Tasks" group. */
  line?: number;
  done: number;
  skipped: number;
  total: number;
  tasks: TaskReport[];
}

/** A checklist item (Definition of Done, gate, acceptance checklist): not a task, never run. */
export interface ChecklistItemReport {
  line: number;
  done: boolean;
  /** The checklist heading or bold label it sits under. */
  checklist: string;
  text: string;
}

export interface TasksReport {
  file: string;
  progress: { done: number; skipped: number; total: number };
  phases: PhaseReport[];
  /** Present when the file has checklists: counted apart from the tasks. */
  checklist?: { done: number; total: number; items: ChecklistItemReport[] };
}

/** `specwright tasks <tasks.md> [--json]`: the task list by phase, with state, tags, references and progress. */
export async function runTasks(cmd: TasksCommand): Promise<number> {
  let text: string;
  try {
    text = await readFile(cmd.file, 'utf8');
  } catch {
    process.stderr.write(`specwright: cannot read ${cmd.file}\n`);
    return 1;
  }
  const report = tasksReport(cmd.file, text);
  process.stdout.write(cmd.json ? `${JSON.stringify(report, null, 2)}\n` : formatTasks(report));
  return 0;
}

/** Phases in file order, each with its tasks; tasks outside any phase form a "Tasks" group where they first occur. */
export function tasksReport(file: string, text: string): TasksReport {
  const doc = parseTasks(text);
  const groups = new Map<string, PhaseReport>();
  const phaseByKey = new Map(doc.phases.map((p) => [p.key, p]));
  for (const task of doc.tasks) {
    const group = groups.get(task.phase) ?? phaseReport(phaseByKey.get(task.phase));
    groups.set(task.phase, group);
    group.tasks.push(reportOf(task, doc));
    group.total += 1;
    if (task.done) group.done += 1;
    if (task.skipped) group.skipped += 1;
  }
  const { done, skipped, total } = doc.progress;
  const report: TasksReport = { file, progress: { done, skipped, total }, phases: [...groups.values()] };
  if (doc.checklist.length) {
    report.checklist = {
      done: doc.checklistProgress.done,
      total: doc.checklistProgress.total,
      items: doc.checklist.map((item) => ({ line: item.line + 1, done: item.done, checklist: item.heading ?? '', text: item.description })),
    };
  }
  return report;
}

function phaseReport(phase: Phase | undefined): PhaseReport {
  if (!phase) return { name: 'Tasks', title: 'Tasks', mvp: false, done: 0, skipped: 0, total: 0, tasks: [] };
  return {
    name: phase.key,
    ...(phase.number !== undefined ? { number: phase.number } : {}),
    title: phase.name,
    ...(phase.priority ? { priority: phase.priority } : {}),
    mvp: phase.mvp,
    line: phase.line + 1,
    done: 0, skipped: 0, total: 0, tasks: [],
  };
}

/** Keys assigned in TaskReport's order, the optional ones in their place: spreads cost most of the report on a large file. */
function reportOf(t: Task, doc: TasksDocument): TaskReport {
  const r = (t.id ? { id: t.id } : {}) as TaskReport;
  r.ids = t.ids;
  r.line = t.line + 1;
  r.state = t.state;
  r.checkbox = t.mark;
  if (!t.checkbox) r.headingTask = true;
  if (t.optional) r.optional = true;
  r.tags = t.tags;
  r.parallel = t.parallel;
  r.stories = t.tags.filter((tag) => /^US\d+$/i.test(tag));
  r.dependsOn = t.dependsOn;
  r.requirements = t.requirements;
  r.files = t.files;
  r.description = t.description;
  if (t.heading !== undefined) r.heading = t.heading;
  if (t.parentId !== undefined) r.parentId = t.parentId;
  if (t.parentIndex !== undefined) r.depth = depthOf(t, doc);
  return r;
}

function depthOf(t: Task, doc: TasksDocument): number {
  let depth = 0;
  for (let p = t.parentIndex; p !== undefined; p = doc.tasks[p].parentIndex) depth += 1;
  return depth;
}

const BOX: Record<TaskReport['state'], string> = { done: '[x]', skipped: '[-]', inProgress: '[-]', queued: '[~]', todo: '[ ]' };
const SAID: Partial<Record<TaskReport['state'], string>> = { inProgress: ' (in progress)', queued: ' (queued)' };

export function formatTasks(report: TasksReport): string {
  const { done, skipped, total } = report.progress;
  const percent = total ? ` (${Math.round((done / total) * 100)}%)` : '';
  const out = [`${report.file}: ${done}/${total} done${percent}${skipped ? `, ${skipped} skipped` : ''}`];
  for (const phase of report.phases) {
    out.push('', `${phase.name}  ${phase.done}/${phase.total}${phase.skipped ? `, ${phase.skipped} skipped` : ''}`);
    for (const t of phase.tasks) {
      const box = BOX[t.state];
      // Kiro numbers its top-level tasks `1.`; ranges print as first–last.
      const id = t.ids.length > 1 ? `${t.ids[0]}–${t.ids.at(-1)}` : t.id && /^\d+$/.test(t.id) ? `${t.id}.` : t.id ?? '';
      const tags = t.tags.map((tag) => `[${tag}]`).join(' ');
      const head = [id, tags].filter(Boolean).join(' ');
      out.push(`${'  '.repeat((t.depth ?? 0) + 1)}${box}${t.optional ? '*' : ''} ${head ? `${head} ` : ''}${t.description}${SAID[t.state] ?? ''}`);
    }
  }
  if (report.checklist) {
    out.push('', `Checklist ${report.checklist.done}/${report.checklist.total} (not tasks: never run)`);
    for (const item of report.checklist.items) out.push(`  ${item.done ? '[x]' : '[ ]'} ${item.text}`);
  }
  return `${out.join('\n')}\n`;
}
