/**
 * Drift between a feature's done tasks and the code, anchored to git. A done task's record
 * (taskRecords.ts) says which files its run changed and the commit it was done at; a file drifted
 * when `git diff --name-only <commit>..HEAD` lists it, its blob at HEAD is not the one the task
 * left (the task's own uncommitted work committed later is no drift), and no later done task
 * claims the file. A done task also drifted when a requirement it cites was modified or removed
 * after it was done. `since` narrows both to what changed in `<since>..HEAD`, for CI.
 */
import { join, relative, sep } from 'node:path';
import type { Finding } from '../../protocol';
import type { RequirementChange } from '../../protocol/diff';
import { clip, tokenRange } from './findingText';
import { activeRequirements } from './requirementIds';
import { taskKeyOf } from './tasksBasis';
import { parseTasks } from './tasks';
import { normalizeText, wordDiff } from './wordDiff';
import { git } from '../git/gitState';
import { blobsOf, readTaskRecords, saveTaskRecord, type TaskDoneRecord } from './taskRecords';

/** A task done before the repository's first commit is measured from nothing (git's empty tree). */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export const DRIFT_CODES = {
  files: 'task-drift',
  requirement: 'task-requirement-drift',
  missingCommit: 'task-commit-missing',
} as const;

/** `since` names nothing git knows, or the feature is not in a repository: the check cannot run as asked. */
export class DriftError extends Error {}

export interface TaskDrift {
  key: string;
  id?: string;
  /** 0-based line of the task in tasks.md now. */
  line: number;
  title: string;
  /** The commit the task was done at. */
  commit?: string;
  /** Its files changed since, by something other than a later task. */
  files: string[];
  /** Requirements it cites, changed since it was done. */
  requirements: RequirementChange[];
  /** The recorded commit is not in the repository (history rewritten): files cannot be judged. */
  missingCommit?: boolean;
}

export interface DriftInput {
  featureDir: string;
  tasksText: string;
  specText: string;
  /** A git revision: only what changed in `<since>..HEAD` counts. */
  since?: string;
}

export async function driftOf(input: DriftInput): Promise<TaskDrift[]> {
  const records = await readTaskRecords(input.featureDir);
  // Nothing recorded and no range to validate: no git process for nothing (Problems runs this as you type).
  if (!records.length && input.since === undefined) return [];
  const root = (await git(input.featureDir, ['rev-parse', '--show-toplevel']))?.trim();
  if (input.since !== undefined && !root) throw new DriftError(`--since needs a git repository, and ${input.featureDir} is not in one.`);
  let range: { files: Set<string>; specThen: string } | undefined;
  if (input.since !== undefined && root) {
    const base = (await git(root, ['rev-parse', '-q', '--verify', `${input.since}^{commit}`]))?.trim();
    if (!base) throw new DriftError(`Unknown revision "${input.since}": give a branch, tag or commit git knows (e.g. origin/main).`);
    const specRel = relative(root, join(input.featureDir, 'spec.md')).split(sep).join('/');
    range = {
      files: new Set(splitZ((await git(root, ['diff', '--name-only', '-z', base, 'HEAD'])) ?? '')),
      specThen: (await git(root, ['show', `${base}:${specRel}`])) ?? '',
    };
  }
  if (!records.length) return [];

  // Only tasks that are still ticked are judged, each by its latest record.
  const done = new Map(parseTasks(input.tasksText).tasks.filter((t) => t.done).map((t) => [taskKeyOf(t), t]));
  const live = records.filter((r) => done.has(r.key));
  const owner = new Map<string, TaskDoneRecord>();
  for (const r of live) for (const f of r.files) if ((owner.get(f)?.doneAt ?? -Infinity) <= r.doneAt) owner.set(f, r);
  const now = new Map(activeRequirements(input.specText).map((r) => [r.id, r.text]));
  const then = range ? new Map(activeRequirements(range.specThen).map((r) => [r.id, r.text])) : undefined;

  const out: TaskDrift[] = [];
  for (const record of live) {
    const task = done.get(record.key);
    if (!task) continue;
    const drift: TaskDrift = {
      key: record.key, ...(record.id ? { id: record.id } : {}), line: task.line, title: task.description,
      ...(record.commit ? { commit: record.commit } : {}), files: [], requirements: [],
    };
    const mine = record.files.filter((f) => owner.get(f) === record && (!range || range.files.has(f)));
    if (root && mine.length) {
      if (record.commit && !(await commitExists(root, record.commit))) drift.missingCommit = true;
      else drift.files = await changedFiles(root, record.commit ?? EMPTY_TREE, record, mine);
    }
    for (const [id, worded] of Object.entries(record.requirements)) {
      const current = now.get(id);
      if (current !== undefined && normalizeText(current) === normalizeText(worded)) continue;
      // With a range, only a change made inside it: the spec at its start already said so otherwise.
      if (then && normalizeText(then.get(id) ?? '') === normalizeText(current ?? '')) continue;
      drift.requirements.push(current === undefined
        ? { id, change: 'removed', before: worded }
        : { id, change: 'modified', before: worded, after: current, words: wordDiff(worded, current) });
    }
    if (drift.files.length || drift.requirements.length || drift.missingCommit) out.push(drift);
  }
  return out;
}

