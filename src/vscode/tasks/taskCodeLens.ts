/**
 * CodeLens in tasks.md: "▶ Run task" on every open task, the task's status while and after it
 * runs (running, queued, failed with the reason, done, skipped) with Retry, Skip and Show changes,
 * Run All Ready Tasks / Stop All / Resume at the top, and the problems of the plan of work
 * (cycles, unknown ids) on their lines. Statuses come from the core; the file is never rewritten.
 */
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { parseTasks } from '../../core/features/tasks';
import type { Specwright } from '../../core/app/specwright';
import { buildTaskGraph } from '../../core/tasks/graph';
import type { TaskRun, TaskState } from '../../protocol';
import { TASK_COMMANDS } from './taskCommandIds';
import { shortReason } from './shortReason';

export class TaskCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly core: Specwright, private readonly agentCheck?: { blocker(): string | undefined; onDidChange: vscode.Event<void> }) {
    const listener = core.tasks.onChange(() => this.changed.fire());
    this.subscriptions.push(this.changed, { dispose: () => listener.dispose() });
    if (agentCheck) this.subscriptions.push(agentCheck.onDidChange(() => this.changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (basename(document.uri.fsPath) !== 'tasks.md' || document.uri.scheme !== 'file') return [];
    const featureDir = dirname(document.uri.fsPath);
    const doc = parseTasks(document.getText());
    if (!doc.tasks.length) return [];
    const graph = buildTaskGraph(doc);
    const { tasks, run } = this.core.tasks.board(featureDir);
    const states = new Map(tasks.map((t) => [t.key, t]));
    const lenses: vscode.CodeLens[] = [];
    const at = (line: number) => new vscode.Range(line, 0, line, 0);
    const add = (line: number, title: string, command = '', args: unknown[] = [], tooltip?: string) =>
      lenses.push(new vscode.CodeLens(at(line), { title, command, arguments: args, ...(tooltip ? { tooltip } : {}) }));

    // Run-level lenses sit on the first line, not on the first task's: there they would share
    // one line with that task's own Retry / Skip / reason and push them off the editor.
    const top = 0;
    const blocked = this.agentCheck?.blocker();
    if (blocked && !run) {
      // Said once at the top instead of a Run on every task that would only fail.
      add(top, `$(info) Run needs a coding agent: ${blocked.split(':')[0]}`, 'specwright.selectAgent', [], blocked);
    } else {
      for (const lens of runLenses(featureDir, run, graph.order.some((k) => !graph.nodes.get(k)?.closed))) add(top, lens.title, lens.command, lens.args);
    }
    for (const problem of graph.problems) add(problem.line, `$(warning) ${problem.message}`, '', [], problem.message);

    for (const key of graph.order) {
      const node = graph.nodes.get(key);
      if (!node || node.container) continue;
      // A task ticked (or skipped) by hand after a failed run is closed: the old failure is history.
      const known = states.get(key);
      const state = known && node.closed && known.status !== 'done' && known.status !== 'running' ? undefined : known;
      const line = node.task.line;
      const id = [featureDir, key];
      if (state) {
        for (const lens of stateLenses(state, id)) add(line, lens.title, lens.command, lens.args, lens.tooltip);
      } else if (!node.closed && !blocked) {
        add(line, '$(play) Run task', TASK_COMMANDS.runTask, id, `Run ${node.task.id ?? 'this task'} with the agent: it is ticked when it succeeds.`);
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}

interface LensSpec {
  title: string;
  command: string;
  args: unknown[];
  tooltip?: string;
}

function runLenses(featureDir: string, run: TaskRun | undefined, anyOpen: boolean): LensSpec[] {
  const live = run && (run.state === 'running' || run.state === 'paused');
  if (!live) {
    const last = run ? [{ title: `Last run ${run.state}: ${run.done} done, ${run.failed} failed of ${run.total}`, command: '', args: [] }] : [];
    return anyOpen ? [{ title: '$(run-all) Run all ready tasks', command: TASK_COMMANDS.runAllReady, args: [featureDir] }, ...last] : last;
  }
  const progress = `${run.done}/${run.total} done${run.failed ? `, ${run.failed} failed` : ''}`;
  const out: LensSpec[] = [];
  if (run.state === 'running') out.push({ title: `$(sync~spin) Running tasks: ${progress}`, command: '', args: [] });
  else out.push({ title: `$(debug-pause) Paused ${run.pauseReason === 'failure' ? 'after a failure' : 'for review'}: ${progress}`, command: '', args: [] });
  if (run.state === 'paused' && run.pauseReason === 'review') out.push({ title: '$(debug-continue) Resume', command: TASK_COMMANDS.resume, args: [featureDir] });
  out.push({ title: '$(debug-stop) Stop all', command: TASK_COMMANDS.stopAll, args: [featureDir] });
  return out;
}

function stateLenses(state: TaskState, id: unknown[]): LensSpec[] {
  const show = state.operationId ? { command: TASK_COMMANDS.showConversation, args: [state.operationId] } : { command: '', args: [] };
  switch (state.status) {
    case 'running':
      return [{ title: '$(sync~spin) Running…', ...show, tooltip: 'Open the conversation' }, { title: '$(debug-stop) Stop', command: TASK_COMMANDS.stopTask, args: id }];
    case 'queued':
      return [{ title: `$(clock) Queued${state.reason ? ` — ${state.reason}` : ''}`, command: '', args: [] }, { title: 'Skip', command: TASK_COMMANDS.skip, args: id }];
    case 'failed':
      // Actions first, then a short reason (the whole text is the tooltip): a long message must
      // not push Retry / Skip / Show changes off the right edge of the editor.
      return [
        { title: '$(refresh) Retry', command: TASK_COMMANDS.retry, args: id },
        { title: 'Skip', command: TASK_COMMANDS.skip, args: id },
        ...(state.operationId ? [{ title: 'Show changes', command: TASK_COMMANDS.showChanges, args: [state.operationId] }] : []),
        { title: `$(error) Failed: ${shortReason(state.reason ?? 'see the conversation')}`, ...show, tooltip: `${state.reason ?? 'Failed'} — click to open the conversation` },
      ];
    case 'skipped':
      return [{ title: '$(debug-step-over) Skipped', command: '', args: [] }, { title: '$(play) Run task', command: TASK_COMMANDS.runTask, args: id }];
    case 'done':
      return [
        { title: '$(check) Done', ...show, tooltip: 'Open the conversation' },
        ...(state.operationId ? [{ title: 'Show changes', command: TASK_COMMANDS.showChanges, args: [state.operationId] }] : []),
      ];
  }
}
