import { readFile } from 'node:fs/promises';
import { progressOf } from '../core/features/status';
import { taskFactsOf, type TaskFacts } from '../core/features/taskFacts';

export interface TasksCommand {
  file: string;
  json: boolean;
}

/** A task as `specwright tasks --json` prints it: 1-based line, as editors and terminals count. */
export interface TaskReport {
  id?: string;
  ids: string[];
  line: number;
  state: 'todo' | 'done' | 'skipped';
  checkbox: string;
  tags: string[];
  parallel: boolean;
  stories: string[];
  dependsOn: string[];
  requirements: string[];
  files: string[];
  description: string;
}

export interface TasksReport {
  file: string;
  progress: ReturnType<typeof progressOf>;
  phases: Array<{ name: string; done: number; total: number; tasks: TaskReport[] }>;
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

export function tasksReport(file: string, text: string): TasksReport {
  const progress = progressOf(text);
  const byPhase = new Map<string, TaskReport[]>();
  for (const task of taskFactsOf(text)) {
    const name = task.phase || 'Tasks';
    byPhase.set(name, [...(byPhase.get(name) ?? []), reportOf(task)]);
  }
  const phases = progress.phases.map((p) => ({ ...p, tasks: byPhase.get(p.name) ?? [] }));
  return { file, progress, phases };
}

function reportOf(t: TaskFacts): TaskReport {
  return {
    ...(t.id ? { id: t.id } : {}),
    ids: t.ids,
    line: t.line + 1,
    state: t.done ? 'done' : t.mark === '-' ? 'skipped' : 'todo',
    checkbox: t.mark,
    tags: t.tags,
    parallel: t.parallel,
    stories: t.tags.filter((tag) => /^US\d+$/i.test(tag)),
    dependsOn: t.dependsOn,
    requirements: t.requirements,
    files: t.files,
    description: t.description,
  };
}

export function formatTasks(report: TasksReport): string {
  const { done, total } = report.progress;
  const out = [`${report.file}: ${done}/${total} done${total ? ` (${Math.round((done / total) * 100)}%)` : ''}`];
  for (const phase of report.phases) {
    out.push('', `${phase.name}  ${phase.done}/${phase.total}`);
    for (const t of phase.tasks) {
      const box = t.state === 'done' ? '[x]' : t.state === 'skipped' ? '[-]' : '[ ]';
      const tags = t.tags.map((tag) => `[${tag}]`).join(' ');
      out.push(`  ${box} ${t.ids.length > 1 ? `${t.ids[0]}–${t.ids.at(-1)}` : t.id ?? ''}${tags ? ` ${tags}` : ''} ${t.description}`);
    }
  }
  return `${out.join('\n')}\n`;
}
