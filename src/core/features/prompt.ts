import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { OperationKind } from '../../protocol';

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

const INSTRUCTIONS: Record<OperationKind, string> = {
  spec: 'Write a feature specification: WHAT users need and WHY, not how to build it. Use spec-kit\'s sections: User Scenarios & Testing (prioritised user stories P1, P2, … each independently testable, with Given/When/Then acceptance scenarios), Edge Cases, Requirements (Functional Requirements as "**FR-001**: System MUST …", Key Entities), Success Criteria ("**SC-001**: …", measurable and technology-agnostic) and Assumptions. Mark anything you cannot know as [NEEDS CLARIFICATION: question] (at most three).',
  plan: 'Write an implementation plan for the specification.',
  tasks: 'Write the task list for the plan.',
};

/** The full prompt for one generation: what to write, where, the project's context, the user's words. */
export async function buildPrompt(kind: OperationKind, input: PromptInput): Promise<string> {
  const [constitution, template] = await Promise.all([
    readOptional(join(input.workspaceRoot, ...CONSTITUTION)),
    readOptional(join(input.workspaceRoot, ...TEMPLATES[kind])),
  ]);
  const doc = basename(input.docPath);
  const parts = [
    `You are generating ${doc} for the feature in ${input.featureDir} (spec-kit layout).`,
    INSTRUCTIONS[kind],
    `Write the document to this file, creating or replacing it: ${input.docPath}`,
    `Write it to disk with your file tools; do not only print it in your reply. Do not modify any other file.`,
  ];
  if (constitution !== undefined) {
    parts.push(section(`Project constitution (${relative(input.workspaceRoot, join(input.workspaceRoot, ...CONSTITUTION))}) — the document must respect it`, constitution));
  }
  if (template !== undefined) {
    parts.push(section(`Template to follow (${TEMPLATES[kind].join('/')})`, template));
  }
  parts.push(section('Feature description from the user', input.userPrompt.trim() || '(none given: infer from the folder name and mark open questions)'));
  return parts.join('\n\n');
}

export const buildSpecPrompt = (input: PromptInput): Promise<string> => buildPrompt('spec', input);

/** Environment additions for every agent run: spec-kit's scripts read these to pick the feature. */
export const agentEnv = (featureDir: string): Record<string, string> => ({
  SPECIFY_FEATURE_DIRECTORY: featureDir,
  SPECIFY_FEATURE: basename(featureDir),
});

const section = (title: string, body: string): string => `<<< ${title} >>>\n${body.trim()}\n<<< end >>>`;

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
