import { z } from 'zod';

export const OperationKind = z.enum(['spec', 'plan', 'tasks']);
export type OperationKind = z.infer<typeof OperationKind>;

export const OperationStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timedOut']);
export type OperationStatus = z.infer<typeof OperationStatus>;

export const TERMINAL_STATUSES: readonly OperationStatus[] = ['succeeded', 'failed', 'cancelled', 'timedOut'];
export const isTerminal = (s: OperationStatus): boolean => TERMINAL_STATUSES.includes(s);

export const OperationSummary = z.object({
  id: z.string(),
  kind: OperationKind,
  /** Absolute path of the feature folder. */
  feature: z.string(),
  /** Display name of the feature (folder name). */
  featureName: z.string(),
  agent: z.string(),
  status: OperationStatus,
  createdAt: z.number(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  /** Highest seq published so far (0 when none). */
  lastSeq: z.number().int().nonnegative(),
  /** One-line reason for a failed/cancelled/timedOut outcome. */
  reason: z.string().optional(),
  /** Path of the document the operation writes, when it writes one. */
  document: z.string().optional(),
  /** The model the agent said it used. */
  model: z.string().optional(),
  /** Token use (and cost) when the agent reports it. */
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number().optional() }).optional(),
  /** Why the agent stopped (e.g. end_turn, max_tokens, refusal, cancelled), in its own words. */
  stopReason: z.string().optional(),
  /** Operations started together by Generate All share this id, so clients can show them as one chain. */
  chainId: z.string().optional(),
  /** The chain's previous stage (e.g. the spec operation a plan operation followed). */
  parentId: z.string().optional(),
});
export type OperationSummary = z.infer<typeof OperationSummary>;
export type OperationUsage = NonNullable<OperationSummary['usage']>;
