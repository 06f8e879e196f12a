/**
 * Where tasks.md is read and its one-character edits land. The Node implementation edits the file
 * on disk; the VS Code shell passes one that edits the open document (undoable) and saves it.
 * Edits of one file are applied one at a time: two tasks finishing together must not both read
 * the old text and write back their own tick only.
 */
import { readFile } from 'node:fs/promises';
import { atomicWrite } from '../features/documentWrite';
import { applyEdits, type TextEdit } from '../features/tasks';

export interface TasksFilePort {
  read(path: string): Promise<string>;
  /** Applies one edit made against the text `read` returned just before. */
  apply(path: string, edit: TextEdit): Promise<void>;
}

export const nodeTasksFile: TasksFilePort = {
  read: (path) => readFile(path, 'utf8'),
  async apply(path, edit) {
    await atomicWrite(path, applyEdits(await readFile(path, 'utf8'), [edit]));
  },
};
