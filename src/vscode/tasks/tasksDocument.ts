/**
 * Task ticks through VS Code: when tasks.md is open, the tick is a WorkspaceEdit on the document
 * (one character, undoable, and what the user sees at once) and the document is saved unless it
 * already had unsaved edits of the user's; when it is not open, the file on disk is edited.
 * Reads come from the same place, so an edit always matches the text it was made against.
 */
import * as vscode from 'vscode';
import { nodeTasksFile, type TasksFilePort } from '../../core/tasks/tasksFile';

const openDocument = (path: string): vscode.TextDocument | undefined => {
  const uri = vscode.Uri.file(path).toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
};

export const workspaceTasksFile: TasksFilePort = {
  async read(path) {
    return openDocument(path)?.getText() ?? nodeTasksFile.read(path);
  },
  async apply(path, edit) {
    const document = openDocument(path);
    if (!document) return nodeTasksFile.apply(path, edit);
    const wasDirty = document.isDirty;
    const change = new vscode.WorkspaceEdit();
    change.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.text);
    if (!(await vscode.workspace.applyEdit(change))) throw new Error(`VS Code refused the edit of ${path}.`);
    if (!wasDirty && !(await document.save())) throw new Error(`Could not save ${path}.`);
  },
};
