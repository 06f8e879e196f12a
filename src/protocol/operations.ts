import { z } from 'zod';
import { AgentSession } from './session';
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
  branch: z.string().optional(),
  /** Commit the run started from; absent in a repository without commits. */
  head: z.string().optional(),
  /** Files with uncommitted changes before the run (relative to `root`). */
  dirty: z.array(z.string()),
});
export type GitState = z.infer<typeof GitState>;

/** The task a `task` operation runs. */
export const TaskRef = z.object({
  /** T012 (absent for a task without an id). */
  id: z.string().optional(),
  /** Stable key in its tasks.md: the id, or `line:N` for a task without one. */
  key: z.string(),
  /** 0-based line of the task when the run started. */
  line: z.number().int().nonnegative(),
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
  /** A `task` operation: the task it runs. */
  task: TaskRef.optional(),
  /** Task operations started by one Run All Ready Tasks share this id. */
  runId: z.string().optional(),
  /** A `task` operation: the workspace's git state before it started (absent outside a git repository). */
  git: GitState.optional(),
  /** A finished `task` operation: files it created, changed or deleted (relative to `git.root`). */
  touched: z.array(z.string()).optional(),
  /** The agent CLI's own session id, for resuming it (absent when the agent named none). */
  session: AgentSession.optional(),
  /** A `task` operation that ticked its task: HEAD when it was marked done (what drift is measured from). */
  doneCommit: z.string().optional(),
  /** What the user typed for this generation (a description, technical direction, a follow-up). */
  prompt: z.string().optional(),
  /** A refine turn: the first operation of its thread (the generation every follow-up continues). */
  parentOperationId: z.string().optional(),
  /** A refine turn: its number in the thread and whether the agent's session was continued. */
  refine: RefineTurn.optional(),
});
export type OperationSummary = z.infer<typeof OperationSummary>;
export type OperationUsage = NonNullable<OperationSummary['usage']>;
