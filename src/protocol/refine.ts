import * as z from 'zod/mini';
import { OperationKind } from './operations';

export const RefineParams = z.object({
  feature: z.string().check(z.minLength(1)),
  /** The document to refine; default: the one the latest operation of the feature wrote. */
  doc: z.optional(OperationKind),
  /** The follow-up ("make the stories smaller"). */
  prompt: z.string().check(z.trim(), z.minLength(1)).check(z.maxLength(100_000)),
  /** The operation to follow up on; default: the latest generation of that document. */
  operationId: z.optional(z.string().check(z.maxLength(200))),
  /** Another agent than the thread's (it cannot continue that session: it starts a new one with the document as context). */
  agent: z.optional(z.string().check(z.maxLength(100))),
  /** Refine tasks: only these task ids are to change (the impacted tasks). */
  onlyTasks: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(1000))),
});
export type RefineParams = z.infer<typeof RefineParams>;
export const RefineResult = z.object({
  operationId: z.string(),
  /** The first operation of the thread. */
  parentOperationId: z.string(),
  turn: z.int(),
  resumed: z.boolean(),
});
export type RefineResult = z.infer<typeof RefineResult>;
