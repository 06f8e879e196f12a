import { readFile } from 'node:fs/promises';
import { atomicWrite } from '../../features/documentWrite';

/**
 * Where an agent's `fs/read_text_file` and `fs/write_text_file` land. The Node implementation
 * reads and writes the disk; the VS Code shell passes one that goes through open documents
 * (unsaved edits are what the user sees, and a write becomes an undoable edit).
 */
export interface FileSystemPort {
  readTextFile(path: string): Promise<string>;
  writeTextFile(path: string, content: string): Promise<void>;
}

export const nodeFileSystem: FileSystemPort = {
  readTextFile: (path) => readFile(path, 'utf8'),
  // Atomic: the document check after a run must never read half a file.
  writeTextFile: (path, content) => atomicWrite(path, content),
};
