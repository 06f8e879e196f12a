import { basename } from 'node:path';
import type { OperationKind } from '../../protocol';
import { idRulesSection } from '../features/idRules';
import { buildPrompt, PLAN_COMPANIONS, type PromptInput } from '../features/prompt';

export interface RefinePromptInput extends PromptInput {
  kind: OperationKind;
  /** The document as it is when the turn starts (what the earlier turns wrote, plus any hand edits). */
  current: string;
  /** The user's words of the earlier turns, first the description the thread started with. */
  thread: readonly string[];
  /** Refine tasks: only these tasks are to change. */
  onlyTasks?: readonly string[];
}

/** The same framing as prompt.ts's sections, so the agent reads one kind of prompt. */
const section = (title: string, body: string): string => `<<< ${title} >>>\n${body.trim()}\n<<< end >>>`;

function scope(kind: OperationKind, doc: string): string {
  return kind === 'plan'
    ? `Besides ${doc} you may update ${PLAN_COMPANIONS.join(', ')} and contracts/ in the same folder when the change needs it; no other file.`
    : 'Do not modify any other file.';
}

/** What every refine prompt asks, whether the agent remembers the earlier turns or not. */
function rules(input: RefinePromptInput, withIds: boolean): string[] {
  const doc = basename(input.docPath);
  const parts = [
    `Change ${doc} as the follow-up below asks and keep everything it does not touch (same structure, same ids). Write the whole updated document to ${input.docPath} with your file tools; do not only print it. ${scope(input.kind, doc)}`,
  ];
  if (input.onlyTasks?.length) {
    parts.push(section('Only these tasks', `Update only ${input.onlyTasks.join(', ')}: the requirements they cite changed. Leave every other task line exactly as it is (including its id and its check box).`));
  }
  const ids = withIds && input.kind === 'spec' ? idRulesSection(input.current) : undefined;
  if (ids) parts.push(section('Requirement ids already in use (keep them)', ids));
  parts.push(section('Follow-up from the user (what to change now)', input.userPrompt));
  return parts;
}

/** For an agent that continues its session: it has the context, so only the follow-up and the rules. */
export function resumedPrompt(input: RefinePromptInput): string {
  return [`Follow-up on ${basename(input.docPath)}, which you wrote earlier in this session (${input.featureDir}).`, ...rules(input, true)].join('\n\n');
}

/**
 * For an agent that starts a new session: the whole generation prompt (instructions, project
 * context, the documents it builds on, the original description), then the current document as the
 * starting point and every follow-up so far.
 */
export async function freshPrompt(input: RefinePromptInput): Promise<string> {
  const base = await buildPrompt(input.kind, { ...input, userPrompt: input.thread[0] ?? '' });
  const doc = basename(input.docPath);
  const parts = [base, section(`The current ${doc} (the earlier turns wrote it: revise it, do not start over)`, input.current || '(empty)')];
  const earlier = input.thread.slice(1);
  if (earlier.length) parts.push(section('Earlier follow-ups (already applied to the document above)', earlier.map((p) => `- ${p.replace(/\n+/g, ' ')}`).join('\n')));
  // buildPrompt already lists a spec's ids.
  parts.push(...rules(input, false));
  return parts.join('\n\n');
}
