/**
 * The checks that need a feature's past, next to traceability's checks of its present: requirement
 * ids held to the spec's earlier versions (idRules), tasks citing requirements that changed since
 * the tasks were written (tasksBasis), and done tasks that drifted from the code or the spec
 * (drift). `specwright check`, the Problems panel and the hub's checkFeature add these to
 * `analyse()`'s findings.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Finding } from '../../protocol';
import { driftFindings, driftOf } from './drift';
import { contentAt, git } from '../git/gitState';
import { readTaskRecords } from './taskRecords';
import { clip, tokenRange } from './findingText';
import { verifyRequirementIds } from './idRules';
import { activeRequirements } from './requirementIds';
import { impactedTasks, readTasksBasis, taskKeyOf } from './tasksBasis';
import { parseTasks } from './tasks';
import type { DocumentText } from './traceability';
import type { VersionStore } from './versions';
import { normalizeText } from './wordDiff';

export const IMPACT_CODE = 'task-requirement-changed';

export interface HistoryFindingsInput {
  featureDir: string;
  /** The documents as they stand (an editor's unsaved text); read from disk when absent. */
  spec?: DocumentText;
  tasks?: DocumentText;
  /** Where spec.md's earlier versions are kept; without it (and without `since`) ids are not checked. */
  versions?: VersionStore;
  /** A git revision: hold the spec to its text there, and count only what changed since (CI). */
  since?: string;
  /** How many earlier versions the id check reads back. */
  maxVersions?: number;
}

export async function historyFindings(input: HistoryFindingsInput): Promise<Finding[]> {
  const spec = input.spec ?? (await readDocument(join(input.featureDir, 'spec.md')));
  const tasks = input.tasks ?? (await readDocument(join(input.featureDir, 'tasks.md')));
  const findings: Finding[] = [];
  // Drift first: it validates `since` (an unknown revision is the caller's error, not an empty result).
  if (tasks) findings.push(...driftFindings(await driftOf({ featureDir: input.featureDir, tasksText: tasks.text, specText: spec?.text ?? '', since: input.since }), tasks.path, tasks.text));
  const specAtSince = input.since !== undefined ? await textAtRevision(input.featureDir, input.since, 'spec.md') : undefined;
  if (spec) {
    const earlier = specAtSince !== undefined ? (specAtSince ? [specAtSince] : []) : input.versions ? await earlierTexts(input.versions, spec.path, spec.text, input.maxVersions) : [];
    findings.push(...verifyRequirementIds(spec, earlier));
  }
  if (spec && tasks) findings.push(...(await impactFindings(input.featureDir, spec, tasks, specAtSince)));
  return findings.sort(bySeverityThenPlace);
}

/** `analyse()`'s findings of a feature with its history findings, in one order. */
export async function withHistory(present: readonly Finding[], input: HistoryFindingsInput): Promise<Finding[]> {
  return [...present, ...(await historyFindings(input))].sort(bySeverityThenPlace);
}

/** The earlier versions of a document that differ from `current`, newest first. */
export async function earlierTexts(versions: VersionStore, docPath: string, current: string, max = 30): Promise<string[]> {
  const sha = createHash('sha256').update(current).digest('hex');
  const list = (await versions.list(docPath)).filter((v) => v.sha256 !== sha).slice(0, max);
  const texts = await Promise.all(list.map((v) => versions.read(docPath, v.id).catch(() => undefined)));
  return texts.filter((t): t is string => t !== undefined);
}

/** Tasks citing requirements changed since tasks.md was written; done tasks with a record are drift's to report. */
async function impactFindings(featureDir: string, spec: DocumentText, tasks: DocumentText, specAtSince: string | undefined): Promise<Finding[]> {
  const basis = await readTasksBasis(featureDir);
  if (!basis) return [];
  const recorded = new Set((await readTaskRecords(featureDir)).map((r) => r.key));
  const doneKeys = new Set(parseTasks(tasks.text).tasks.filter((t) => t.done).map(taskKeyOf));
  const then = specAtSince === undefined ? undefined : new Map(activeRequirements(specAtSince).map((r) => [r.id, r.text]));
  const lines = tasks.text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: Finding[] = [];
  for (const task of impactedTasks(basis, spec.text, tasks.text)) {
    if (recorded.has(task.key) && doneKeys.has(task.key)) continue;
    for (const r of task.requirements) {
      if (then && normalizeText(then.get(r.id) ?? '') === normalizeText(r.after ?? '')) continue;
      out.push({
        severity: 'warning', code: IMPACT_CODE, file: tasks.path, line: task.line, ...tokenRange(lines[task.line] ?? '', task.line, r.id),
        message: r.change === 'removed'
          ? `${r.id} was removed from spec.md since this task was written (it said “${clip(r.before)}”): update or drop ${task.id ?? 'the task'}.`
          : `${r.id} changed since this task was written (“${clip(r.before)}” → “${clip(r.after ?? '')}”): update ${task.id ?? 'the task'}, or keep it as is.`,
      });
    }
  }
  return out;
}

/** A feature file's text at a git revision ('' when it did not exist there); undefined outside a repository. */
async function textAtRevision(featureDir: string, revision: string, name: string): Promise<string | undefined> {
  const root = (await git(featureDir, ['rev-parse', '--show-toplevel']))?.trim();
  if (!root) return undefined;
  const commit = (await git(root, ['rev-parse', '-q', '--verify', `${revision}^{commit}`]))?.trim();
  if (!commit) return undefined;
  return contentAt(root, commit, relative(root, join(featureDir, name)).split(sep).join('/'));
}

const RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

export function bySeverityThenPlace(a: Finding, b: Finding): number {
  return RANK[a.severity] - RANK[b.severity] || a.file.localeCompare(b.file) || a.line - b.line;
}

async function readDocument(path: string): Promise<DocumentText | undefined> {
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch {
    return undefined;
  }
}
