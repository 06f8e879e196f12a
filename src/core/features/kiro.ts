/**
 * Kiro's spec folders (`.kiro/specs/<name>/requirements.md, design.md, tasks.md`): the numbered
 * acceptance criteria of requirements.md (`### Requirement 2` … `#### Acceptance Criteria` …
 * `1. WHEN … THEN … SHALL …` → 2.1) and what tasks cite of them (`_Requirements: 1.2, 3.1_`,
 * ranges `1.1-1.7`, a whole requirement `2`, `All`, Chinese `_需求：…_`). Pure text in, findings out.
 */
import type { Finding } from '../../protocol';
import { sourceLines } from './specOutline';
import type { TasksDocument } from './tasks';

export interface AcceptanceCriterion {
  /** `2.3`: requirement 2, criterion 3. */
  id: string;
  requirement: string;
  text: string;
  /** 0-based line and character of the criterion's number. */
  line: number;
  character: number;
}

const REQUIREMENT_HEADING = /^#{2,4}\s+(?:\*\*)?(?:Requirement|需求)\s*(\d+)\b/i;
const CRITERIA_HEADING = /^#{3,6}\s+(?:Acceptance\s+Criteria|验收标准)/i;
const HEADING = /^(#{1,6})\s/;
const NUMBERED = /^(\s*)(\d+)[.)]\s+(.*)$/;

/** The numbered acceptance criteria of a Kiro requirements.md, in order. */
export function acceptanceCriteria(text: string): AcceptanceCriterion[] {
  const out: AcceptanceCriterion[] = [];
  let requirement: string | undefined;
  let inCriteria = false;
  for (const l of sourceLines(text)) {
    if (!l.prose) continue;
    const t = l.visible;
    if (HEADING.test(t)) {
      const r = REQUIREMENT_HEADING.exec(t);
      if (r) {
        requirement = r[1];
        inCriteria = false;
      } else if (CRITERIA_HEADING.test(t)) inCriteria = requirement !== undefined;
      else if (/^#{1,3}\s/.test(t)) {
        requirement = undefined;
        inCriteria = false;
      }
      continue;
    }
    const n = inCriteria && requirement !== undefined ? NUMBERED.exec(t) : null;
    if (n && n[1].length < 2) out.push({ id: `${requirement}.${n[2]}`, requirement: requirement as string, text: n[3].trim(), line: l.line, character: n[1].length });
  }
  return out;
}

/** One `_Requirements:_` entry against the criteria: `2.3`, `1.1-1.7`, `2` (all of requirement 2), `All`. */
export function expandKiroReference(ref: string, criteria: readonly AcceptanceCriterion[]): string[] | undefined {
  const r = ref.trim();
  if (/^(?:all|全部|所有)$/i.test(r)) return criteria.map((c) => c.id);
  const range = /^(\d+)\.(\d+)\s*[-–—~]\s*(?:(\d+)\.)?(\d+)$/.exec(r);
  if (range) {
    const [, req, from, toReq, to] = range;
    if (toReq !== undefined && toReq !== req) {
      const ids = criteria.map((c) => c.id);
      const a = ids.indexOf(`${req}.${from}`);
      const b = ids.indexOf(`${toReq}.${to}`);
      return a >= 0 && b >= a ? ids.slice(a, b + 1) : undefined;
    }
    const out: string[] = [];
    for (let i = Number(from); i <= Number(to) && out.length <= 100; i++) out.push(`${req}.${i}`);
    return out;
  }
  if (/^\d+$/.test(r)) return criteria.filter((c) => c.requirement === r).map((c) => c.id);
  if (/^\d+\.\d+$/.test(r)) return [r];
  return undefined;
}

/** Kiro entries among a task's requirement references (FR-… ids are spec-kit's). */
const isKiroReference = (ref: string): boolean => /^(?:\d+(?:\.\d+)?(?:\s*[-–—~]\s*(?:\d+\.)?\d+)?|all|全部|所有)$/i.test(ref.trim());

export const KIRO_CODES = {
  uncoveredCriterion: 'uncovered-requirement',
  unknownCriterion: 'unknown-requirement',
} as const;

/** Uncovered acceptance criteria (warnings on requirements.md) and references to criteria that do not exist (errors on tasks.md). */
export function kiroFindings(requirementsPath: string, requirementsText: string, tasksPath: string, doc: TasksDocument): Finding[] {
  const criteria = acceptanceCriteria(requirementsText);
  if (!criteria.length) return [];
  const known = new Set(criteria.map((c) => c.id));
  const covered = new Set<string>();
  const out: Finding[] = [];
  for (const t of doc.tasks) {
    for (const ref of t.requirements) {
      if (!isKiroReference(ref)) continue;
      const ids = expandKiroReference(ref, criteria);
      const unknown = ids === undefined || ids.length === 0 ? [ref] : ids.filter((id) => !known.has(id));
      for (const id of ids ?? []) if (known.has(id)) covered.add(id);
      for (const id of unknown) {
        const line = detailLineOf(doc, t.line, ref);
        out.push({
          severity: 'error', code: KIRO_CODES.unknownCriterion, file: tasksPath, line,
          message: `${t.id ?? 'This task'} refers to requirement ${id}, which requirements.md does not define (its acceptance criteria are numbered ${criteria[0].id} to ${criteria[criteria.length - 1].id}).`,
        });
      }
    }
  }
  for (const c of criteria) {
    if (covered.has(c.id)) continue;
    out.push({
      severity: 'warning', code: KIRO_CODES.uncoveredCriterion, file: requirementsPath, line: c.line,
      message: `Acceptance criterion ${c.id} is not covered: no task in tasks.md lists it under _Requirements:_.`,
      range: { start: { line: c.line, character: c.character }, end: { line: c.line, character: c.character + c.id.split('.')[1].length } },
    });
  }
  return out;
}

/** The line of the task's `_Requirements:_` detail that names `ref` (the task's own line otherwise). */
function detailLineOf(doc: TasksDocument, taskLine: number, ref: string): number {
  for (let line = taskLine; line < Math.min(doc.lines.length, taskLine + 30); line++) {
    const text = doc.lines[line].text;
    if (line > taskLine && /^\s*[-*+]\s+\[[ xX~-]\]/.test(text)) break;
    if (/requirements?|需求/i.test(text) && text.includes(ref)) return line;
  }
  return taskLine;
}
