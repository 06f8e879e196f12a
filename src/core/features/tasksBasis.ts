/**
 * Impact of spec changes on tasks: when tasks.md is generated, the spec it was written from is
 * recorded beside the feature (`<feature>/.specwright/tasks-basis.json`, small, meant to be
 * committed so CI sees it too). Later, a task that cites a requirement whose text changed or
 * that was removed since then — and that was not itself rewritten since — is stale.
 * `impactedTasks` is that list; the checks, the CodeLens and a "Refine tasks" turn all use it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ImpactedTask, RequirementChange } from '../../protocol/diff';
import { atomicWrite } from './documentWrite';
import { activeRequirements } from './requirementIds';
import { parseTasks, type Task } from './tasks';
import { normalizeText, wordDiff } from './wordDiff';

export interface TasksBasis {
  version: 1;
  /** Epoch ms when the tasks were generated. */
  recordedAt: number;
  operationId?: string;
  /** spec.md as the tasks were written from it. */
  spec: string;
  /** Each task's description then, by id: a task rewritten since is no longer measured against this spec. */
  tasks: Record<string, string>;
  /** Changes a user looked at and kept the task for: task key → requirement id → hash of the text accepted. */
  acknowledged?: Record<string, Record<string, string>>;
}

export const basisPathOf = (featureDir: string): string => join(featureDir, '.specwright', 'tasks-basis.json');

export async function readTasksBasis(featureDir: string): Promise<TasksBasis | undefined> {
  let raw: string;
  try {
    raw = await readFile(basisPathOf(featureDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<TasksBasis>;
    if (parsed.version !== 1 || typeof parsed.spec !== 'string' || typeof parsed.tasks !== 'object' || parsed.tasks === null) return undefined;
    return { acknowledged: {}, ...parsed, recordedAt: Number(parsed.recordedAt) || 0 } as TasksBasis;
  } catch {
    // A damaged record is as good as none: impact is an aid, never a reason to fail a check.
    return undefined;
  }
}

async function writeTasksBasis(featureDir: string, basis: TasksBasis): Promise<void> {
  const path = basisPathOf(featureDir);
  await mkdir(dirname(path), { recursive: true });
  await atomicWrite(path, `${JSON.stringify(basis, null, 2)}\n`);
}

/** Called when tasks.md was (re)generated from `specText`. */
export async function recordTasksBasis(featureDir: string, specText: string, tasksText: string, meta: { operationId?: string; now?: number } = {}): Promise<TasksBasis> {
  const tasks: Record<string, string> = {};
  for (const t of parseTasks(tasksText).tasks) if (t.id && !(t.id in tasks)) tasks[t.id] = t.description;
  const basis: TasksBasis = {
    version: 1, recordedAt: meta.now ?? Date.now(), ...(meta.operationId ? { operationId: meta.operationId } : {}), spec: specText, tasks, acknowledged: {},
  };
  await writeTasksBasis(featureDir, basis);
  return basis;
}

export const textHash = (text: string): string => createHash('sha256').update(normalizeText(text)).digest('hex').slice(0, 16);
const REMOVED = 'removed';

export const taskKeyOf = (t: Pick<Task, 'id' | 'line'>): string => t.id ?? `line:${t.line}`;

/**
 * The tasks citing a requirement that changed (or went) since the basis, each with those
 * requirements and a word diff; tasks added or rewritten since the basis are not judged.
 */
export function impactedTasks(basis: TasksBasis, specText: string, tasksText: string): ImpactedTask[] {
  const then = new Map(activeRequirements(basis.spec).map((r) => [r.id, r.text]));
  const now = new Map(activeRequirements(specText).map((r) => [r.id, r.text]));
  const out: ImpactedTask[] = [];
  for (const task of parseTasks(tasksText).tasks) {
    if (!task.id || basis.tasks[task.id] === undefined || normalizeText(basis.tasks[task.id]) !== normalizeText(task.description)) continue;
    const key = taskKeyOf(task);
    const acked = basis.acknowledged?.[key] ?? {};
    const changes: RequirementChange[] = [];
    for (const id of new Set(task.requirements)) {
      const before = then.get(id);
      if (before === undefined) continue;
      const after = now.get(id);
      if (after !== undefined && normalizeText(after) === normalizeText(before)) continue;
      if (acked[id] === (after === undefined ? REMOVED : textHash(after))) continue;
      changes.push(after === undefined
        ? { id, change: 'removed', before }
        : { id, change: 'modified', before, after, words: wordDiff(before, after) });
    }
    if (changes.length) out.push({ key, id: task.id, line: task.line, title: task.description, done: task.done, requirements: changes });
  }
  return out;
}

/** "Keep as is": the task stays, and the requirement texts it cites now are what it is measured against. */
export async function acknowledgeImpact(featureDir: string, taskKey: string, specText: string): Promise<boolean> {
  const basis = await readTasksBasis(featureDir);
  if (!basis) return false;
  const now = new Map(activeRequirements(specText).map((r) => [r.id, r.text]));
  const then = new Map(activeRequirements(basis.spec).map((r) => [r.id, r.text]));
  const entry: Record<string, string> = {};
  for (const id of then.keys()) entry[id] = now.has(id) ? textHash(now.get(id) as string) : REMOVED;
  basis.acknowledged = { ...basis.acknowledged, [taskKey]: entry };
  await writeTasksBasis(featureDir, basis);
  return true;
}
