import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Version, VersionStore } from '../../core/features/versions';
import { replaceDocumentText } from '../documentEditor/documentEdits';
import { normalizeEol } from '../documentEditor/textDiff';
import { versionUri } from './versionUri';

/**
 * Puts a kept version back. What the document holds now is kept as a version first, so a restore
 * never loses anything and is itself in the history.
 *
 * A document with unsaved edits gets the restore as one more undoable edit and stays dirty. Else
 * the file is the truth: an agent writes the file on disk and VS Code reads it back into an open
 * document only when its file watcher notices, so right after a run the document may still hold
 * the text before (editing and saving that would keep the wrong version and fail on "file modified
 * since"). So the file's text is kept and the version is written to the file; VS Code reloads the
 * document from it, and that reload is undoable like any change from disk.
 */
export async function restoreVersion(versions: VersionStore, docPath: string, id: string): Promise<void> {
  const content = await versions.read(docPath, id);
  const uri = vscode.Uri.file(docPath);
  const document = await vscode.workspace.openTextDocument(uri);
  const keep = (text: string) => versions.keep(docPath, text, { reason: 'restore', prompt: `Before restoring version ${id}` });
  if (document.isDirty) {
    await keep(document.getText());
    await replaceDocumentText(document, content);
    return;
  }
  await keep(await readFile(docPath, 'utf8').catch(() => document.getText()));
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
  await documentReads(document, content, RELOAD_WAIT_MS);
}

/** How long a restore waits for VS Code to show the file it wrote before it returns anyway. */
const RELOAD_WAIT_MS = 5000;

/** Resolves once the document reads `text` (line ends aside), or after `timeoutMs` regardless. */
function documentReads(document: vscode.TextDocument, text: string, timeoutMs: number): Promise<void> {
  const wanted = normalizeEol(text);
  const reads = () => normalizeEol(document.getText()) === wanted;
  if (reads()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === document && reads()) done();
    });
  });
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