/** The record's files that changed between its commit and HEAD to something else than the task left. */
async function changedFiles(root: string, base: string, record: TaskDoneRecord, files: readonly string[]): Promise<string[]> {
  const literal = files.map((f) => `:(literal)${f}`);
  const changed = splitZ((await git(root, ['diff', '--name-only', '-z', base, 'HEAD', '--', ...literal])) ?? '');
  if (!changed.length) return [];
  const atHead = await blobsAtHead(root, changed);
  return changed.filter((f) => (atHead.get(f) ?? '') !== (record.blobs[f] ?? '\0')).sort();
}

async function blobsAtHead(root: string, files: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const listing = (await git(root, ['ls-tree', '-z', 'HEAD', '--', ...files.map((f) => `:(literal)${f}`)])) ?? '';
  for (const entry of splitZ(listing)) {
    const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (m) out.set(m[2], m[1]);
  }
  return out;
}

async function commitExists(root: string, commit: string): Promise<boolean> {
  return (await git(root, ['cat-file', '-e', `${commit}^{commit}`])) !== undefined;
}

/** Findings on the task lines of tasks.md. */
export function driftFindings(drifts: readonly TaskDrift[], tasksPath: string, tasksText: string): Finding[] {
  const lines = tasksText.split('\n').map((l) => l.replace(/\r$/, ''));
  const findings: Finding[] = [];
  for (const d of drifts) {
    const name = d.id ?? 'This task';
    const range = tokenRange(lines[d.line] ?? '', d.line, d.id);
    const at = d.commit ? ` (done at ${d.commit.slice(0, 8)})` : '';
    if (d.missingCommit) {
      findings.push({ severity: 'info', code: DRIFT_CODES.missingCommit, file: tasksPath, line: d.line, ...range,
        message: `${name} was done at commit ${d.commit?.slice(0, 8)}, which this repository no longer has (rebased or squashed?): its files cannot be checked for drift. Mark it reviewed to check from HEAD on.` });
    }
    if (d.files.length) {
      findings.push({ severity: 'warning', code: DRIFT_CODES.files, file: tasksPath, line: d.line, ...range,
        message: `${name} is done${at}, but ${listOf(d.files)} changed since, not by a later task: check that ${name} still holds, then run it again or mark it reviewed.` });
    }
    for (const r of d.requirements) {
      findings.push({ severity: 'warning', code: DRIFT_CODES.requirement, file: tasksPath, line: d.line, ...tokenRange(lines[d.line] ?? '', d.line, r.id),
        message: r.change === 'removed'
          ? `${name} is done, but ${r.id} (“${clip(r.before)}”) was removed from spec.md since: the code may do something the spec no longer asks for.`
          : `${name} is done, but ${r.id} changed since (“${clip(r.before)}” → “${clip(r.after ?? '')}”): the code may no longer do what the spec says.` });
    }
  }
  return findings;
}

/** "Mark reviewed": the task's files as they are now and the spec as it is now become what it is judged from. */
export async function markTaskReviewed(featureDir: string, key: string, specText: string): Promise<boolean> {
  const record = (await readTaskRecords(featureDir)).find((r) => r.key === key);
  if (!record) return false;
  const root = (await git(featureDir, ['rev-parse', '--show-toplevel']))?.trim();
  const head = root ? (await git(root, ['rev-parse', '-q', '--verify', 'HEAD']))?.trim() : undefined;
  const now = new Map(activeRequirements(specText).map((r) => [r.id, r.text]));
  const requirements: Record<string, string> = {};
  for (const id of Object.keys(record.requirements)) if (now.has(id)) requirements[id] = now.get(id) as string;
  await saveTaskRecord(featureDir, {
    ...record, ...(head ? { commit: head } : {}), ...(root ? { blobs: await blobsOf(root, record.files) } : {}), requirements,
  });
  return true;
}

const listOf = (files: readonly string[]): string => {
  const shown = files.slice(0, 3).join(', ');
  return files.length > 3 ? `${shown} and ${files.length - 3} more` : shown;
};

const splitZ = (text: string): string[] => text.split('\0').filter(Boolean);
