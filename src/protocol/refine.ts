import { z } from 'zod';
import { OperationKind } from './operations';

export const RefineParams = z.object({
  feature: z.string().min(1),
  /** The document to refine; default: the one the latest operation of the feature wrote. */
  doc: OperationKind.optional(),
  /** The follow-up ("make the stories smaller"). */
  prompt: z.string().trim().min(1).max(100_000),
  /** The operation to follow up on; default: the latest generation of that document. */
  operationId: z.string().max(200).optional(),
  /** Another agent than the thread's (it cannot continue that session: it starts a new one with the document as context). */
  agent: z.string().max(100).optional(),
  /** Refine tasks: only these task ids are to change (the impacted tasks). */
  onlyTasks: z.array(z.string().max(100)).max(1000).optional(),
});
export type RefineParams = z.infer<typeof RefineParams>;
export const RefineResult = z.object({
  operationId: z.string(),
  /** The first operation of the thread. */
  parentOperationId: z.string(),
  turn: z.number().int(),
  resumed: z.boolean(),
});
export type RefineResult = z.infer<typeof RefineResult>;
