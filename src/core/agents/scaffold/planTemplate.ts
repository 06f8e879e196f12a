/**
 * The offline scaffold's plan.md, in spec-kit's plan format (Summary, Technical Context,
 * Constitution Check, Project Structure, Complexity Tracking), built from spec.md by the rules in
 * design.ts. What text alone cannot decide stays `NEEDS CLARIFICATION`, as spec-kit's plans do.
 */
import { outlineSpec } from '../../features/specOutline';
import { designOf, stackOf, type Design } from './design';
import { titleOf } from './specTemplate';

export interface PlanInput {
  featureName: string;
  /** Feature folder relative to the workspace, e.g. specs/001-photo-albums. */
  featureRel: string;
  spec: string;
  /** Technical direction the user gave for the plan (may be empty). */
  userPrompt: string;
  /** YYYY-MM-DD */
  date: string;
  constitution?: string;
}

const OPEN = 'NEEDS CLARIFICATION';

export function planMarkdown(input: PlanInput): string {
  const outline = outlineSpec(input.spec);
  const design = designOf(outline, stackOf(input.userPrompt));
  const { stack } = design;
  const title = outline.title || titleOf(input.featureName);
  const frs = outline.requirements.filter((r) => r.kind === 'FR');
  const scs = outline.requirements.filter((r) => r.kind === 'SC');
  const direction = input.userPrompt.trim();
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);

  push(
    `# Implementation Plan: ${title}`, '',
    `**Branch**: \`${input.featureName}\` | **Date**: ${input.date} | **Spec**: [spec.md](./spec.md)`,
    `**Input**: Feature specification from \`${input.featureRel}/spec.md\``, '',
    '## Summary', '',
    `${title}: ${outline.stories.length} user stor${outline.stories.length === 1 ? 'y' : 'ies'}${outline.stories.length ? ` (${outline.stories.map((s) => `${s.priority ?? 'P?'} ${s.title}`).join('; ')})` : ''}, `
      + `${frs.length} functional requirement${frs.length === 1 ? '' : 's'} and ${scs.length} success criteri${scs.length === 1 ? 'on' : 'a'}. `
      + 'Each story becomes a service with its own interface and integration test, so stories ship independently in priority order.',
    '',
    direction ? `Technical direction from the user: ${direction.replace(/\s+/g, ' ')}` : `No technical direction was given; the choices below are defaults to confirm.`,
    '',
    '## Technical Context', '',
    `**Language/Version**: ${stack.version}${stack.assumed ? ` (assumed: no language was named — ${OPEN})` : ''}`,
    `**Primary Dependencies**: ${OPEN}`,
    `**Storage**: ${storageOf(direction) ?? (design.models.length ? OPEN : 'N/A')}${design.models.length ? ` (stores ${design.models.map((m) => m.title).join(', ')})` : ''}`,
    `**Testing**: ${stack.testing}`,
    `**Target Platform**: ${OPEN}`,
    '**Project Type**: single project',
    `**Performance Goals**: ${scs.length ? `as the success criteria state (${scs.map((r) => r.id).join(', ')})` : OPEN}`,
    `**Constraints**: ${OPEN}`,
    `**Scale/Scope**: ${OPEN}`,
    '',
    '## Constitution Check', '',
    '*GATE: Must pass before Phase 0 research. Re-check after Phase 1 design.*', '',
    ...constitutionGates(input.constitution),
    '',
    '## Project Structure', '',
    '### Documentation (this feature)', '',
    '```text',
    `${input.featureRel}/`,
    '├── spec.md              # Feature specification',
    '├── plan.md              # This file',
    '└── tasks.md             # Task list (Generate Tasks)',
    '```', '',
    '### Source Code (repository root)', '',
    '```text',
    ...sourceTree(design),
    '```', '',
    `**Structure Decision**: Single project. Models in \`src/models/\`, one service and one interface module per user story in \`src/services/\` and \`src/api/\`, shared rules in \`src/lib/\`; integration tests per story and one acceptance check per success criterion under \`tests/\`.`,
    '',
    '## Requirement Coverage', '',
    '| Requirement | Where it is satisfied |',
    '|---|---|',
    ...design.stories.flatMap((s) => s.requirements.map((r) => `| ${r.id} | \`${s.serviceFile}\`, \`${s.interfaceFile}\` (User Story ${s.story.number}) |`)),
    ...design.foundation.map((f) => `| ${f.requirement?.id ?? ''} | \`${f.file}\` (shared) |`),
    ...design.criteria.map((c) => `| ${c.requirement?.id ?? ''} | checked by \`${c.file}\` |`),
    '',
    '## Complexity Tracking', '',
    'No constitution violations to justify.', '',
  );
  return out.join('\n');
}

const STORAGE: Array<[RegExp, string]> = [
  [/\bpostgres(?:ql)?\b/i, 'PostgreSQL'], [/\bmysql\b|\bmariadb\b/i, 'MySQL'], [/\bsqlite\b/i, 'SQLite'], [/\bmongo(?:db)?\b/i, 'MongoDB'],
  [/\bredis\b/i, 'Redis'], [/\bdynamodb\b/i, 'DynamoDB'], [/\bfirestore\b|\bfirebase\b/i, 'Firestore'], [/\bsupabase\b/i, 'Supabase (PostgreSQL)'],
];

/** The storage the user named, if any. */
const storageOf = (direction: string): string | undefined => STORAGE.find(([pattern]) => pattern.test(direction))?.[1];

/** Each principle of the constitution becomes a gate to confirm; without one there is nothing to check. */
function constitutionGates(constitution: string | undefined): string[] {
  const principles = (constitution ?? '')
    .split('\n')
    .map((l) => /^#{2,3}\s+(.+)$/.exec(l.trim())?.[1].trim())
    .filter((h): h is string => h !== undefined && !/^(core principles|governance|additional|development workflow)/i.test(h));
  if (!constitution) return ['No constitution (`.specify/memory/constitution.md`) in this workspace: no gates apply.'];
  if (!principles.length) return ['The constitution names no principles as headings: review it against this plan by hand.'];
  return principles.map((p) => `- ${p}: to confirm against this plan (the offline scaffold cannot judge it).`);
}

function sourceTree(design: Design): string[] {
  const files = [
    ...design.models.map((m) => m.file),
    ...design.foundation.map((f) => f.file),
    ...design.stories.flatMap((s) => [s.serviceFile, s.interfaceFile, s.testFile]),
    ...design.criteria.map((c) => c.file),
  ];
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const dir = f.slice(0, f.lastIndexOf('/'));
    byDir.set(dir, [...(byDir.get(dir) ?? []), f.slice(f.lastIndexOf('/') + 1)]);
  }
  return [...byDir.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([dir, names]) => [`${dir}/`, ...names.map((n, i) => `${i === names.length - 1 ? '└──' : '├──'} ${n}`)]);
}
