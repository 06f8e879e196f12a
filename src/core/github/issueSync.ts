/**
 * Sends a previewed plan to GitHub, one request at a time: creates, updates, closes (only when the
 * user agreed), then the tracking issue. The mapping file is written after every issue, so a
 * cancel or a failure half-way keeps what was made and the next run goes on from there.
 */
import type { TaskFacts } from '../features/taskFacts';
import type { GitHubClient } from './client';
import { GitHubError, mapGitHubError } from './errors';
import { issuesOf, repositoryKey, writeIssueMapping, type IssueMapping, type IssueRecord, type RepositoryIssues } from './issueMapping';
import { trackingContent, type IssueSyncPlan, type TaskStep } from './issuePlan';
import { fullNameOf, type RepoCoordinates } from './remoteUrl';

export interface IssueRef {
  key: string;
  number: number;
  url: string;
  title: string;
}

export interface SyncProgress {
  done: number;
  total: number;
  message: string;
}

export interface SyncOptions {
  client: GitHubClient;
  at: RepoCoordinates;
  featureDir: string;
  /** The whole mapping file as read for the plan; the entry of this repository is updated in place. */
  mapping: IssueMapping;
  plan: IssueSyncPlan;
  /** The tasks the plan was made from (the tracking issue lists them all). */
  tasks: readonly TaskFacts[];
  /** Close the issues of ticked tasks; false leaves them open (and counts them as skipped). */
  closeTicked: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
}

export interface SyncResult {
  created: IssueRef[];
  updated: IssueRef[];
  closed: IssueRef[];
  /** Ticked tasks whose issues stayed open because closing was not confirmed. */
  skippedCloses: number;
  tracking?: IssueRef;
  cancelled: boolean;
}

export async function applyIssuePlan(options: SyncOptions): Promise<SyncResult> {
  const { plan, signal } = options;
  const repoKey = repositoryKey(plan.repository);
  const issues: RepositoryIssues = issuesOf(options.mapping, plan.repository);
  options.mapping.repositories[repoKey] = issues;
  const result: SyncResult = { created: [], updated: [], closed: [], skippedCloses: 0, cancelled: false };
  const sending = plan.steps.filter((s) => s.kind === 'create' || s.kind === 'update' || (s.kind === 'close' && options.closeTicked));
  result.skippedCloses = plan.steps.filter((s) => s.kind === 'close').length - sending.filter((s) => s.kind === 'close').length;
  const total = sending.length + (plan.tracking && plan.tracking.kind !== 'unchanged' ? 1 : 0);
  let done = 0;
  const report = (message: string) => options.onProgress?.({ done, total, message });
  const api = new IssueApi(options.client, options.at, signal);

  try {
    for (const step of sending) {
      if (signal?.aborted) return { ...result, cancelled: true };
      report(`${verb(step)} ${step.content.title}`);
      const record = await sendStep(api, step);
      issues.tasks[step.key] = record;
      await writeIssueMapping(options.featureDir, options.mapping);
      const ref = { key: step.key, number: record.number, url: record.url, title: record.title };
      (step.kind === 'create' ? result.created : step.kind === 'close' ? result.closed : result.updated).push(ref);
      done += 1;
    }
    if (plan.tracking) {
      if (signal?.aborted) return { ...result, cancelled: true };
      const content = trackingContent(plan.feature, options.tasks, issues, new Map());
      let tracking = issues.tracking;
      if (!tracking || tracking.digest !== content.digest) {
        report(`${tracking ? 'Updating' : 'Creating'} the tracking issue`);
        tracking = tracking
          ? await api.update(tracking.number, { title: content.title, body: content.body }, content.digest)
          : await api.create(content.title, content.body, content.labels, content.digest);
        issues.tracking = tracking;
        await writeIssueMapping(options.featureDir, options.mapping);
        done += 1;
      }
      result.tracking = { key: 'tracking', number: tracking.number, url: tracking.url, title: tracking.title };
    }
  } catch (error) {
    const mapped = mapGitHubError(error, { repository: fullNameOf(options.at), host: options.at.host });
    if (mapped.code === 'cancelled' || signal?.aborted) return { ...result, cancelled: true };
    const sofar = result.created.length + result.updated.length + result.closed.length;
    throw sofar ? new GitHubError(mapped.code, `${sofar} of ${total} sent (kept in the mapping); then: ${mapped.message}`, mapped.status, mapped.resetAt) : mapped;
  }
  report('Done');
  return result;
}

const verb = (step: TaskStep): string => (step.kind === 'create' ? 'Creating' : step.kind === 'close' ? 'Closing' : 'Updating');

async function sendStep(api: IssueApi, step: TaskStep): Promise<IssueRecord> {
  const { content } = step;
  if (step.kind === 'create') return api.create(content.title, content.body, content.labels, content.digest);
  const record = step.record;
  if (!record) throw new Error(`internal: ${step.kind} of ${step.key} without an issue`);
  if (step.kind === 'close') {
    const closed = await api.update(record.number, { state: 'closed', ...(step.stateReason ? { state_reason: step.stateReason } : {}) }, record.digest);
    return { ...closed, title: record.title };
  }
  return api.update(record.number, { title: content.title, body: content.body, ...(step.state ? { state: step.state } : {}) }, content.digest);
}

interface IssueUpdate {
  title?: string;
  body?: string;
  state?: 'open' | 'closed';
  state_reason?: 'completed' | 'not_planned';
}

/** The two issue calls issues-from-tasks makes, each turned into the record the mapping keeps. */
class IssueApi {
  constructor(private readonly client: GitHubClient, private readonly at: RepoCoordinates, private readonly signal?: AbortSignal) {}

  async create(title: string, body: string, labels: string[], digest: string): Promise<IssueRecord> {
    const { data } = await this.client.rest.issues.create({ owner: this.at.owner, repo: this.at.repo, title, body, labels, request: this.request() });
    return { number: data.number, url: data.html_url, title: data.title, digest, state: data.state === 'closed' ? 'closed' : 'open' };
  }

  async update(number: number, update: IssueUpdate, digest: string): Promise<IssueRecord> {
    const { data } = await this.client.rest.issues.update({ owner: this.at.owner, repo: this.at.repo, issue_number: number, ...update, request: this.request() });
    return { number: data.number, url: data.html_url, title: data.title, digest, state: data.state === 'closed' ? 'closed' : 'open' };
  }

  private request(): { signal?: AbortSignal } {
    return this.signal ? { signal: this.signal } : {};
  }
}
