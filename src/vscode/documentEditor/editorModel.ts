/**
 * What the document editor's webview is told about a document besides its text: the tasks of a
 * tasks.md (for checkboxes), the open clarification markers of a spec.md (for the form). Pure:
 * computed from the text with core's parsers, no `vscode`, so it is unit-tested as is.
 */
import { basename, dirname } from 'node:path';
import type { EditorDocumentKind, EditorDocumentMessage, EditorPhase, EditorTask, TaskRunStatus } from '../../protocol';
import { findClarifications } from '../../core/features/clarifications';
import { parseTasks, type Task } from '../../core/features/tasks';
import { normalizeEol } from './textDiff';

const KINDS: Record<string, EditorDocumentKind> = { 'spec.md': 'spec', 'plan.md': 'plan', 'tasks.md': 'tasks' };

/** spec / plan / tasks for the three documents of a feature folder, undefined for any other file. */
export const documentKindOf = (path: string): EditorDocumentKind | undefined => KINDS[(path.split(/[\\/]/).pop() ?? '').toLowerCase()];

export interface DescribeInput {
  kind: EditorDocumentKind;
  path: string;
  text: string;
  version: number;
  dirty: boolean;
  trusted: boolean;
  runBlocked?: string;
  /** Task-run states of this feature (`core.tasks.board().tasks`), matched to tasks by line. */
  runs?: readonly { line: number; status: TaskRunStatus; reason?: string }[];
}

export function describeDocument(input: DescribeInput): EditorDocumentMessage {
  const { kind, path, text } = input;
  const message: EditorDocumentMessage = {
    type: 'document',
    kind,
    fileName: basename(path),
    featureName: basename(dirname(path)),
    // A textarea only knows \n: the webview works in \n, the host maps lines back (same line numbers).
    text: normalizeEol(text),
    version: input.version,
    dirty: input.dirty,
    trusted: input.trusted,
    ...(input.runBlocked ? { runBlocked: input.runBlocked } : {}),
  };
  if (kind === 'tasks') {
    const parsed = parseTasks(text);
    const runs = new Map((input.runs ?? []).map((r) => [r.line, r]));
    // A heading-style task (`### T001 — …`) has no checkbox: it shows as the heading it is.
    const tasks = parsed.tasks.filter((task) => task.checkbox).map((task) => {
      const described = editorTask(task, parsed.tasks, parsed.lines[task.line]?.text ?? '');
      const run = runs.get(task.line);
      return run ? { ...described, run: { status: run.status, ...(run.reason ? { reason: run.reason } : {}) } } : described;
    });
    const items = parsed.checklist.map((item) => ({ ...editorTask(item, parsed.checklist, parsed.lines[item.line]?.text ?? ''), checklist: true }));
    message.tasks = [...tasks, ...items].sort((a, b) => a.line - b.line);
    message.phases = parsed.phases.map((p): EditorPhase => ({ name: p.key, line: p.line, progress: p.progress }));
    message.progress = parsed.progress;
    if (parsed.checklist.length) message.checklistProgress = parsed.checklistProgress;
  }
  if (kind === 'spec') message.clarifications = findClarifications(text);
  return message;
}

function editorTask(task: Task, all: readonly Task[], line: string): EditorTask {
  let depth = 0;
  for (let parent = task.parentIndex; parent !== undefined && depth < 20; parent = all[parent]?.parentIndex) depth++;
  return {
    line: task.line,
    mark: task.mark,
    done: task.done,
    ...(task.state === 'inProgress' || task.state === 'queued' || task.state === 'skipped' ? { state: task.state } : {}),
    ...(task.optional ? { optional: true } : {}),
    ...(task.id === undefined ? {} : { id: task.id }),
    // The Markdown after `[x]` as written (bold ids, code spans and links keep their look).
    text: line.slice(task.markColumn + 2).trim(),
    depth,
  };
}
