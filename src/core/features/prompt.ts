import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { OperationKind } from '../../protocol';
import { CONTRACTS_DIR, designSections, PLAN_COMPANIONS, section } from './designContext';
import { idRulesSection } from './idRules';

export interface PromptInput {
  workspaceRoot: string;
  featureDir: string;
  docPath: string;
  userPrompt: string;
}

/** Context files spec-kit projects keep, included when present. */
const CONSTITUTION = ['.specify', 'memory', 'constitution.md'];
const TEMPLATES: Record<OperationKind, string[]> = {
  spec: ['.specify', 'templates', 'spec-template.md'],
  plan: ['.specify', 'templates', 'plan-template.md'],
  tasks: ['.specify', 'templates', 'tasks-template.md'],
};

const DOCUMENT_FILES: Record<OperationKind, string> = { spec: 'spec.md', plan: 'plan.md', tasks: 'tasks.md' };

/** What each document is written from, as spec-kit orders them: a plan reads the spec, tasks read both. */
export const PREREQUISITES: Readonly<Record<OperationKind, readonly OperationKind[]>> = {
  spec: [],
  plan: ['spec'],
  tasks: ['spec', 'plan'],
};

export { PLAN_COMPANIONS };

const INSTRUCTIONS: Record<OperationKind, string> = {
  spec: 'Write a feature specification: WHAT users need and WHY, not how to build it. Use spec-kit\'s sections: User Scenarios & Testing (prioritised user stories P1, P2, … each independently testable, with Given/When/Then acceptance scenarios), Edge Cases, Requirements (Functional Requirements as "**FR-001**: System MUST …", Key Entities), Success Criteria ("**SC-001**: …", measurable and technology-agnostic) and Assumptions. Mark anything you cannot know as [NEEDS CLARIFICATION: question] (at most three).',
  plan: 'Write an implementation plan for the feature specification below: HOW it will be built. Use spec-kit\'s plan sections: Summary, Technical Context (Language/Version, Primary Dependencies, Storage, Testing, Target Platform, Project Type, Performance Goals, Constraints, Scale/Scope — write NEEDS CLARIFICATION where the spec and the user leave it open), Constitution Check (gates from the project constitution, when there is one), Project Structure (documentation of this feature and the real source tree with concrete paths), and Complexity Tracking for any justified violation. Trace every functional requirement (FR-…) to the part of the design that satisfies it.',
  tasks: 'Write the task list for the plan below, in spec-kit\'s tasks format. Every task is one line "- [ ] T001 [P] [US1] Description with the exact file path", numbered T001, T002, … in execution order; [P] only when the task touches different files than the other [P] tasks of its phase and depends on none of them; [USn] names the user story it serves. Phases as "## Phase N: Name": Phase 1: Setup, Phase 2: Foundational (blocking prerequisites), then one phase per user story in priority order ("## Phase 3: User Story 1 - Title (Priority: P1)"), and a final Polish & Cross-Cutting Concerns phase. Name the requirements each task implements by their ids (FR-001, SC-002) in its description so coverage can be checked, and write dependencies inline as "(depends on T012, T013)". Every FR- and SC- requirement of the spec must be referred to by at least one task.',
};

/** Which files besides the document an agent may write, by kind; plans come with their design documents. */
const SCOPE: Record<OperationKind, string> = {
  spec: 'Do not modify any other file.',
  plan: `Besides plan.md you may write ${PLAN_COMPANIONS.join(', ')} and files under ${CONTRACTS_DIR}/ in the same feature folder when the design needs them. Do not modify spec.md, tasks.md or any file outside the feature folder.`,
  tasks: 'Do not modify any other file.',
};

/** How the user's words are framed: a description for a spec, technical direction for a plan, notes for tasks. */
const USER_SECTION: Record<OperationKind, { title: string; none: string }> = {
  spec: { title: 'Feature description from the user', none: '(none given: infer from the folder name and mark open questions)' },
  plan: { title: 'Technical direction from the user (stack, constraints, preferences)', none: '(none given: choose what fits the spec and the constitution, and mark open technical questions as NEEDS CLARIFICATION)' },
  tasks: { title: 'Notes from the user', none: '(none)' },
};

/** The full prompt for one generation: what to write, where, the project's context, the documents it builds on, the user's words. */
export async function buildPrompt(kind: OperationKind, input: PromptInput): Promise<string> {
  const [constitution, template, context] = await Promise.all([
    readOptional(join(input.workspaceRoot, ...CONSTITUTION)),
    readOptional(join(input.workspaceRoot, ...TEMPLATES[kind])),
    contextDocuments(kind, input),
  ]);
  const doc = basename(input.docPath);
  const parts = [
    `You are generating ${doc} for the feature in ${input.featureDir} (spec-kit layout).`,
    INSTRUCTIONS[kind],
    `Write the document to this file, creating or replacing it: ${input.docPath}`,
    `Write it to disk with your file tools; do not only print it in your reply. ${SCOPE[kind]}`,
  ];
  if (constitution !== undefined) {
    parts.push(section(`Project constitution (${relative(input.workspaceRoot, join(input.workspaceRoot, ...CONSTITUTION))}) — the document must respect it`, constitution));
  }
  if (template !== undefined) {
    parts.push(section(`Template to follow (${TEMPLATES[kind].join('/')})`, template));
  }
  parts.push(...context);
  // Regenerating a spec: the ids it already uses and the rule that keeps them (idRules.ts).
  const ids = kind === 'spec' ? idRulesSection((await readOptional(input.docPath)) ?? '') : undefined;
  if (ids) parts.push(section('Requirement ids already in use (keep them)', ids));
  const user = USER_SECTION[kind];
  parts.push(section(user.title, input.userPrompt.trim() || user.none));
  return parts.join('\n\n');
}

export const buildSpecPrompt = (input: PromptInput): Promise<string> => buildPrompt('spec', input);

/**
 * The prerequisite documents a kind needs that are missing or blank, in pipeline order; an empty
 * list means the generation can start.
 */
export async function missingPrerequisites(kind: OperationKind, featureDir: string): Promise<OperationKind[]> {
  const missing: OperationKind[] = [];
  for (const needed of PREREQUISITES[kind]) {
    const text = await readOptional(join(featureDir, DOCUMENT_FILES[needed]));
    if (text === undefined || text.trim() === '') missing.push(needed);
  }
  return missing;
}

/**
 * The earlier documents, inlined: agents differ in whether they read files on their own, and the
 * prompt is also what the conversation and the versions record, so it must carry its inputs.
 */
async function contextDocuments(kind: OperationKind, input: PromptInput): Promise<string[]> {
  if (kind === 'spec') return [];
  const rel = (name: string) => relative(input.workspaceRoot, join(input.featureDir, name)) || name;
  const sections: string[] = [];
  const add = async (name: string, title: string) => {
    const text = await readOptional(join(input.featureDir, name));
    if (text !== undefined && text.trim() !== '') sections.push(section(`${title} (${rel(name)})`, text));
  };
  // spec-kit's plan step reads the spec; its tasks step the plan, the spec and the design documents.
  await add('spec.md', 'Feature specification');
  if (kind === 'tasks') {
    await add('plan.md', 'Implementation plan');
    sections.push(...(await designSections(input.workspaceRoot, input.featureDir)));
  }
  return sections;
}

/** Environment additions for every agent run: spec-kit's scripts read these to pick the feature. */
export const agentEnv = (featureDir: string): Record<string, string> => ({
  SPECIFY_FEATURE_DIRECTORY: featureDir,
  SPECIFY_FEATURE: basename(featureDir),
});

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
