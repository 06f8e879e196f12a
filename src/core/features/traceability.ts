/**
 * Traceability and checks between spec.md and tasks.md: local, instant, no AI, so they can run on
 * every keystroke (diagnostics) and in CI (`specwright check`). Each finding names a file and a
 * 0-based line, and the exact text where it can, so a shell can turn it into a Diagnostic as is.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding, FindingSeverity } from '../../protocol';
import { findClarifications } from './clarifications';
import { COVERAGE_CODES, coverageFindings, familyOf } from './coverage';
import { kiroFindings } from './kiro';
import { outlineSpec, type SpecRequirement } from './specOutline';
import type { TaskFacts } from './taskFacts';
import { parseTasks, type TasksDocument } from './tasks';

export type { Finding, FindingSeverity };

/** Stable codes, for filtering and for tests; the messages are for people. */
export const FINDING_CODES = {
  uncoveredRequirement: COVERAGE_CODES.uncoveredRequirement,
  requirementsNotCited: COVERAGE_CODES.requirementsNotCited,
  unknownRequirement: 'unknown-requirement',
  unknownTask: 'unknown-task',
  duplicateTaskId: 'duplicate-task-id',
  parallelFileConflict: 'parallel-file-conflict',
  openClarification: 'open-clarification',
} as const;

export interface DocumentText {
  /** Absolute path, reported in findings. */
  path: string;
  text: string;
}

export interface TraceabilityInput {
  spec?: DocumentText;
  tasks?: DocumentText;
  /** Kiro's requirements.md (numbered acceptance criteria), checked against `_Requirements:_`. */
  requirements?: DocumentText;
}

/** Reads spec.md (or Kiro's requirements.md) and tasks.md of a feature folder (any may be missing) and checks them. */
export async function checkFeature(featureDir: string): Promise<Finding[]> {
  const [spec, tasks, requirements] = await Promise.all(['spec.md', 'tasks.md', 'requirements.md'].map((name) => readDocument(join(featureDir, name))));
  return analyse({ spec, tasks, requirements });
}

/** All findings for the given texts, errors first, then by file and line. */
export function analyse(input: TraceabilityInput): Finding[] {
  const findings: Finding[] = [];
  const requirements = input.spec ? outlineSpec(input.spec.text).requirements : [];
  if (input.spec) findings.push(...openClarifications(input.spec));
  if (input.tasks) {
    const doc = parseTasks(input.tasks.text);
    // The model's tasks as they are: a Task is a TaskFacts (the checks only read), and a copy of
    // each, 10,000 objects on a large file, lived through the checks and cost a scavenge.
    const tasks: readonly TaskFacts[] = doc.tasks;
    const at = finder(input.tasks.path, doc);
    findings.push(...idFindings(tasks, at), ...parallelConflicts(tasks, at));
    if (input.spec) {
      findings.push(...unknownRequirements(tasks, requirements, input.spec.path, at));
      findings.push(...coverageFindings({ specPath: input.spec.path, specText: input.spec.text, requirements, tasksPath: input.tasks.path, tasks: doc }));
    }
    if (input.requirements) findings.push(...kiroFindings(input.requirements.path, input.requirements.text, input.tasks.path, doc));
  }
  return findings.sort(bySeverityThenPlace);
}

/** Builds a finding on a tasks.md line, pointing at `token` when it occurs on that line. */
type At = (severity: FindingSeverity, code: string, message: string, line: number, token?: string) => Finding;

function finder(file: string, doc: TasksDocument): At {
  return (severity, code, message, line, token) => {
    // The line as the file has it (the byte-order mark is part of line 0's characters).
    const text = (line === 0 ? doc.bom : '') + (doc.lines[line]?.text ?? '');
    const character = token ? indexOfToken(text, token) : -1;
    return {
      severity, code, message, file, line,
      ...(character >= 0 && token ? { range: { start: { line, character }, end: { line, character: character + token.length } } } : {}),
    };
  };
}

