import type { AgentRequest } from '../ports/agent';
import type { PromptInput } from './prompt';

/** What GenerationService needs to run one refine turn (see its `turn` option). */
export interface TurnPlan {
  parentOperationId: string;
  turn: number;
  resumed: boolean;
  /** The user's words of the earlier turns, first the description. */
  thread: readonly string[];
  /** Said in the conversation before the agent starts: which session continues, or why none does. */
  notice: string;
  /** The agent's prompt (and its resume request) from the document as it is when the turn starts. */
  prepare(input: PromptInput, current: string): Promise<{ prompt: string; resume?: AgentRequest['resume'] }>;
}
