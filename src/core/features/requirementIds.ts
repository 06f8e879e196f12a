/**
 * Requirement ids as a ledger: the requirements a spec.md defines now (spec-kit's `FR-…`/`SC-…`,
 * read by specOutline) and the ids it has retired. Ids are for ever: a removed requirement is
 * recorded under `## Retired requirements` as `- ~~FR-007~~ retired 2026-11-24: reason`, so its
 * id is never given to something else. spec-kit's templates have no convention for this (its
 * `/converge` only says "never reuse or renumber existing IDs" of tasks), hence this one.
 */
import { outlineSpec, sourceLines, type SpecRequirement } from './specOutline';
import { requirementsOf } from './tasks/taskLine';

export interface RetiredRequirement {
  id: string;
  /** 0-based line of the entry. */
  line: number;
  /** YYYY-MM-DD when the entry gives one. */
  date?: string;
  reason?: string;
}

export const RETIRED_HEADING = '## Retired requirements';

const RETIRED_SECTION = /^(#{2,6})\s+(?:retired|removed|withdrawn|deprecated)\s+(?:requirements?|ids|criteria)\b/i;
const HEADING = /^(#{1,6})\s/;
const STRUCK_ID = /~~\s*(?:\*\*|__)?\s*((?:[A-Z]{1,5}-)+[A-Z0-9]*\d+[a-z]?)/g;
const DATE = /\b(\d{4}-\d{2}-\d{2})\b/;

/** The 0-based line ranges [start, end) of every "Retired requirements" section. */
function retiredSections(text: string): [number, number][] {
  const lines = sourceLines(text);
  const out: [number, number][] = [];
  let open: { level: number; start: number } | undefined;
  for (const l of lines) {
    if (!l.prose) continue;
    const heading = HEADING.exec(l.visible);
    if (!heading) continue;
    if (open && heading[1].length <= open.level) {
      out.push([open.start, l.line]);
      open = undefined;
    }
    const retired = RETIRED_SECTION.exec(l.visible);
    if (retired && !open) open = { level: retired[1].length, start: l.line };
  }
  if (open) out.push([open.start, lines.length]);
  return out;
}

/** Ids the spec has retired: every id in a "Retired requirements" section, and ids struck through anywhere (`~~FR-007~~`). */
export function retiredRequirements(text: string): RetiredRequirement[] {
  const sections = retiredSections(text);
  const inSection = (line: number) => sections.some(([a, b]) => line > a && line < b);
  const out = new Map<string, RetiredRequirement>();
  for (const l of sourceLines(text)) {
    if (!l.prose || !l.visible.trim()) continue;
    // Struck ids are retired wherever they are; in the section, an entry retires its first id (the
    // others are what its reason points at: "merged into FR-003").
    const struck = [...l.visible.matchAll(STRUCK_ID)].map((m) => m[1]);
    const ids = struck.length || !inSection(l.line) ? struck : requirementsOf(l.visible).slice(0, 1);
    for (const id of ids) {
      if (out.has(id)) continue;
      const date = DATE.exec(l.visible)?.[1];
      // Outside the section, the struck text is the old requirement, not a reason.
      const reason = inSection(l.line) ? reasonOf(l.visible, id) : undefined;
      out.set(id, { id, line: l.line, ...(date ? { date } : {}), ...(reason ? { reason } : {}) });
    }
  }
  return [...out.values()];
}

/** What follows the date or "retired", after a colon: `~~FR-007~~ retired 2026-11-24: merged into FR-002` → "merged into FR-002". */
function reasonOf(line: string, id: string): string | undefined {
  const after = line.slice(line.indexOf(id) + id.length).replace(/^[~*_\s]+/, '');
  const m = /^(?:retired|removed|withdrawn|deprecated)?\s*(?:(?:on\s+)?\d{4}-\d{2}-\d{2})?\s*[:–—-]\s*(.+)$/i.exec(after);
  const reason = (m?.[1] ?? '').replace(/[~*_]+$/g, '').trim();
  return reason || undefined;
}

/** The requirements the spec defines now: specOutline's, without those inside a retired section or struck through. */
export function activeRequirements(text: string): SpecRequirement[] {
  const sections = retiredSections(text);
  const lines = text.split('\n');
  return outlineSpec(text).requirements.filter((r) => {
    if (sections.some(([a, b]) => r.line > a && r.line < b)) return false;
    return !/~~\s*(?:\*\*|__)?\s*$/.test((lines[r.line] ?? '').slice(0, r.character));
  });
}

/** Success criteria are the `SC-` family; every other family (FR, NFR, …) is a requirement. */
export const isSuccessCriterion = (id: string): boolean => id.startsWith('SC-');

/** The line an id-ledger finding about a removed requirement goes on: the retired section, else the requirements heading, else 0. */
export function ledgerLine(text: string): number {
  const sections = retiredSections(text);
  if (sections.length) return sections[0][0];
  const lines = text.split('\n');
  const req = lines.findIndex((l) => /^#{2,4}\s+(?:functional\s+)?requirements\b/i.test(l));
  return Math.max(req, 0);
}
