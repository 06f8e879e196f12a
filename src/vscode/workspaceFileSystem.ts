import * as vscode from 'vscode';
import type { FileSystemPort } from '../core/agents/acp/fileSystem';

/**
 * ACP file access through VS Code's document model. A read returns what the editor shows,
 * unsaved changes included; a write is a WorkspaceEdit, so the user can undo it in the editor,
 * and it is saved at once because the run is judged by the file on disk.
 */
export const workspaceFileSystem: FileSystemPort = {
  async readTextFile(path) {
    const uri = vscode.Uri.file(path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (error) {
      // The ACP side reports a missing file as "not found"; keep Node's code for it.
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') throw Object.assign(new Error(`No such file: ${path}`), { code: 'ENOENT' });
      throw error;
    }
  },

  async writeTextFile(path, content) {
    const uri = vscode.Uri.file(path);
    const edit = new vscode.WorkspaceEdit();
    let exists = true;
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      exists = false;
    }
    if (exists) {
      const document = await vscode.workspace.openTextDocument(uri);
      const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
      edit.replace(uri, whole, content);
    } else {
      edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(content) });
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit of ${path}.`);
    // A created file is on disk already; an edited one is dirty until saved.
    if (exists) {
      const document = await vscode.workspace.openTextDocument(uri);
      if (document.isDirty && !(await document.save())) throw new Error(`Could not save ${path}.`);
    }
  },
};
