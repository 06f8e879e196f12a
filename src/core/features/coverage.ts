/**
 * Requirement coverage: which of the spec's requirements the tasks cover, and how we know. A task
 * covers the ids it cites, and so does its phase's heading or `**Purpose**` line (an FR named
 * there covers every task of that phase). When tasks.md cites no requirement ids at all —
 * spec-kit's tasks template does not ask for them — a warning per requirement is noise: one
 * `info` finding says so and, where the spec's user stories map requirements (FRs defined or
 * cited in a story's section), coverage is judged through the tasks' `[USn]` tags instead.
 */
import type { Finding } from '../../protocol';
import { sourceLines, type SpecRequirement } from './specOutline';
import { requirementsOf } from './tasks/taskLine';
import type { TasksDocument } from './tasks';

export const COVERAGE_CODES = {
  uncoveredRequirement: 'uncovered-requirement',
  requirementsNotCited: 'requirements-not-cited',
} as const;

export interface CoverageInput {
  specPath: string;
  specText: string;
  requirements: readonly SpecRequirement[];
  tasksPath: string;
  tasks: TasksDocument;
}

/** The ids of the requirement families the spec defines (FR-, NFR-, SC-, FR-AUTH- …) that tasks.md cites, anywhere that covers tasks. */
export function citedRequirements(doc: TasksDocument, families: ReadonlySet<string>): Set<string> {
  const cited = new Set<string>();
  // An id already cited needs no second look at its family (most ids are cited by several tasks).
  const add = (ids: readonly string[]) => { for (const id of ids) if (!cited.has(id) && families.has(familyOf(id))) cited.add(id); };
  for (const t of doc.tasks) add(t.requirements);
  for (const ids of phaseCitations(doc).values()) add(ids);
  return cited;
}

const FAMILY = /^(.*-)\d+[a-z]?$/;

/**
 * `FR-AUTH-001` → `FR-AUTH-`; `SC-002` → `SC-`; an id without a number → ''. That is
 * `^(.*-)\d+[a-z]?$`, read by hand (it runs for every id every task cites): only the last dash
 * can end the family, as nothing after it may be a dash.
 */
export function familyOf(id: string): string {
  const dash = id.lastIndexOf('-');
  if (dash < 0) return '';
  let i = dash + 1;
  while (i < id.length && id.charCodeAt(i) >= 48 && id.charCodeAt(i) <= 57) i += 1;
  if (i === dash + 1) return '';
  if (i < id.length && id.charCodeAt(i) >= 97 && id.charCodeAt(i) <= 122) i += 1;
  if (i !== id.length) return '';
  // `.` stops at a line break: such an id (never one requirementsOf gives) takes the expression.
  return /[\n\r\u2028\u2029]/.test(id) ? (FAMILY.exec(id)?.[1] ?? '') : id.slice(0, dash + 1);
}

export function coverageFindings(input: CoverageInput): Finding[] {
  const { requirements, tasksPath } = input;
  if (!requirements.length) return [];
  const families = new Set(requirements.map((r) => familyOf(r.id)));
  const cited = citedRequirements(input.tasks, families);
  const tasksName = tasksPath.endsWith('tasks.md') ? 'tasks.md' : tasksPath;
  if (cited.size > 0) return uncovered(requirements, cited, input.specPath, (r) => `${r.id} is not covered: no task in ${tasksName} refers to it.`);

  const out: Finding[] = [];
  const byStory = storyRequirements(input.specText);
  const storiesOfTasks = new Set<number>();
  for (const t of input.tasks.tasks) for (const tag of t.tags) if (STORY_TAG.test(tag)) storiesOfTasks.add(Number(tag.slice(2)));
  const mapped = [...byStory.values()].some((ids) => ids.size > 0) && storiesOfTasks.size > 0;
  out.push({
    severity: 'info', code: COVERAGE_CODES.requirementsNotCited,
    message: `${tasksName} cites no requirement ids: coverage cannot be checked task by task; spec-kit's tasks template does not ask for them.${mapped ? ' Coverage is judged through the user stories instead: a requirement of a story is covered by the tasks tagged with it ([US1] …).' : ''}`,
    file: tasksPath, line: 0,
  });
  if (!mapped) return out;
  const throughStories = new Set<string>();
  const storyOf = new Map<string, number>();
  for (const [story, ids] of byStory) {
    for (const id of ids) {
      if (!storyOf.has(id)) storyOf.set(id, story);
      if (storiesOfTasks.has(story)) throughStories.add(id);
    }
  }
  // Only requirements a story claims can be judged this way; the others say nothing.
  const judged = requirements.filter((r) => storyOf.has(r.id));
  out.push(...uncovered(judged, throughStories, input.specPath, (r) => `${r.id} is not covered through its user story: no task in ${tasksName} is tagged [US${storyOf.get(r.id)}].`));
  return out;
}

function uncovered(requirements: readonly SpecRequirement[], covered: ReadonlySet<string>, specPath: string, message: (r: SpecRequirement) => string): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const r of requirements) {
    if (covered.has(r.id) || seen.has(r.id)) continue;
    seen.add(r.id);
    out.push({
      severity: 'warning', code: COVERAGE_CODES.uncoveredRequirement, message: message(r), file: specPath, line: r.line,
      range: { start: { line: r.line, character: r.character }, end: { line: r.line, character: r.character + r.id.length } },
    });
  }
  return out;
}

const STORY_TAG = /^US\d+$/i;
const PURPOSE = /^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?:Purpose|Goal|Covers|Requirements?)(?:\*\*|__)?\s*[:：]/i;

/** Per phase key: the requirement ids its heading and its Purpose/Goal lines (before its first task) cite. */
export function phaseCitations(doc: TasksDocument): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const firstTaskLine = new Map<string, number>();
  for (const t of doc.tasks) if (!firstTaskLine.has(t.phase)) firstTaskLine.set(t.phase, t.line);
  for (const phase of doc.phases) {
    if (!firstTaskLine.has(phase.key)) continue;
    const ids = requirementsOf(phase.key);
    const end = firstTaskLine.get(phase.key) ?? phase.line;
    for (let line = phase.line + 1; line < end; line++) {
      const text = doc.lines[line]?.text ?? '';
      if (PURPOSE.test(text)) ids.push(...requirementsOf(text));
    }
    if (ids.length) out.set(phase.key, ids);
  }
  return out;
}

const STORY_HEADING = /^(#{2,4})\s+User Story\s+(\d+)\b/i;
const HEADING = /^(#{1,6})\s/;

/** Story number → the requirement ids defined or cited inside its section of spec.md. */
export function storyRequirements(specText: string): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  let story: { number: number; level: number } | undefined;
  for (const l of sourceLines(specText)) {
    if (!l.prose) continue;
    const heading = HEADING.exec(l.visible);
    if (heading) {
      const s = STORY_HEADING.exec(l.visible);
      if (s) story = { number: Number(s[2]), level: s[1].length };
      else if (story && heading[1].length <= story.level) story = undefined;
      if (story && !out.has(story.number)) out.set(story.number, new Set());
      continue;
    }
    if (story) for (const id of requirementsOf(l.visible)) out.get(story.number)?.add(id);
  }
  return out;
}
