import * as z from 'zod/mini';
import { AgentSession } from './agentSession';
import { RefineTurn } from './thread';

export const OperationKind = z.enum(['spec', 'plan', 'tasks']);
export type OperationKind = z.infer<typeof OperationKind>;

/** What an operation is: one of the documents (above), or `task`, the run of one task of tasks.md. */
export const OperationSummaryKind = z.enum([...OperationKind.options, 'task']);
export type OperationSummaryKind = z.infer<typeof OperationSummaryKind>;

export const OperationStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timedOut']);
export type OperationStatus = z.infer<typeof OperationStatus>;

export const TERMINAL_STATUSES: readonly OperationStatus[] = ['succeeded', 'failed', 'cancelled', 'timedOut'];
export const isTerminal = (s: OperationStatus): boolean => TERMINAL_STATUSES.includes(s);

/** The git state of the workspace folder before a task run, so the user can see what the run changed. */
export const GitState = z.object({
  /** The repository's top folder. */
  root: z.string(),
  /** Absent on a detached HEAD. */
  branch: z.optional(z.string()),
  /** Commit the run started from; absent in a repository without commits. */
  head: z.optional(z.string()),
  /** Files with uncommitted changes before the run (relative to `root`). */
  dirty: z.array(z.string()),
});
export type GitState = z.infer<typeof GitState>;

/** The task a `task` operation runs. */
export const TaskRef = z.object({
  /** T012 (absent for a task without an id). */
  id: z.optional(z.string()),
  /** Stable key in its tasks.md: the id, or `line:N` for a task without one. */
  key: z.string(),
  /** 0-based line of the task when the run started. */
  line: z.int().check(z.nonnegative()),
  title: z.string(),
});
export type TaskRef = z.infer<typeof TaskRef>;

export const OperationSummary = z.object({
  id: z.string(),
  kind: OperationSummaryKind,
  /** Absolute path of the feature folder. */
  feature: z.string(),
  /** Display name of the feature (folder name). */
  featureName: z.string(),
  agent: z.string(),
  status: OperationStatus,
  createdAt: z.number(),
  startedAt: z.optional(z.number()),
  endedAt: z.optional(z.number()),
  /** Highest seq published so far (0 when none). */
  lastSeq: z.int().check(z.nonnegative()),
  /** One-line reason for a failed/cancelled/timedOut outcome. */
  reason: z.optional(z.string()),
  /** Path of the document the operation writes, when it writes one. */
  document: z.optional(z.string()),
  /** The model the agent said it used. */
  model: z.optional(z.string()),
  /** Token use (and cost) when the agent reports it. */
  usage: z.optional(z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.optional(z.number()) })),
  /** Why the agent stopped (e.g. end_turn, max_tokens, refusal, cancelled), in its own words. */
  stopReason: z.optional(z.string()),
  /** Operations started together by Generate All share this id, so clients can show them as one chain. */
  chainId: z.optional(z.string()),
  /** The chain's previous stage (e.g. the spec operation a plan operation followed). */
  parentId: z.optional(z.string()),
  /** A `task` operation: the task it runs. */
  task: z.optional(TaskRef),
  /** Task operations started by one Run All Ready Tasks share this id. */
  runId: z.optional(z.string()),
  /** A `task` operation: the workspace's git state before it started (absent outside a git repository). */
  git: z.optional(GitState),
  /**
   * A finished `task` operation: files it created, changed or deleted (relative to `git.root`). A
   * generation by a custom command: files it wrote outside the feature folder (relative to the workspace).
   */
  touched: z.optional(z.array(z.string())),
  /** The agent CLI's own session id, for resuming it (absent when the agent named none). */
  session: z.optional(AgentSession),
  /** A `task` operation that ticked its task: HEAD when it was marked done (what drift is measured from). */
  doneCommit: z.optional(z.string()),
  /** What the user typed for this generation (a description, technical direction, a follow-up). */
  prompt: z.optional(z.string()),
  /** A refine turn: the first operation of its thread (the generation every follow-up continues). */
  parentOperationId: z.optional(z.string()),
  /** A refine turn: its number in the thread and whether the agent's session was continued. */
  refine: z.optional(RefineTurn),
});
export type OperationSummary = z.infer<typeof OperationSummary>;

// ---- the history: operations listed by a filter, and one exported ----
export const ListHistoryParams = z.optional(z.object({
  feature: z.optional(z.string()),
  kind: z.optional(OperationSummaryKind),
  status: z.optional(OperationStatus),
  agent: z.optional(z.string().check(z.maxLength(100))),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(10_000))),
}));
export const ListHistoryResult = z.object({ operations: z.array(OperationSummary) });
export const ExportFormat = z.enum(['markdown', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ExportOperationParams = z.object({
  operationId: z.string().check(z.minLength(1), z.maxLength(200)),
  format: ExportFormat,
  /** Ask the host to save it (VS Code shows a save dialog); otherwise the content comes back. */
  save: z.optional(z.boolean()),
});
export const ExportOperationResult = z.object({ fileName: z.string(), content: z.string(), savedTo: z.optional(z.string()) });
