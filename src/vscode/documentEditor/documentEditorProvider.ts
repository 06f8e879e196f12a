import * as vscode from 'vscode';
import type { EditorHostMessage } from '../../protocol';
import { documentKindOf } from './editorModel';
import { EditorSession, type EditorSessionDeps } from './editorSession';

/** The Specwright document editor's view type (package.json → contributes.customEditors). */
export const DOCUMENT_EDITOR_VIEW_TYPE = 'specwright.documentEditor';

/**
 * A CustomTextEditorProvider: VS Code keeps the TextDocument (undo/redo, dirty state, save, hot
 * exit, the file watcher), and each open editor is an EditorSession showing it in a webview.
 */
export class DocumentEditorProvider implements vscode.CustomTextEditorProvider, vscode.Disposable {
  private readonly sessions = new Set<EditorSession>();

  constructor(private readonly deps: EditorSessionDeps) {}

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const kind = documentKindOf(document.uri.fsPath);
    if (!kind) {
      panel.webview.html = `<!DOCTYPE html><html><body><p>Specwright edits spec.md, plan.md and tasks.md. Reopen this file with the text editor.</p></body></html>`;
      return;
    }
    const session = new EditorSession(document, panel, kind, this.deps);
    this.sessions.add(session);
    panel.onDidDispose(() => {
      this.sessions.delete(session);
      session.dispose();
    });
  }

  /** The open editors of a document (a document may be open in several editor groups). */
  sessionsOf(uri: vscode.Uri): EditorSession[] {
    const key = uri.toString();
    return [...this.sessions].filter((s) => s.document.uri.toString() === key);
  }

  /**
   * For integration tests: hands a message to an open editor of the document exactly as its page
   * would, and returns what the editor posted back for it.
   */
  async dispatch(uri: vscode.Uri, message: unknown): Promise<EditorHostMessage | undefined> {
    const [session] = this.sessionsOf(uri);
    if (!session) throw new Error(`No Specwright editor is open for ${uri.toString()}.`);
    return session.receive(message);
  }

  /** The highest document version an open editor's page has shown, or undefined when none is open. */
  renderedVersion(uri: vscode.Uri): number | undefined {
    const versions = this.sessionsOf(uri).map((s) => s.renderedVersion);
    return versions.length ? Math.max(...versions) : undefined;
  }

  dispose(): void {
    for (const session of this.sessions) session.dispose();
    this.sessions.clear();
  }
}
