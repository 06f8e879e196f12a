import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { VersionStore } from '../../core/features/versions';
import { openDocumentOf, replaceDocumentText } from '../documentEditor/documentEdits';

const SAVE = 'Save and Generate';
const KEEP = 'Keep My Edits as a Version and Generate';

/**
 * core's `confirmOverwrite` port for VS Code: a generation about to overwrite a document with
 * unsaved edits asks first (modal). Save and Generate: the edits are saved, then kept as the
 * version before the generation. Keep as a version: the edits go to the history, the editor goes
 * back to the file on disk (one undoable edit), and the agent's result then shows live. Cancel: nothing runs.
 */
export function confirmOverwriteInVsCode(versionsOf: (docPath: string) => VersionStore) {
  return async (docPaths: readonly string[]): Promise<boolean> => {
    const dirty = docPaths.map(openDocumentOf).filter((d): d is vscode.TextDocument => d?.isDirty === true);
    if (!dirty.length) return true;
    const names = dirty.map((d) => basename(d.uri.fsPath)).join(', ');
    const choice = await vscode.window.showWarningMessage(
      `${names} ${dirty.length === 1 ? 'has' : 'have'} unsaved edits that this generation would overwrite.`,
      { modal: true, detail: 'Save them first, or keep them as a version in the document\'s history (Specwright: Show History) and continue from the file on disk.' },
      SAVE, KEEP,
    );
    if (choice === SAVE) {
      for (const document of dirty) if (!(await document.save())) return false;
      return true;
    }
    if (choice === KEEP) {
      for (const document of dirty) await keepAndRevert(versionsOf(document.uri.fsPath), document);
      return true;
    }
    return false;
  };
}

async function keepAndRevert(versions: VersionStore, document: vscode.TextDocument): Promise<void> {
  const path = document.uri.fsPath;
  await versions.keep(path, document.getText(), { reason: 'manual', prompt: 'Unsaved edits kept before a generation' });
  const onDisk = await readFile(path, 'utf8').catch(() => undefined);
  if (onDisk === undefined) return;
  // Back to the file as an edit (Undo brings the kept edits back), then saved: clean, so the agent's write reloads it.
  await replaceDocumentText(document, onDisk);
  if (document.isDirty) await document.save();
}
