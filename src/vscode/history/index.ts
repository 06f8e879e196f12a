/**
 * The spec history in VS Code: its findings in Problems, CodeLens on stale and drifted tasks, and
 * History → Compare (the Conversation view's, opened on given sides by commands and the History
 * picker). Everything behaves through core.history.
 */
import * as vscode from 'vscode';
import type { Specwright } from '../../core/app/specwright';
import { HistoryCodeLensProvider } from './historyCodeLens';
import { registerHistoryCommands, type HistoryCommandHooks } from './historyCommands';
import { HistoryDiagnostics } from './historyDiagnostics';

export { HISTORY_COMMANDS } from './historyCommandIds';

export function registerHistory(core: Specwright, hooks: Omit<HistoryCommandHooks, 'diagnostics'> & { log: vscode.LogOutputChannel }): { disposable: vscode.Disposable; diagnostics: HistoryDiagnostics } {
  const diagnostics = new HistoryDiagnostics(core, hooks.log);
  const lenses = new HistoryCodeLensProvider(diagnostics);
  const disposable = vscode.Disposable.from(
    diagnostics,
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/tasks.md' }, lenses),
    ...registerHistoryCommands(core, { ...hooks, diagnostics }),
  );
  void diagnostics.checkAll().catch((error: unknown) => hooks.log.warn(`Specwright history checks: ${String(error)}`));
  return { disposable, diagnostics };
}
