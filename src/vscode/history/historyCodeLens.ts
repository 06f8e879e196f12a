/**
 * CodeLens in tasks.md for what the spec's history says about a task: "FR-003 changed since this
 * task was written" (click: compare the spec with the one the tasks were written from), drift of
 * a done task (click: the changed files against the commit it was done at), and "Keep as is".
 */
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { IMPACT_CODE } from '../../core/features/historyFindings';
import { taskKeyOf } from '../../core/features/tasksBasis';
import { parseTasks } from '../../core/features/tasks';
import { DRIFT_CODES } from '../../core/features/drift';
import type { Finding } from '../../protocol';
import { HISTORY_COMMANDS } from './historyCommandIds';
import type { HistoryDiagnostics } from './historyDiagnostics';

const TASK_CODES: ReadonlySet<string> = new Set([IMPACT_CODE, DRIFT_CODES.requirement, DRIFT_CODES.files]);

export class HistoryCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly listener: vscode.Disposable;

  constructor(private readonly diagnostics: HistoryDiagnostics) {
    this.listener = diagnostics.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (basename(document.uri.fsPath) !== 'tasks.md' || document.uri.scheme !== 'file') return [];
    const featureDir = dirname(document.uri.fsPath);
    const findings = this.diagnostics.findingsOf(featureDir).filter((f) => f.file === document.uri.fsPath && TASK_CODES.has(f.code));
    if (!findings.length) return [];
    const tasks = new Map(parseTasks(document.getText()).tasks.map((t) => [t.line, t]));
    const byLine = new Map<number, Finding[]>();
    for (const f of findings) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
    const lenses: vscode.CodeLens[] = [];
    for (const [line, list] of byLine) {
      const task = tasks.get(line);
      if (!task) continue;
      const at = new vscode.Range(line, 0, line, 0);
      const key = taskKeyOf(task);
      for (const f of list) {
        const id = idOf(document, f);
        const title = f.code === IMPACT_CODE
          ? `$(warning) ${id} ${/was removed/.test(f.message) ? 'was removed' : 'changed'} since this task was written`
          : f.code === DRIFT_CODES.requirement
            ? `$(warning) ${id} ${/was removed/.test(f.message) ? 'was removed' : 'changed'} since this task was done`
            : `$(warning) Drift: ${filesOf(f.message)} changed since this task was done`;
        const command = f.code === DRIFT_CODES.files
          ? { title, command: HISTORY_COMMANDS.showTaskDrift, arguments: [featureDir, key], tooltip: f.message }
          : { title, command: HISTORY_COMMANDS.compareVersions, arguments: [{ feature: featureDir, document: 'spec', from: f.code === IMPACT_CODE ? 'basis' : 'previous', to: 'current' }], tooltip: f.message };
        lenses.push(new vscode.CodeLens(at, command));
      }
      lenses.push(new vscode.CodeLens(at, {
        title: 'Keep as is', command: HISTORY_COMMANDS.keepTaskAsIs, arguments: [featureDir, key],
        tooltip: `${task.id ?? 'This task'} still holds: accept these changes (it is flagged again when they change once more).`,
      }));
    }
    return lenses;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}

/** The requirement id a finding points at (its range), else the first word of its message. */
function idOf(document: vscode.TextDocument, f: Finding): string {
  if (f.range) return document.getText(new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character));
  return f.message.split(' ')[0];
}

/** "src/a.ts, src/b.ts and 2 more" out of a drift message. */
const filesOf = (message: string): string => /, but (.+?) changed since/.exec(message)?.[1] ?? 'files';
