/**
 * Commands of the spec history: Compare Versions (History → Compare in the Conversation view, on
 * the sides given or picked), Keep as Is for a flagged task, and Show Drift (the files a done task
 * changed, against the commit it was done at).
 */
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { DiffDocument, ServerMessage } from '../../protocol';
import type { Specwright } from '../../core/app/specwright';
import { gitUri } from '../tasks/gitContent';
import { HISTORY_COMMANDS } from './historyCommandIds';
import type { HistoryDiagnostics } from './historyDiagnostics';

export interface CompareTarget {
  feature: string;
  document: DiffDocument;
  from?: string;
  to?: string;
}

export interface HistoryCommandHooks {
  /** Shows the Conversation view and hands its page a message. */
  showInView: (message: ServerMessage) => Promise<void>;
  diagnostics: HistoryDiagnostics;
}

export function registerHistoryCommands(core: Specwright, hooks: HistoryCommandHooks): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(HISTORY_COMMANDS.compareVersions, async (target?: CompareTarget | vscode.Uri) => {
      const picked = isTarget(target) ? target : await pickTarget(core, target instanceof vscode.Uri ? target : undefined);
      if (!picked) return;
      await hooks.showInView({ type: 'showCompare', ...picked });
    }),
    vscode.commands.registerCommand(HISTORY_COMMANDS.keepTaskAsIs, async (featureDir: string, key: string) => {
      const done = await core.history.acknowledge(featureDir, key);
      await hooks.diagnostics.check(featureDir);
      void vscode.window.showInformationMessage(done.impact || done.drift
        ? `Specwright: ${key} is kept as is; it is flagged again if its requirements or files change once more.`
        : `Specwright: nothing recorded about ${key} to accept.`);
    }),
    vscode.commands.registerCommand(HISTORY_COMMANDS.showTaskDrift, async (featureDir: string, key: string) => {
      const { root, tasks } = await core.history.drift(featureDir);
      const drift = tasks.find((t) => t.key === key);
      if (!root || !drift?.files.length) {
        void vscode.window.showInformationMessage(`Specwright: ${key} has no drifted files any more.`);
        return;
      }
      const file = drift.files.length === 1 ? drift.files[0] : (await vscode.window.showQuickPick(drift.files, { title: `Files of ${key} changed since it was done` }));
      if (!file) return;
      const title = `${basename(file)} (when ${key} was done${drift.commit ? `, ${drift.commit.slice(0, 8)}` : ''}) ↔ Now`;
      await vscode.commands.executeCommand('vscode.diff', gitUri(root, drift.commit ?? '', file), vscode.Uri.file(join(root, file)), title, { preview: true });
    }),
  ];
}

const isTarget = (value: unknown): value is CompareTarget =>
  typeof value === 'object' && value !== null && typeof (value as CompareTarget).feature === 'string' && ((value as CompareTarget).document === 'spec' || (value as CompareTarget).document === 'tasks');

/** From the palette or a file's context menu: which feature (unless the file says), which document. */
async function pickTarget(core: Specwright, uri: vscode.Uri | undefined): Promise<CompareTarget | undefined> {
  const name = uri ? basename(uri.fsPath) : undefined;
  let feature = uri && (name === 'spec.md' || name === 'tasks.md') ? join(uri.fsPath, '..') : uri?.fsPath;
  if (!feature) {
    const features = await core.listFeatures();
    if (!features.length) {
      void vscode.window.showInformationMessage('Specwright: no feature folders (specs/NNN-name/) to compare yet.');
      return undefined;
    }
    const pick = features.length === 1 ? { path: features[0].path } : await vscode.window.showQuickPick(
      features.map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(f.path), path: f.path })),
      { title: 'Compare Versions — which feature?' },
    );
    feature = pick?.path;
  }
  if (!feature) return undefined;
  if (name === 'spec.md' || name === 'tasks.md') return { feature, document: name === 'spec.md' ? 'spec' : 'tasks' };
  const doc = await vscode.window.showQuickPick(
    [{ label: 'spec.md', description: 'requirements, success criteria, user stories', document: 'spec' as const }, { label: 'tasks.md', description: 'tasks', document: 'tasks' as const }],
    { title: 'Compare Versions — which document?' },
  );
  return doc ? { feature, document: doc.document } : undefined;
}
