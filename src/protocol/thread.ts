import * as z from 'zod/mini';

/**
 * A refine turn: a follow-up on a document an earlier operation wrote, in the same agent session
 * when the agent can continue it. Each turn is an operation of its own; every turn of a thread
 * points at the first with `OperationSummary.parentOperationId`.
 */
export const RefineTurn = z.object({
  /** 2 for the first follow-up, 3 for the next, … (the generation that started the thread is turn 1). */
  turn: z.int().check(z.minimum(2)),
  /** true: the agent's earlier session was continued; false: a new session with the document and the follow-up as context. */
  resumed: z.boolean(),
});
export type RefineTurn = z.infer<typeof RefineTurn>;
