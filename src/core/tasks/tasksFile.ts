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

/** Runs `work` after every earlier piece of work on the same file has finished. */
export class FileLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async with<T>(path: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(path) ?? Promise.resolve();
    const result = before.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(path, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(path) === tail) this.tails.delete(path);
    }
  }
}
