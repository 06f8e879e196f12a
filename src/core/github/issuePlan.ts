/**
 * The preview of "issues from tasks": from the tasks and the issues already made for them, what
 * to create, update and close. Pure (no I/O), so the preview shows exactly what the run sends.
 *
 * - an open task without an issue → create
 * - a task whose title or details changed → update; an unticked task with a closed issue → reopen
 * - a ticked (or skipped) task with an open issue → close (sent only when the user agreed)
 * - tasks that were removed from tasks.md keep their issues: nothing is deleted
 */
import type { IssueAction, IssuePlan } from '../../protocol';
import type { TaskFacts } from '../features/taskFacts';
import { taskIssue, taskKeyOf, taskLabelOf, trackingIssue, TRACKING_KEY, type FeatureOnGitHub, type IssueContent } from './issueContent';
import type { IssueRecord, RepositoryIssues } from './issueMapping';

export type StepKind = 'create' | 'update' | 'close' | 'unchanged';

export interface TaskStep {
  kind: StepKind;
  key: string;
  task: TaskFacts;
  content: IssueContent;
  record?: IssueRecord;
  /** For updates: also reopen (the task was unticked). For closes: completed or not planned. */
  state?: 'open' | 'closed';
  stateReason?: 'completed' | 'not_planned';
  why?: string;
}

export interface TrackingStep {
  kind: Exclude<StepKind, 'close'>;
  record?: IssueRecord;
  title: string;
  why?: string;
}

export interface IssueSyncPlan {
  repository: string;
  feature: FeatureOnGitHub;
  mappingFile: string;
  /** In the order they run: creates, updates, closes (document order within each); unchanged last. */
  steps: TaskStep[];
  tracking?: TrackingStep;
}

export interface PlanInput {
  tasks: readonly TaskFacts[];
  feature: FeatureOnGitHub;
  repository: string;
  mappingFile: string;
  issues: RepositoryIssues;
  /** true: keep a tracking issue (create it if missing); false: leave it alone; absent: update one that exists. */
  tracking?: boolean;
}

export function planIssues(input: PlanInput): IssueSyncPlan {
  const seen = new Set<string>();
  const steps: TaskStep[] = [];
  for (const task of input.tasks) {
    const key = taskKeyOf(task);
    // Tasks without an id cannot be matched to an issue again; duplicates belong to the first.
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const step = stepFor(task, key, input.feature, input.issues.tasks[key]);
    if (step) steps.push(step);
  }
  const order: Record<StepKind, number> = { create: 0, update: 1, close: 2, unchanged: 3 };
  steps.sort((a, b) => order[a.kind] - order[b.kind] || a.task.line - b.task.line);
  const tracking = trackingStep(input, steps);
  return { repository: input.repository, feature: input.feature, mappingFile: input.mappingFile, steps, ...(tracking ? { tracking } : {}) };
}

function stepFor(task: TaskFacts, key: string, feature: FeatureOnGitHub, record: IssueRecord | undefined): TaskStep | undefined {
  const content = taskIssue(task, feature);
  const finished = task.done || task.mark === '-';
  if (!record) return finished ? undefined : { kind: 'create', key, task, content };
  if (finished) {
    if (record.state === 'closed') return { kind: 'unchanged', key, task, content, record };
    const skipped = task.mark === '-';
    return { kind: 'close', key, task, content, record, state: 'closed', stateReason: skipped ? 'not_planned' : 'completed', why: skipped ? 'task skipped' : 'task ticked' };
  }
  if (record.state === 'closed') return { kind: 'update', key, task, content, record, state: 'open', why: 'task unticked: reopen' };
  if (record.digest !== content.digest) {
    return { kind: 'update', key, task, content, record, why: record.title !== content.title ? `title changed (was "${record.title}")` : 'details changed' };
  }
  return { kind: 'unchanged', key, task, content, record };
}

function trackingStep(input: PlanInput, steps: readonly TaskStep[]): TrackingStep | undefined {
  const record = input.issues.tracking;
  if (input.tracking === false || (input.tracking === undefined && !record)) return undefined;
  const content = trackingContent(input.feature, input.tasks, input.issues, new Map());
  if (!record) return { kind: 'create', title: content.title };
  const changes = steps.some((s) => s.kind === 'create' || s.kind === 'close' || (s.kind === 'update' && s.state === 'open'));
  if (changes || record.digest !== content.digest) return { kind: 'update', record, title: content.title, why: 'task list changed' };
  return { kind: 'unchanged', record, title: content.title };
}

/** The tracking issue's content with the issue numbers known now (`created` adds the ones made this run). */
export function trackingContent(feature: FeatureOnGitHub, tasks: readonly TaskFacts[], issues: RepositoryIssues, created: ReadonlyMap<string, number>): IssueContent {
  const seen = new Set<string>();
  const tracked = tasks.flatMap((task) => {
    const key = taskKeyOf(task);
    if (!key || seen.has(key)) return [];
    seen.add(key);
    const number = created.get(key) ?? issues.tasks[key]?.number;
    return [{ task, ...(number === undefined ? {} : { number }) }];
  });
  return trackingIssue(feature, tracked);
}

/** The plan as clients see it (no bodies: titles, numbers and why). */
export function planView(plan: IssueSyncPlan): IssuePlan {
  const actions: IssueAction[] = plan.steps.map((s) => ({
    kind: s.kind,
    taskId: taskLabelOf(s.task),
    title: s.kind === 'close' && s.record ? s.record.title : s.content.title,
    ...(s.record ? { number: s.record.number, url: s.record.url } : {}),
    ...(s.why ? { why: s.why } : {}),
  }));
  const count = (kind: StepKind) => plan.steps.filter((s) => s.kind === kind).length;
  const t = plan.tracking;
  return {
    repository: plan.repository,
    defaultBranch: plan.feature.branch,
    feature: plan.feature.name,
    mappingFile: plan.mappingFile,
    actions,
    ...(t ? { tracking: { kind: t.kind, taskId: TRACKING_KEY, title: t.title, ...(t.record ? { number: t.record.number, url: t.record.url } : {}), ...(t.why ? { why: t.why } : {}) } } : {}),
    counts: { create: count('create'), update: count('update'), close: count('close'), unchanged: count('unchanged') },
  };
}
