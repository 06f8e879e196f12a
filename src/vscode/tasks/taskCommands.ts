/**
 * The task commands: Run Task, Run All Ready Tasks, Stop All, Stop, Retry, Skip, Resume, Show
 * Changes, the conversation of a task and Export Operation. Each works from a CodeLens (with its
 * arguments), from the editor (tasks.md and the cursor's task) or from the palette (it asks).
 */
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { parseTasks } from '../../core/features/tasks';
import { Journal } from '../../core/operations/journal';
import { journalDirOf } from '../../core/operations/journalFormat';
import { exportOperation } from '../../core/operations/journalExport';
import { eventsOf } from '../../core/handlers/operationHistory';
import type { Specwright } from '../../core/app/specwright';
import { buildTaskGraph } from '../../core/tasks/graph';
import { TaskRunError } from '../../core/tasks/taskRunner';
import type { OperationSummary } from '../../protocol';
import { pickFeatureFolder } from '../pickFeature';
import { passChecklistGate } from './checklistGate';
import { saveExport } from './saveExport';
import { showChanges } from './showChanges';
import { TASK_COMMANDS } from './taskCommandIds';

export interface TaskCommandHooks {
  revealConversation(): Promise<void>;
  log: vscode.LogOutputChannel;
}

export function registerTaskCommands(core: Specwright, hooks: TaskCommandHooks): vscode.Disposable[] {
  const register = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, async (...args: never[]) => {
    try {
      return await fn(...args);
    } catch (error) {
      // Refusals (busy, cycles, no tasks.md, untrusted) are messages for the user, not crashes.
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof TaskRunError)) hooks.log.error(`${id}: ${error instanceof Error ? error.stack ?? message : message}`);
      void vscode.window.showErrorMessage(`Specwright: ${message}`);
      return undefined;
    }
  });
  return [
    register(TASK_COMMANDS.runTask, async (target?: vscode.Uri | string, key?: string) => {
      const picked = await pickTask(core, target, key, 'Run Task');
      if (!picked) return undefined;
      const { operationId } = await core.tasks.runTask(picked.featureDir, picked.key);
      void hooks.revealConversation();
      return operationId;
    }),
    register(TASK_COMMANDS.runAllReady, async (target?: vscode.Uri | string) => {
      const featureDir = await featureOf(core, target, 'Run All Ready Tasks');
      if (!featureDir || !(await passChecklistGate(featureDir))) return undefined;
      const handle = await core.tasks.runAllReady(featureDir);
      void hooks.revealConversation();
      void handle.done.then((run) => {
        const text = `Specwright: tasks of ${basename(featureDir)} ${run.state}: ${run.done} done, ${run.failed} failed, ${run.skipped} skipped of ${run.total}.`;
        if (run.failed) void vscode.window.showWarningMessage(text);
        else if (run.state !== 'stopped') void vscode.window.showInformationMessage(text);
      });
      return handle.runId;
    }),
    register(TASK_COMMANDS.stopAll, async (target?: vscode.Uri | string) => {
      const featureDir = typeof target === 'string' ? target : undefined;
      const stopped = await core.tasks.stopAll(featureDir);
      if (!stopped) void vscode.window.showInformationMessage(vscode.l10n.t('Specwright: no task is running.'));
      return stopped;
    }),
    register(TASK_COMMANDS.stopTask, (featureDir: string, key: string) => core.tasks.stopTask(featureDir, key)),
    register(TASK_COMMANDS.retry, async (target?: vscode.Uri | string, key?: string) => {
      const picked = await pickTask(core, target, key, 'Retry Task', true);
      return picked ? core.tasks.retry(picked.featureDir, picked.key) : undefined;
    }),
    register(TASK_COMMANDS.skip, async (target?: vscode.Uri | string, key?: string) => {
      const picked = await pickTask(core, target, key, 'Skip Task', true);
      return picked ? core.tasks.skip(picked.featureDir, picked.key) : undefined;
    }),
    register(TASK_COMMANDS.resume, async (target?: vscode.Uri | string) => {
      const featureDir = await featureOf(core, target, 'Resume Tasks');
      if (!featureDir) return undefined;
      if (core.tasks.runOf(featureDir)?.state !== 'paused') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Specwright: no Run All of {0} is paused, so there is nothing to resume.', basename(featureDir)));
        return false;
      }
      return core.tasks.resume(featureDir);
    }),
    register(TASK_COMMANDS.showChanges, async (operationId?: string) => {
      const op = operationId ? core.bus.get(operationId) : await pickOperation(core, 'Show changes of which task run?', (o) => o.kind === 'task' && o.touched !== undefined);
      if (op) await showChanges(op);
    }),
    register(TASK_COMMANDS.showConversation, () => hooks.revealConversation()),
    register(TASK_COMMANDS.exportOperation, async (operationId?: string) => {
      const op = operationId ? core.bus.get(operationId) : await pickOperation(core, 'Export which operation?', () => true);
      if (!op) return undefined;
      const format = await vscode.window.showQuickPick([
        { label: 'Markdown', description: 'the conversation as a document', format: 'markdown' as const },
        { label: 'JSON', description: 'the summary and every event', format: 'json' as const },
      ], { title: 'Export as' });
      if (!format) return undefined;
      const entry = await eventsOf(core.bus, op.id, (id) => readJournal(id));
      if (!entry) throw new Error(`No events of ${op.id} are left.`);
      const exported = exportOperation(entry.summary, entry.events, format.format);
      return saveExport(exported.fileName, exported.content);
    }),
  ];
}

