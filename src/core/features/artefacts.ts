/**
 * spec-kit's other artefacts of a feature besides spec/plan/tasks: research.md, data-model.md,
 * quickstart.md, contracts/ and checklists/*.md (each checklist with its progress). spec-kit's
 * implement step asks for every checklist to be complete first, hence `incompleteChecklists`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTasks } from './tasks';

export interface ChecklistFile {
  /** Path relative to the feature folder: `checklists/requirements.md`. */
  file: string;
  done: number;
  total: number;
}

export interface FeatureArtefacts {
  /** research.md, data-model.md, quickstart.md that exist, relative to the feature folder. */
  documents: string[];
  /** Files under contracts/ (one level), relative to the feature folder. */
  contracts: string[];
  checklists: ChecklistFile[];
}

const DOCUMENTS = ['research.md', 'data-model.md', 'quickstart.md'];

export async function featureArtefacts(featureDir: string): Promise<FeatureArtefacts> {
  const files = new Set(await readdir(featureDir).catch(() => [] as string[]));
  const contracts = (await readdir(join(featureDir, 'contracts')).catch(() => [] as string[])).sort().map((f) => `contracts/${f}`);
  const checklistNames = (await readdir(join(featureDir, 'checklists')).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
  const checklists = await Promise.all(checklistNames.map(async (name): Promise<ChecklistFile> => {
    const text = await readFile(join(featureDir, 'checklists', name), 'utf8').catch(() => '');
    // A checklist file's items are what it checks, whatever they look like to the tasks parser.
    const doc = parseTasks(text);
    const items = [...doc.tasks.filter((t) => t.checkbox), ...doc.checklist];
    return { file: `checklists/${name}`, done: items.filter((t) => t.done).length, total: items.length };
  }));
  return { documents: DOCUMENTS.filter((d) => files.has(d)), contracts, checklists };
}

/** The checklists with open items, for the warning before Run All. */
export function incompleteChecklists(artefacts: FeatureArtefacts): ChecklistFile[] {
  return artefacts.checklists.filter((c) => c.done < c.total);
}

/** One line a shell can show before Run All; undefined when every checklist is complete. */
export function checklistWarning(artefacts: FeatureArtefacts): string | undefined {
  const open = incompleteChecklists(artefacts);
  if (!open.length) return undefined;
  return `Checklists are not complete: ${open.map((c) => `${c.file} ${c.done}/${c.total}`).join(', ')}. spec-kit's implement step asks for them to be finished before the tasks run.`;
}
