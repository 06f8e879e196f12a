/** Running tasks (src/core/tasks): one task, or every ready task in dependency waves. */
import * as z from 'zod/mini';

export const TaskRunStatus = z.enum(['queued', 'running', 'done', 'failed', 'skipped']);
export type TaskRunStatus = z.infer<typeof TaskRunStatus>;
/** A task of tasks.md that a run has something to say about (tasks nobody ran have no state). */
export const TaskState = z.object({
  /** The task id, or `line:N` for a task without one. */
  key: z.string(),
  id: z.optional(z.string()),
  line: z.int().check(z.nonnegative()),
  title: z.string(),
  status: TaskRunStatus,
  /** Why it failed, was skipped, or waits. */
  reason: z.optional(z.string()),
  /** Its latest operation. */
  operationId: z.optional(z.string()),
});
export type TaskState = z.infer<typeof TaskState>;
export const TaskRunState = z.enum(['running', 'paused', 'finished', 'failed', 'stopped']);
export type TaskRunState = z.infer<typeof TaskRunState>;
/** One Run All Ready Tasks of a feature. */
export const TaskRun = z.object({
  id: z.string(),
  feature: z.string(),
  state: TaskRunState,
  /** Why it is paused: the review pause after every N tasks, or a failure to Retry or Skip. */
  pauseReason: z.optional(z.enum(['review', 'failure'])),
  concurrency: z.int().check(z.positive()),
  continueOnFailure: z.boolean(),
  /** 0: never pause. */
  pauseEvery: z.int().check(z.nonnegative()),
  agent: z.optional(z.string()),
  done: z.int().check(z.nonnegative()),
  failed: z.int().check(z.nonnegative()),
  skipped: z.int().check(z.nonnegative()),
  total: z.int().check(z.nonnegative()),
  startedAt: z.number(),
  endedAt: z.optional(z.number()),
});
export type TaskRun = z.infer<typeof TaskRun>;
/** A problem of the plan of work: a dependency cycle, an unknown task id, a duplicate id. */
export const TaskGraphProblem = z.object({
  code: z.enum(['cycle', 'unknownTask', 'duplicateId']),
  message: z.string(),
  /** 0-based line of the task the problem is reported on. */
  line: z.int().check(z.nonnegative()),
  tasks: z.array(z.string()),
});
export type TaskGraphProblem = z.infer<typeof TaskGraphProblem>;
const TaskKey = z.string().check(z.minLength(1), z.maxLength(200));
export const TaskStatusParams = z.object({ feature: z.string().check(z.minLength(1)) });
export const TaskStatusResult = z.object({
  feature: z.string(),
  tasks: z.array(TaskState),
  run: z.optional(TaskRun),
  /** The open tasks in the order they would run: each wave may run together. */
  waves: z.array(z.array(z.string())),
  problems: z.array(TaskGraphProblem),
});
export type TaskStatusResult = z.infer<typeof TaskStatusResult>;
export const RunTaskParams = z.object({ feature: z.string().check(z.minLength(1)), task: TaskKey, agent: z.optional(z.string().check(z.maxLength(100))) });
export const RunTaskResult = z.object({ operationId: z.string() });
export const RunAllReadyParams = z.object({
  feature: z.string().check(z.minLength(1)),
  agent: z.optional(z.string().check(z.maxLength(100))),
  concurrency: z.optional(z.int().check(z.minimum(1), z.maximum(16))),
  pauseEvery: z.optional(z.int().check(z.minimum(0), z.maximum(10_000))),
  continueOnFailure: z.optional(z.boolean()),
  /** Run even though a checklist of the feature is incomplete (spec-kit's implement gate; otherwise `checklists_incomplete`). */
  ignoreChecklists: z.optional(z.boolean()),
});
export const RunAllReadyResult = z.object({ runId: z.string(), waves: z.array(z.array(z.string())) });
export const TaskActionParams = z.object({ feature: z.string().check(z.minLength(1)), task: TaskKey });
export const RetryResult = z.object({ operationId: z.optional(z.string()), queued: z.boolean() });
export const SkipResult = z.object({ skipped: z.boolean() });
export const ResumeRunParams = z.object({ feature: z.string().check(z.minLength(1)) });
export const ResumeRunResult = z.object({ resumed: z.boolean() });
export const StopAllParams = z.optional(z.object({ feature: z.optional(z.string()) }));
export const StopAllResult = z.object({ stopped: z.int().check(z.nonnegative()) });