/** An operation from the journal of any workspace folder (for one the bus no longer holds). */
async function readJournal(operationId: string) {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const entry = await new Journal({ dirOf: () => undefined }).read(journalDirOf(folder.uri.fsPath), operationId).catch(() => undefined);
    if (entry) return entry;
  }
  return undefined;
}

/** The feature folder: given (CodeLens, explorer), the folder of the active tasks.md, or asked. */
async function featureOf(core: Specwright, target: vscode.Uri | string | undefined, title: string): Promise<string | undefined> {
  if (typeof target === 'string') return target;
  if (target instanceof vscode.Uri) return basename(target.fsPath) === 'tasks.md' ? dirname(target.fsPath) : target.fsPath;
  const active = vscode.window.activeTextEditor?.document;
  if (active && basename(active.uri.fsPath) === 'tasks.md') return dirname(active.uri.fsPath);
  return (await pickFeatureFolder(core, title))?.fsPath;
}

/** The task: given, the one under the cursor in tasks.md, or picked from the open (or failed) ones. */
async function pickTask(core: Specwright, target: vscode.Uri | string | undefined, key: string | undefined, title: string, failedFirst = false): Promise<{ featureDir: string; key: string } | undefined> {
  const featureDir = await featureOf(core, target, title);
  if (!featureDir) return undefined;
  if (key) return { featureDir, key };
  const tasksPath = join(featureDir, 'tasks.md');
  // Said in words: opening a missing file would surface VS Code's raw "cannot open vscode-remote://…".
  const exists = await vscode.workspace.fs.stat(vscode.Uri.file(tasksPath)).then(() => true, () => false);
  if (!exists) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Specwright: {0} has no tasks.md yet. Generate Tasks first.', basename(featureDir)));
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(tasksPath));
  const doc = parseTasks(document.getText());
  const graph = buildTaskGraph(doc);
  const keyOf = (index: number) => [...graph.nodes.values()].find((n) => n.task.index === index)?.key;
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.fsPath === tasksPath) {
    const atCursor = doc.tasks.find((t) => t.line === editor.selection.active.line);
    const found = atCursor && keyOf(atCursor.index);
    if (found) return { featureDir, key: found };
  }
  const states = new Map(core.tasks.board(featureDir).tasks.map((t) => [t.key, t]));
  const items = [...graph.nodes.values()]
    // Retry and Skip act on a failed task only; Run Task on any open one.
    .filter((n) => !n.container && (failedFirst ? states.get(n.key)?.status === 'failed' : !n.closed || states.get(n.key)?.status === 'failed'))
    .map((n) => ({ label: n.task.id ?? `line ${n.task.line + 1}`, description: n.task.description, detail: states.get(n.key)?.status, key: n.key, failed: states.get(n.key)?.status === 'failed' }))
    .sort((a, b) => (failedFirst ? Number(b.failed) - Number(a.failed) : 0));
  if (!items.length) {
    void vscode.window.showInformationMessage(failedFirst
      ? (title === 'Retry Task'
        ? vscode.l10n.t('Specwright: no task of {0} has failed, so there is nothing to retry.', basename(featureDir))
        : vscode.l10n.t('Specwright: no task of {0} has failed, so there is nothing to skip.', basename(featureDir)))
      : vscode.l10n.t('Specwright: every task of {0} is done.', basename(featureDir)));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { title: `${title} — which task?`, matchOnDescription: true });
  return pick ? { featureDir, key: pick.key } : undefined;
}

async function pickOperation(core: Specwright, title: string, filter: (op: OperationSummary) => boolean): Promise<OperationSummary | undefined> {
  const ops = core.bus.list().filter(filter);
  if (!ops.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Specwright: there is no such operation in the history.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(ops.map((op) => ({
    label: op.kind === 'task' ? `${op.task?.id ?? 'task'} ${op.task?.title ?? ''}` : `${op.kind}.md`,
    description: `${op.featureName} · ${op.agent} · ${op.status}`,
    detail: new Date(op.createdAt).toLocaleString(),
    op,
  })), { title, matchOnDescription: true });
  return pick?.op;
}
