import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Version, VersionStore } from '../../core/features/versions';
import { replaceDocumentText } from '../documentEditor/documentEdits';
import { versionUri } from './versionUri';

/**
 * Puts a kept version back as one undoable edit of the document. What the document holds now
 * (unsaved edits included) is kept as a version first, so a restore never loses anything and is
 * itself in the history. A document that had no unsaved edits is saved again, so the file on disk
 * is the restored one; a dirty one stays dirty, like any other edit.
 */
export async function restoreVersion(versions: VersionStore, docPath: string, id: string): Promise<void> {
  const content = await versions.read(docPath, id);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(docPath));
  const wasDirty = document.isDirty;
  await versions.keep(docPath, document.getText(), { reason: 'restore', prompt: `Before restoring version ${id}` });
  await replaceDocumentText(document, content);
  if (!wasDirty && document.isDirty && !(await document.save())) {
    throw new Error(`Restored ${basename(docPath)} in the editor but could not save it.`);
  }
}

/** The version on the left, the document as it is now (unsaved edits included) on the right. */
export async function compareWithCurrent(docPath: string, version: Version): Promise<void> {
  const title = `${basename(docPath)} (${versionLabel(version)}) ↔ Current`;
  await vscode.commands.executeCommand('vscode.diff', versionUri(docPath, version.id), vscode.Uri.file(docPath), title, { preview: true });
}

const REASONS: Record<Version['reason'], string> = {
  'before-generation': 'before a generation',
  'failed-output': 'output of a failed run',
  'changed-during-run': 'changed on disk during a run',
  restore: 'before a restore',
  manual: 'kept by hand',
  refine: 'after a refine turn',
};

export const versionReason = (version: Version): string => REASONS[version.reason] ?? version.reason;

export const versionLabel = (version: Version): string => new Date(version.createdAt).toLocaleString();
