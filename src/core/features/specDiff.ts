/**
 * Semantic diff of two versions of spec.md or tasks.md: requirements, success criteria, user
 * stories and tasks matched by id and by meaning, so a renumbered requirement shows as renumbered
 * (not as one removed and one modified) and an id given to a new requirement shows as reused.
 *
 * Matching, per section: pairs with the same id and text are unchanged; then the same text under
 * another id is renumbered; then the remaining pairs are taken best first by how alike their
 * words are (`similarity`), where the same id needs less likeness (modified) than another id
 * (renumbered and modified). What is left was removed or added.
 */
import type { DiffChange, DiffSection, DiffSectionKey, DocumentDiff, VersionInfo } from '../../protocol/diff';
import { activeRequirements, isSuccessCriterion, retiredRequirements } from './requirementIds';
import { outlineSpec } from './specOutline';
import { parseTasks } from './tasks';
import { normalizeText, similarity, wordDiff } from './wordDiff';

export interface DiffItem {
  /** The id as written; '' when the item has none (a task without an id). */
  id: string;
  text: string;
  line: number;
}

/** Same id: this alike is still the same item, modified. */
export const SAME_ID_LIKENESS = 0.25;
/** Another id: this alike is the same item, renumbered. */
export const MOVED_LIKENESS = 0.6;

const TITLES: Record<DiffSectionKey, string> = {
  requirements: 'Requirements',
  successCriteria: 'Success criteria',
  stories: 'User stories',
  tasks: 'Tasks',
};

/** The changes from `before` to `after` and how many items stayed as they were. */
export function diffItems(before: readonly DiffItem[], after: readonly DiffItem[]): { changes: DiffChange[]; unchanged: number } {
  const leftB = new Set(before.map((_, i) => i));
  const leftA = new Set(after.map((_, i) => i));
  const pairs: { b: number; a: number }[] = [];
  const take = (b: number, a: number) => {
    leftB.delete(b);
    leftA.delete(a);
    pairs.push({ b, a });
  };
  const norm = (item: DiffItem) => normalizeText(item.text);

  // 1. Same id, same text. 2. Same text, another id (document order).
  for (const sameId of [true, false]) {
    for (const b of [...leftB]) {
      const match = [...leftA].find((a) => (sameId ? after[a].id === before[b].id : true) && norm(after[a]) === norm(before[b]));
      if (match !== undefined && (!sameId || before[b].id !== '')) take(b, match);
    }
  }
  // 3. The rest, best-alike first.
  const candidates: { b: number; a: number; score: number }[] = [];
  for (const b of leftB) {
    for (const a of leftA) {
      const sameId = before[b].id !== '' && before[b].id === after[a].id;
      const likeness = similarity(before[b].text, after[a].text);
      if (likeness >= (sameId ? SAME_ID_LIKENESS : MOVED_LIKENESS)) candidates.push({ b, a, score: likeness + (sameId ? 0.2 : 0) });
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.b - y.b || x.a - y.a);
  for (const c of candidates) if (leftB.has(c.b) && leftA.has(c.a)) take(c.b, c.a);

  const changes: DiffChange[] = [];
  let unchanged = 0;
  const removedIds = new Set([...leftB].map((b) => before[b].id).filter(Boolean));
  const movedFrom = new Set<string>();
  for (const { b, a } of pairs) {
    const from = before[b];
    const to = after[a];
    const sameText = norm(from) === norm(to);
    if (from.id === to.id && sameText) {
      unchanged++;
      continue;
    }
    if (from.id !== to.id) movedFrom.add(from.id);
    changes.push({
      kind: from.id === to.id ? 'modified' : 'renumbered',
      id: to.id,
      ...(from.id === to.id ? {} : { fromId: from.id }),
      before: from.text,
      after: to.text,
      ...(sameText ? {} : { words: wordDiff(from.text, to.text) }),
      line: to.line,
    });
  }
  for (const b of leftB) changes.push({ kind: 'removed', id: before[b].id, before: before[b].text, line: before[b].line });
  for (const a of leftA) changes.push({ kind: 'added', id: after[a].id, after: after[a].text, line: after[a].line });
  // An id whose item is gone or moved elsewhere, now on another item, means something new.
  for (const c of changes) {
    if ((c.kind === 'added' || c.kind === 'renumbered') && c.id !== '' && (removedIds.has(c.id) || movedFrom.has(c.id))) c.reusedId = true;
  }
  return { changes: changes.sort(byPlace), unchanged };
}

/** Added, modified and renumbered in the order of the newer document, removed ones after them. */
function byPlace(x: DiffChange, y: DiffChange): number {
  const rank = (c: DiffChange) => (c.kind === 'removed' ? 1 : 0);
  return rank(x) - rank(y) || (x.line ?? 0) - (y.line ?? 0);
}

/** Requirements, success criteria and user stories of a spec.md, as diff items. */
export function specItems(text: string): Record<'requirements' | 'successCriteria' | 'stories', DiffItem[]> {
  const requirements = activeRequirements(text).map((r) => ({ id: r.id, text: r.text, line: r.line }));
  const stories = outlineSpec(text).stories.map((s) => ({
    id: `US${s.number}`,
    text: `${s.title}${s.priority ? ` (${s.priority})` : ''}${s.summary ? ` — ${s.summary}` : ''}`,
    line: s.line,
  }));
  return {
    requirements: requirements.filter((r) => !isSuccessCriterion(r.id)),
    successCriteria: requirements.filter((r) => isSuccessCriterion(r.id)),
    stories,
  };
}

export function taskItems(text: string): DiffItem[] {
  return parseTasks(text).tasks.map((t) => ({ id: t.id ?? '', text: t.description, line: t.line }));
}

/** The sections of a spec.md diff; a removed requirement the newer text retired carries its retirement. */
export function diffSpecs(before: string, after: string): DiffSection[] {
  const b = specItems(before);
  const a = specItems(after);
  const retired = new Map(retiredRequirements(after).map((r) => [r.id, r]));
  const beforeRetired = new Set(retiredRequirements(before).map((r) => r.id));
  return (['requirements', 'successCriteria', 'stories'] as const).map((key) => {
    const { changes, unchanged } = diffItems(b[key], a[key]);
    for (const change of changes) {
      const entry = retired.get(change.id);
      if (change.kind === 'removed' && entry) change.retired = { ...(entry.date ? { date: entry.date } : {}), ...(entry.reason ? { reason: entry.reason } : {}) };
      // A retired id (in either version) back in use names something new.
      if (change.kind === 'added' && (beforeRetired.has(change.id) || retired.has(change.id))) change.reusedId = true;
      // Stories are numbered by priority in spec-kit: a reordered story is not a broken promise.
      if (key === 'stories') delete change.reusedId;
    }
    return { key, title: TITLES[key], changes, unchanged };
  });
}

export function diffTaskLists(before: string, after: string): DiffSection[] {
  const { changes, unchanged } = diffItems(taskItems(before), taskItems(after));
  return [{ key: 'tasks', title: TITLES.tasks, changes, unchanged }];
}

/** The whole diff of two texts of one document, labelled with the versions they came from. */
export function diffDocument(feature: string, document: 'spec' | 'tasks', from: { info: VersionInfo; text: string }, to: { info: VersionInfo; text: string }): DocumentDiff {
  const sections = document === 'spec' ? diffSpecs(from.text, to.text) : diffTaskLists(from.text, to.text);
  return { feature, document, from: from.info, to: to.info, sections };
}

export { summarizeSections } from '../../protocol/diff';
