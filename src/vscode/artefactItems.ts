/**
 * The Features view's rows for spec-kit's other artefacts of a feature: research.md,
 * data-model.md, quickstart.md, each file of contracts/ and each checklist with its progress
 * ("checklist 3/4"). A click opens the file in the text editor (checklists are ticked there).
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FeatureStatus } from '../protocol';

export interface Artefact {
  /** Relative to the feature folder: research.md, contracts/api.yaml, checklists/ux.md. */
  file: string;
  checklist?: { done: number; total: number };
}

/** The feature's artefacts in the order the view shows them: documents, contracts, checklists. */
export function artefactsOf(status: FeatureStatus): Artefact[] {
  const a = status.artefacts;
  if (!a) return [];
  return [
    ...a.documents.map((file) => ({ file })),
    ...a.contracts.map((file) => ({ file })),
    ...a.checklists.map((c) => ({ file: c.file, checklist: { done: c.done, total: c.total } })),
  ];
}

/** "checklist 3/4" (or "checklist, no items"), for the row's description. */
export function checklistText(progress: { done: number; total: number }): string {
  return progress.total === 0 ? 'checklist, no items' : `checklist ${progress.done}/${progress.total}`;
}

export function artefactItem(feature: FeatureStatus, artefact: Artefact): vscode.TreeItem {
  const uri = vscode.Uri.file(join(feature.path, ...artefact.file.split('/')));
  const item = new vscode.TreeItem(artefact.file, vscode.TreeItemCollapsibleState.None);
  item.resourceUri = uri;
  item.command = { command: 'vscode.open', title: `Open ${artefact.file}`, arguments: [uri] };
  item.tooltip = artefact.file;
  if (artefact.checklist) {
    const complete = artefact.checklist.done === artefact.checklist.total;
    item.description = checklistText(artefact.checklist);
    item.iconPath = new vscode.ThemeIcon(complete ? 'pass-filled' : 'checklist', complete ? new vscode.ThemeColor('testing.iconPassed') : undefined);
    item.tooltip = `${artefact.file}: ${artefact.checklist.done} of ${artefact.checklist.total} items checked${complete ? '' : ' (Run All asks before it starts)'}`;
    item.contextValue = 'specwright.checklist';
  } else {
    item.contextValue = 'specwright.artefact';
  }
  return item;
}
