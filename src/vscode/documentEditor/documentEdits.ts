import * as vscode from 'vscode';
import { minimalReplacement, normalizeEol } from './textDiff';

/** A replacement of `length` characters at `offset` of `document.getText()`. */
export interface OffsetEdit {
  offset: number;
  length: number;
  text: string;
}

/**
 * Applies edits (offsets into the current text, non-overlapping) as one WorkspaceEdit: one undo
 * step, the document turns dirty, and everything else VS Code does for an edit applies.
 */
export async function applyOffsetEdits(document: vscode.TextDocument, edits: readonly OffsetEdit[]): Promise<void> {
  if (!edits.length) return;
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), withEol(document, e.text));
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit of ${vscode.workspace.asRelativePath(document.uri)}.`);
}

/** Makes the document read `text` through the smallest single replacement; false when it already does. */
export async function replaceDocumentText(document: vscode.TextDocument, text: string): Promise<boolean> {
  // Compared in \n: the webview's textarea never has \r\n, the lines (and so the positions) are the same.
  const change = minimalReplacement(normalizeEol(document.getText()), normalizeEol(text));
  if (!change) return false;
  const edit = new vscode.WorkspaceEdit();
  const range = new vscode.Range(change.from.line, change.from.character, change.to.line, change.to.character);
  edit.replace(document.uri, range, withEol(document, change.text));
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit of ${vscode.workspace.asRelativePath(document.uri)}.`);
  return true;
}

const withEol = (document: vscode.TextDocument, text: string): string =>
  document.eol === vscode.EndOfLine.CRLF ? normalizeEol(text).replace(/\n/g, '\r\n') : normalizeEol(text);

/** The open TextDocument of a file, if VS Code has one. */
export function openDocumentOf(path: string): vscode.TextDocument | undefined {
  const uri = vscode.Uri.file(path).toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
}