/** The token as a whole word (T01 must not match inside T010). */
function indexOfToken(text: string, token: string): number {
  const m = new RegExp(`(?<![\\w-])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).exec(text);
  return m ? m.index : -1;
}

/**
 * A task id used twice, and a dependency on no task of the file: one map of each task's own id
 * (the first use) and a set of the other ids a range stands for, instead of a set of every id as
 * well (10,000 entries more to hash on a large file). The duplicates come first, as before.
 */
function idFindings(tasks: readonly TaskFacts[], at: At): Finding[] {
  const first = new Map<string, TaskFacts>();
  const others = new Set<string>();
  const out: Finding[] = [];
  for (const t of tasks) {
    const { id, ids } = t;
    for (let i = 0; i < ids.length; i++) if (!id || ids[i] !== id) others.add(ids[i]);
    if (!id) continue;
    const earlier = first.get(id);
    if (earlier) out.push(at('error', FINDING_CODES.duplicateTaskId, `Task ID ${id} is already used on line ${earlier.line + 1}; give this task its own ID.`, t.line, id));
    else first.set(id, t);
  }
  for (const t of tasks) {
    for (const dep of t.dependsOn) {
      if (!first.has(dep) && !others.has(dep)) out.push(at('error', FINDING_CODES.unknownTask, `${t.id ?? 'This task'} depends on ${dep}, which is not a task in this file.`, t.line, dep));
    }
  }
  return out;
}

/** [P] promises the tasks can run at once; two of them in one phase editing one file cannot. */
function parallelConflicts(tasks: readonly TaskFacts[], at: At): Finding[] {
  // By phase, then file: a joined key was a new string to hash per task and file.
  const byPhase = new Map<string, Map<string, TaskFacts>>();
  const out: Finding[] = [];
  for (const t of tasks) {
    if (!t.parallel || t.files.length === 0) continue;
    let seen = byPhase.get(t.phase);
    if (!seen) byPhase.set(t.phase, (seen = new Map()));
    for (const file of t.files) {
      const other = seen.get(file);
      if (other) {
        out.push(at('warning', FINDING_CODES.parallelFileConflict,
          `${t.id ?? 'This task'} and ${other.id ?? `the task on line ${other.line + 1}`} are both marked [P] in the same phase but both touch ${file}: they cannot run in parallel.`, t.line, file));
      } else seen.set(file, t);
    }
  }
  return out;
}

function unknownRequirements(tasks: readonly TaskFacts[], requirements: SpecRequirement[], specPath: string, at: At): Finding[] {
  const known = new Set(requirements.map((r) => r.id));
  // Only the id families the spec defines can be judged: R005-style refs point at other documents,
  // and a spec whose requirements could not be read (no FR- at all) cannot call FR-001 unknown.
  const families = new Set(requirements.map((r) => familyOf(r.id)));
  const out: Finding[] = [];
  for (const t of tasks) {
    for (const ref of t.requirements) {
      // A known id needs no family (most refs): familyOf only for the others.
      if (known.has(ref) || !families.has(familyOf(ref))) continue;
      out.push(at('error', FINDING_CODES.unknownRequirement, `${t.id ?? 'This task'} refers to ${ref}, which ${specPath.endsWith('spec.md') ? 'spec.md' : specPath} does not define.`, t.line, ref));
    }
  }
  return out;
}

function openClarifications(spec: DocumentText): Finding[] {
  return findClarifications(spec.text).map((m) => ({
    severity: 'info' as const, code: FINDING_CODES.openClarification,
    message: `Needs clarification: ${m.question}`,
    file: spec.path, line: m.line,
    range: { start: { line: m.line, character: m.character }, end: { line: m.line, character: m.character + m.length } },
  }));
}

const RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

function bySeverityThenPlace(a: Finding, b: Finding): number {
  return RANK[a.severity] - RANK[b.severity] || a.file.localeCompare(b.file) || a.line - b.line;
}

async function readDocument(path: string): Promise<DocumentText | undefined> {
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
