import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Version, VersionStore } from '../../core/features/versions';
import { HISTORY_COMMANDS } from '../history/historyCommandIds';
import { compareWithCurrent, restoreVersion, versionLabel, versionReason } from './restoreVersion';

interface VersionItem extends vscode.QuickPickItem {
  version: Version;
}

const COMPARE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('diff'), tooltip: 'Compare with Current' };
const RESTORE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('discard'), tooltip: 'Restore This Version' };
const SEMANTIC: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: 'Compare Requirements with Current (added, removed, modified, renumbered)' };

type Action = 'compare' | 'restore' | 'semantic';

/** spec.md and tasks.md have requirements and tasks to compare semantically; plan.md only text. */
const semanticDocument = (docPath: string): 'spec' | 'tasks' | undefined =>
  basename(docPath) === 'spec.md' ? 'spec' : basename(docPath) === 'tasks.md' ? 'tasks' : undefined;

/**
 * History of a document: its kept versions, newest first, with time, agent, prompt and why each
 * was kept. Enter offers Compare / Restore; the buttons on each row do the same with the mouse.
 */
export async function showHistory(versions: VersionStore, docPath: string): Promise<void> {
  const list = await versions.list(docPath);
  const name = basename(docPath);
  if (!list.length) {
    void vscode.window.showInformationMessage(`Specwright: ${name} has no earlier versions yet. A version is kept before every generation and restore.`);
    return;
  }
  const items: VersionItem[] = list.map((version) => ({
    version,
    label: `$(history) ${versionLabel(version)}`,
    description: [versionReason(version), version.agent].filter(Boolean).join(' · '),
    detail: version.prompt ? `Prompt: ${version.prompt.replace(/\s+/g, ' ')}` : undefined,
    buttons: semanticDocument(docPath) ? [SEMANTIC, COMPARE, RESTORE] : [COMPARE, RESTORE],
  }));

  const picked = await new Promise<{ item: VersionItem; action?: Action } | undefined>((done) => {
    const pick = vscode.window.createQuickPick<VersionItem>();
    pick.title = `History of ${name} (${vscode.workspace.asRelativePath(docPath)})`;
    pick.placeholder = 'Pick a version to compare with the current document or to restore';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.items = items;
    let result: { item: VersionItem; action?: Action } | undefined;
    pick.onDidTriggerItemButton((e) => {
      result = { item: e.item, action: e.button === RESTORE ? 'restore' : e.button === SEMANTIC ? 'semantic' : 'compare' };
      pick.hide();
    });
    pick.onDidAccept(() => {
      const [item] = pick.selectedItems;
      if (item) result = { item };
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      done(result);
    });
    pick.show();
  });
  if (!picked) return;

  const action = picked.action ?? (await chooseAction(picked.item.version, semanticDocument(docPath) !== undefined));
  if (action === 'compare') await compareWithCurrent(docPath, picked.item.version);
  const document = semanticDocument(docPath);
  if (action === 'semantic' && document) {
    await vscode.commands.executeCommand(HISTORY_COMMANDS.compareVersions, { feature: dirname(docPath), document, from: picked.item.version.id, to: 'current' });
  }
  if (action === 'restore') {
    await restoreVersion(versions, docPath, picked.item.version.id);
    void vscode.window.showInformationMessage(`Specwright: restored ${name} to the version of ${versionLabel(picked.item.version)}. The content it replaced is kept in the history (Undo also brings it back).`);
  }
}

async function chooseAction(version: Version, semantic: boolean): Promise<Action | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      ...(semantic ? [{ label: '$(list-tree) Compare Requirements with Current', description: 'added, removed, modified, renumbered', action: 'semantic' as const }] : []),
      { label: '$(diff) Compare with Current', action: 'compare' as const },
      { label: '$(discard) Restore This Version', description: 'the current content is kept as a version first', action: 'restore' as const },
    ],
    { title: `Version of ${versionLabel(version)}` },
  );
  return choice?.action;
}
