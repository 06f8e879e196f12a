/**
 * "Ids are for ever", both halves: the rule and the current ids go into the prompt of a spec run,
 * and afterwards (and in every check) the spec is verified against its earlier versions — an id
 * given to a new meaning is an error, a renumbered requirement and a requirement dropped without
 * being retired are warnings.
 */
import type { Finding } from '../../protocol';
import type { DiffChange } from '../../protocol/diff';
import { clip } from './findingText';
import { activeRequirements, ledgerLine, RETIRED_HEADING, retiredRequirements } from './requirementIds';
import { diffSpecs, MOVED_LIKENESS } from './specDiff';
import { similarity } from './wordDiff';

export const ID_FINDING_CODES = {
  reused: 'requirement-id-reused',
  renumbered: 'requirement-renumbered',
  dropped: 'requirement-dropped',
} as const;

export const today = (now = Date.now()): string => new Date(now).toISOString().slice(0, 10);

/** `FR-` of FR-012, `FR-AUTH-` of FR-AUTH-003; the number and its width. */
function partsOf(id: string): { family: string; number: number; width: number } | undefined {
  const m = /^(.*?)(\d+)[a-z]?$/.exec(id);
  return m ? { family: m[1], number: Number(m[2]), width: m[2].length } : undefined;
}

/** The next number of each id family, past every id ever seen (in use, retired, or in earlier versions). */
export function nextIds(ids: Iterable<string>): Map<string, string> {
  const top = new Map<string, { number: number; width: number }>();
  for (const id of ids) {
    const p = partsOf(id);
    if (!p) continue;
    const seen = top.get(p.family);
    if (!seen || p.number > seen.number) top.set(p.family, { number: p.number, width: Math.max(p.width, seen?.width ?? 0) });
  }
  return new Map([...top].map(([family, { number, width }]) => [family, `${family}${String(number + 1).padStart(width, '0')}`]));
}

/**
 * The prompt section of a spec run over an existing spec.md: its ids, the retired ones and the
 * rule. Undefined when the spec defines no ids yet (a first spec numbers from FR-001).
 */
export function idRulesSection(specText: string, date = today()): string | undefined {
  const active = activeRequirements(specText);
  const retired = retiredRequirements(specText);
  if (!active.length && !retired.length) return undefined;
  const next = nextIds([...active.map((r) => r.id), ...retired.map((r) => r.id)]);
  const lines = [
    'spec.md already defines these ids. Ids are for ever:',
    '- Keep the id of every requirement and success criterion that still means the same thing, even when you reword it. Do not renumber.',
    `- A new requirement gets the next unused number${next.size ? ` (${[...next.values()].join(', ')})` : ''}, never the id of a removed or retired one.`,
    `- When you remove a requirement, keep the other ids as they are and record it at the end of the spec under "${RETIRED_HEADING}" as "- ~~FR-007~~ retired ${date}: why". Keep the entries already there.`,
    '',
    'In use now:',
    ...active.map((r) => `- ${r.id}: ${r.text}`),
  ];
  if (retired.length) lines.push('', 'Retired (never use again):', ...retired.map((r) => `- ${r.id}${r.date ? ` (retired ${r.date})` : ''}${r.reason ? `: ${r.reason}` : ''}`));
  return lines.join('\n');
}

/**
 * Findings of the current spec against its earlier versions, newest first (`earlier[0]` is the
 * previous version). Without an earlier version there is nothing to hold it to.
 */
