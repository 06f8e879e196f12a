import * as vscode from 'vscode';
import { DOCUMENT_EDITOR_VIEW_TYPE } from './documentEditor/documentEditorProvider';

export { DOCUMENT_EDITOR_VIEW_TYPE };

/**
 * Opens spec.md / plan.md / tasks.md the way Specwright's own commands do: in the Specwright
 * document editor, or as text when that editor cannot open it.
 */
export async function openSpecwrightDocument(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('vscode.openWith', uri, DOCUMENT_EDITOR_VIEW_TYPE, { preview: false });
  } catch {
    await vscode.window.showTextDocument(uri, { preview: false });
  }
}
