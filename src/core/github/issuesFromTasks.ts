/**
 * Issues from tasks, end to end: read tasks.md, find the feature's place in the repository, take
 * the issues made before (the mapping file, plus issues carrying Specwright's marker that the
 * mapping lost), plan what to send — and, once the user has seen the plan, send it.
 */
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { workspaceRootAbove } from '../features/features';
import { taskFactsOf, type TaskFacts } from '../features/taskFacts';
import type { GitHubClient } from './client';
import { GitHubError, mapGitHubError } from './errors';
import { digestOf, markerOf, SPECWRIGHT_LABEL, TRACKING_KEY, type FeatureOnGitHub } from './issueContent';
import { issuesOf, mappingPathOf, readIssueMapping, repositoryKey, type IssueMapping, type IssueRecord, type RepositoryIssues } from './issueMapping';
import { planIssues, type IssueSyncPlan } from './issuePlan';
import { applyIssuePlan, type SyncProgress, type SyncResult } from './issueSync';
import { gitTopLevel } from './gitRemotes';
import { getRepository } from './repositoryFeatures';
import { fullNameOf, type RepoCoordinates } from './remoteUrl';

export interface IssuesRequest {
  /** The feature folder, or its tasks.md. */
  feature: string;
  at: RepoCoordinates;
  tracking?: boolean;
  signal?: AbortSignal;
}

export interface PreparedIssues {
  featureDir: string;
  at: RepoCoordinates;
  tasks: TaskFacts[];
  mapping: IssueMapping;
  plan: IssueSyncPlan;
  /** Issues found on GitHub by their marker that the mapping did not list. */
  adopted: number;
}

/** Without a client (a dry run with no token) the plan comes from the mapping alone, links on HEAD. */
export async function prepareIssues(client: GitHubClient | undefined, request: IssuesRequest): Promise<PreparedIssues> {
  const featureDir = await featureDirOf(request.feature);
  const tasksText = await readFile(join(featureDir, 'tasks.md'), 'utf8').catch(() => {
    throw new GitHubError('invalid', `There is no tasks.md in ${featureDir}. Generate the tasks first.`);
  });
  const tasks = taskFactsOf(tasksText);
  const { at } = request;
  const fullName = fullNameOf(at);
  const repository = client
    ? await getRepository(client, at, request.signal)
    : { fullName, defaultBranch: 'HEAD', htmlUrl: `https://${at.host}/${fullName}` };
  const feature: FeatureOnGitHub = {
    name: basename(featureDir),
    repoPath: await repoPathOf(featureDir, request.signal),
    documents: { spec: await exists(join(featureDir, 'spec.md')), plan: await exists(join(featureDir, 'plan.md')), tasks: true },
    htmlUrl: repository.htmlUrl,
    branch: repository.defaultBranch,
  };
  const mapping = await readIssueMapping(featureDir);
  const issues = issuesOf(mapping, repository.fullName);
  mapping.repositories[repositoryKey(repository.fullName)] = issues;
  const adopted = client ? await adoptMarkedIssues(client, at, feature.name, issues, request.signal) : 0;
  const plan = planIssues({
    tasks, feature, repository: repository.fullName, mappingFile: mappingPathOf(featureDir), issues,
    ...(request.tracking === undefined ? {} : { tracking: request.tracking }),
  });
  return { featureDir, at, tasks, mapping, plan, adopted };
}

export interface ApplyOptions {
  closeTicked: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
}

export function applyPreparedIssues(client: GitHubClient, prepared: PreparedIssues, options: ApplyOptions): Promise<SyncResult> {
  return applyIssuePlan({
    client, at: prepared.at, featureDir: prepared.featureDir, mapping: prepared.mapping, plan: prepared.plan, tasks: prepared.tasks,
    closeTicked: options.closeTicked,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

/** Longest list of labelled issues read back; a repository with more gets the mapping file's word only. */
const MAX_MARKED_ISSUES = 1000;

/**
 * Issues labelled `specwright` whose hidden marker names this feature but which the mapping does
 * not list (the file was deleted, or the run that made them was cut off before writing it).
 */
async function adoptMarkedIssues(client: GitHubClient, at: RepoCoordinates, featureName: string, issues: RepositoryIssues, signal?: AbortSignal): Promise<number> {
  const known = new Set([...Object.values(issues.tasks), ...(issues.tracking ? [issues.tracking] : [])].map((r) => r.number));
  let adopted = 0;
  try {
    let seen = 0;
    for await (const page of client.paginate.iterator(client.rest.issues.listForRepo, {
      owner: at.owner, repo: at.repo, labels: SPECWRIGHT_LABEL, state: 'all', per_page: 100, ...(signal ? { request: { signal } } : {}),
    })) {
      for (const issue of page.data) {
        if (issue.pull_request || known.has(issue.number)) continue;
        const marker = markerOf(issue.body);
        if (!marker || marker.feature !== featureName) continue;
        const record: IssueRecord = {
          number: issue.number,
          url: issue.html_url,
          title: issue.title,
          // An issue that still says what this run would send is left alone.
          digest: digestOf(issue.title, issue.body ?? ''),
          state: issue.state === 'closed' ? 'closed' : 'open',
        };
        if (marker.key === TRACKING_KEY) {
          if (!issues.tracking) issues.tracking = record;
        } else if (!issues.tasks[marker.key]) {
          issues.tasks[marker.key] = record;
        } else continue;
        adopted += 1;
      }
      seen += page.data.length;
      if (seen >= MAX_MARKED_ISSUES) break;
    }
  } catch (error) {
    throw mapGitHubError(error, { repository: fullNameOf(at), host: at.host });
  }
  return adopted;
}

async function featureDirOf(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new GitHubError('invalid', `${path} does not exist.`);
  return info.isDirectory() ? path : dirname(path);
}

/** specs/001-x as the repository spells it: relative to the git top level, else to the folder above specs/ (or .kiro/specs/). */
async function repoPathOf(featureDir: string, signal?: AbortSignal): Promise<string> {
  const top = await gitTopLevel(featureDir, signal);
  // git prints the resolved path (/private/var/… on macOS): compare like with like.
  const dir = await realpath(featureDir).catch(() => featureDir);
  const base = top ? await realpath(top).catch(() => top) : workspaceRootAbove(dir);
  return relative(base, dir).split(sep).join('/');
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);