export function verifyRequirementIds(current: { path: string; text: string }, earlier: readonly string[], date = today()): Finding[] {
  const previous = earlier[0];
  if (previous === undefined) return [];
  const active = activeRequirements(current.text);
  const at = new Map(active.map((r) => [r.id, r]));
  const retiredNow = new Map(retiredRequirements(current.text).map((r) => [r.id, r]));
  const history = earlierMeanings(earlier.slice(1));
  const retiredEarlier = new Set(earlier.flatMap((text) => retiredRequirements(text).map((r) => r.id)));
  const everSeen = new Set([...active.map((r) => r.id), ...retiredNow.keys(), ...history.keys(), ...earlierIds(earlier)]);
  const next = nextIds(everSeen);
  const suggestion = (id: string) => {
    const family = partsOf(id)?.family;
    const free = family === undefined ? undefined : next.get(family);
    return free ? ` (the next free id is ${free})` : '';
  };
  const changes: DiffChange[] = diffSpecs(previous, current.text).filter((s) => s.key !== 'stories').flatMap((s) => s.changes);
  const findings: Finding[] = [];
  const onId = (severity: Finding['severity'], code: string, message: string, id: string, line: number): Finding => {
    const r = at.get(id);
    const character = r && r.line === line ? r.character : -1;
    return {
      severity, code, message, file: current.path, line,
      ...(character >= 0 ? { range: { start: { line, character }, end: { line, character: character + id.length } } } : {}),
    };
  };
  const reported = new Set<string>();

  for (const c of changes) {
    if (c.kind === 'added' || (c.kind === 'renumbered' && c.reusedId)) {
      // The id's earlier meaning: the item it named in the previous version, else in an older one.
      const moved = changes.find((o) => (o.kind === 'removed' && o.id === c.id) || (o.kind === 'renumbered' && o.fromId === c.id));
      const before = moved?.before ?? history.get(c.id);
      const retired = retiredNow.has(c.id) || retiredEarlier.has(c.id);
      const reused = moved !== undefined || (before !== undefined ? similarity(before, c.after ?? '') < MOVED_LIKENESS : retired);
      if (reused) {
        const was = before !== undefined ? `${c.id} was “${clip(before)}”` : `${c.id} was retired`;
        const what = c.kind === 'renumbered' ? `the requirement that was ${c.fromId}` : 'a new requirement';
        const fix = c.kind === 'renumbered' ? `keep ${c.fromId} for it` : `give it a new id${suggestion(c.id)}`;
        findings.push(onId('error', ID_FINDING_CODES.reused,
          `${c.id} is reused for ${what}, but ${was}. Ids are for ever: ${fix} and leave ${c.id} retired.`,
          c.id, c.line ?? 0));
        reported.add(c.id);
      }
    } else if (c.kind === 'renumbered' && c.fromId) {
      findings.push(onId('warning', ID_FINDING_CODES.renumbered,
        `${c.id} is the requirement that was ${c.fromId} (“${clip(c.before ?? '')}”): keep its id ${c.fromId}; ids are not renumbered.`,
        c.id, c.line ?? 0));
    } else if (c.kind === 'removed' && !c.retired && !reported.has(c.id) && !at.has(c.id)) {
      findings.push({
        severity: 'warning', code: ID_FINDING_CODES.dropped,
        message: `${c.id} (“${clip(c.before ?? '')}”) was removed without being retired: add “- ~~${c.id}~~ retired ${date}: reason” under ${RETIRED_HEADING}, so the id is never given to something else.`,
        file: current.path, line: ledgerLine(current.text),
      });
    }
  }
  // Defined and retired at once: the spec contradicts itself.
  for (const r of active) {
    if (retiredNow.has(r.id) && !reported.has(r.id)) {
      findings.push(onId('error', ID_FINDING_CODES.reused, `${r.id} is listed under ${RETIRED_HEADING} but also defined here: a retired id is never used again${suggestion(r.id)}.`, r.id, r.line));
      reported.add(r.id);
    }
  }
  return findings;
}

/** The last text each id had in the versions before the previous one (newest first). */
function earlierMeanings(versions: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of versions) for (const r of activeRequirements(text)) if (!out.has(r.id)) out.set(r.id, r.text);
  return out;
}

function earlierIds(versions: readonly string[]): string[] {
  return versions.flatMap((text) => [...activeRequirements(text).map((r) => r.id), ...retiredRequirements(text).map((r) => r.id)]);
}
