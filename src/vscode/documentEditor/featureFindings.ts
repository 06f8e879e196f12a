import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../protocol';
import { analyse, type DocumentText } from '../../core/features/traceability';
import { openDocumentOf } from './documentEdits';

/**
 * The traceability findings of a feature as its documents stand in the editor: an open spec.md or
 * tasks.md is read from its TextDocument (unsaved edits count), the others from disk. The same
 * analysis `core.features.check` runs on the files, so the editor and `specwright check` agree.
 */
export async function featureFindings(featureDir: string): Promise<Finding[]> {
  const [spec, tasks, requirements] = await Promise.all(['spec.md', 'tasks.md', 'requirements.md'].map((name) => current(join(featureDir, name))));
  return analyse({ ...(spec ? { spec } : {}), ...(tasks ? { tasks } : {}), ...(requirements ? { requirements } : {}) });
}

async function current(path: string): Promise<DocumentText | undefined> {
  const open = openDocumentOf(path);
  if (open) return { path, text: open.getText() };
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch {
    return undefined;
  }
}
