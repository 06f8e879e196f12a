/**
 * What "done" meant when a task run ticked its task: the commit HEAD was at, the files the run
 * changed with the blob each had then (`git hash-object`, so a later commit of exactly that
 * content is not mistaken for a change), and the text of the requirements the task cites. Kept in
 * `<feature>/.specwright/done-tasks.json` (committed with the feature, so CI can check drift)
 * and on the operation (`doneCommit`, `touched`), so the journal has it too. drift.ts reads it.
 */
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { atomicWrite } from './documentWrite';
import { activeRequirements } from './requirementIds';
import { FileLocks } from '../util/fileLocks';
import { git } from '../git/gitState';

export interface TaskDoneRecord {
  /** The task id, or `line:N`. */
  key: string;
  id?: string;
  title: string;
  operationId: string;
  doneAt: number;
  /** HEAD when the task was marked done; absent in a repository without commits. */
  commit?: string;
  /** Files the run changed, relative to the repository root, the feature's own documents excluded. */
  files: string[];
  /** Blob id of each of those files when the task was done ('' for a file the run deleted). */
  blobs: Record<string, string>;
  /** The requirements the task cites, as spec.md worded them then. */
  requirements: Record<string, string>;
}

export interface TaskRecords {
  version: 1;
  tasks: TaskDoneRecord[];
}

export const recordsPathOf = (featureDir: string): string => join(featureDir, '.specwright', 'done-tasks.json');

export async function readTaskRecords(featureDir: string): Promise<TaskDoneRecord[]> {
  try {
    const parsed = JSON.parse(await readFile(recordsPathOf(featureDir), 'utf8')) as Partial<TaskRecords>;
    if (parsed.version !== 1 || !Array.isArray(parsed.tasks)) return [];
    return parsed.tasks.filter((t): t is TaskDoneRecord => typeof t?.key === 'string' && Array.isArray(t.files) && typeof t.doneAt === 'number');
  } catch {
    return [];
  }
}

const locks = new FileLocks();

/** Replaces the record of `record.key` (a task done again is judged from its latest run). */
export async function saveTaskRecord(featureDir: string, record: TaskDoneRecord): Promise<void> {
  const path = recordsPathOf(featureDir);
  await locks.with(path, async () => {
    const tasks = (await readTaskRecords(featureDir)).filter((t) => t.key !== record.key);
    tasks.push(record);
    tasks.sort((a, b) => a.doneAt - b.doneAt || a.key.localeCompare(b.key));
    await atomicWrite(path, `${JSON.stringify({ version: 1, tasks } satisfies TaskRecords, null, 2)}\n`);
  });
}

export interface DoneFacts {
  featureDir: string;
  /** The repository's top folder. */
  gitRoot: string;
  key: string;
  id?: string;
  title: string;
  requirementIds: readonly string[];
  operationId: string;
  /** Files the run touched (relative to gitRoot), as gitState listed them. */
  touched: readonly string[];
  now?: number;
}

/** Builds the record of a task just marked done (HEAD, blobs, requirement texts) and saves it. */
export async function recordTaskDone(facts: DoneFacts): Promise<TaskDoneRecord> {
  const own = relative(facts.gitRoot, facts.featureDir).split(sep).join('/');
  const files = facts.touched.filter((f) => !(own && (f === own || f.startsWith(`${own}/`)))).sort();
  const [head, blobs, spec] = await Promise.all([
    git(facts.gitRoot, ['rev-parse', '-q', '--verify', 'HEAD']),
    blobsOf(facts.gitRoot, files),
    readFile(join(facts.featureDir, 'spec.md'), 'utf8').catch(() => ''),
  ]);
  const texts = new Map(activeRequirements(spec).map((r) => [r.id, r.text]));
  const requirements: Record<string, string> = {};
  for (const id of facts.requirementIds) if (texts.has(id)) requirements[id] = texts.get(id) as string;
  const record: TaskDoneRecord = {
    key: facts.key, ...(facts.id ? { id: facts.id } : {}), title: facts.title, operationId: facts.operationId,
    doneAt: facts.now ?? Date.now(), ...(head?.trim() ? { commit: head.trim() } : {}), files, blobs, requirements,
  };
  await saveTaskRecord(facts.featureDir, record);
  return record;
}

/** The blob id git would give each file as it is in the working tree now; '' for a missing one. */
export async function blobsOf(root: string, files: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const present: string[] = [];
  await Promise.all(files.map(async (f) => {
    if (await readFile(join(root, f)).then(() => true, () => false)) present.push(f);
    else out[f] = '';
  }));
  present.sort();
  // In slices: a run that touched thousands of files must not pass them all on one command line.
  for (let i = 0; i < present.length; i += 200) {
    const slice = present.slice(i, i + 200);
    const hashes = (await git(root, ['hash-object', '--', ...slice]))?.trim().split('\n') ?? [];
    slice.forEach((f, j) => { out[f] = hashes[j] ?? ''; });
  }
  return out;
}
