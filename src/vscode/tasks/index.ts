/**
 * Task runs in VS Code: the CodeLens in tasks.md, the commands, the pause notifications and the
 * `specwright-git:` documents behind "Show changes". Everything behaves through core.tasks.
 */
import * as vscode from 'vscode';
import type { Specwright } from '../../core/app/specwright';
import { GIT_SCHEME, GitContentProvider } from './gitContent';
import { notifyRunPauses } from './runNotifications';
import { TaskCodeLensProvider } from './taskCodeLens';
import { registerTaskCommands, type TaskCommandHooks } from './taskCommands';
import { TaskContext } from './taskContext';
import type { TaskAgentCheck } from './taskAgentCheck';

export { saveExport } from './saveExport';
export { workspaceTasksFile } from './tasksDocument';

export function registerTasks(core: Specwright, hooks: TaskCommandHooks & { taskAgent?: TaskAgentCheck }): vscode.Disposable {
  const lenses = new TaskCodeLensProvider(core, hooks.taskAgent);
  const parts: vscode.Disposable[] = [
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/tasks.md' }, lenses),
    vscode.workspace.registerTextDocumentContentProvider(GIT_SCHEME, new GitContentProvider()),
    notifyRunPauses(core),
    new TaskContext(core),
    ...registerTaskCommands(core, hooks),
  ];
  return vscode.Disposable.from(...parts);
}
