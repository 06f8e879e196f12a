/** GitHub as clients see it: the host holds the token and talks to GitHub; clients get what was read or done. */
import * as z from 'zod/mini';
import { FeatureStage, PhaseProgress } from './pipeline';

/** Who is signed in to GitHub, as clients may know it: the login and avatar, never the token. */
export const GitHubStatus = z.object({
  signedIn: z.boolean(),
  login: z.optional(z.string()),
  avatarUrl: z.optional(z.string()),
  /** github.com, or the Enterprise Server host. */
  host: z.string(),
  /** The host can start a sign-in (VS Code); the standalone server reads GH_TOKEN instead. */
  canSignIn: z.boolean(),
  /** Why the last sign-in or session check failed, when it did. */
  problem: z.optional(z.string()),
});
export type GitHubStatus = z.infer<typeof GitHubStatus>;

/** Progress of the GitHub work the host is doing for a client (issues from tasks). */
export const GitHubActivity = z.object({
  title: z.string(),
  message: z.string(),
  done: z.int().check(z.nonnegative()),
  total: z.int().check(z.nonnegative()),
  /** Epoch ms: GitHub's rate limit holds the work until then (the host waits, then goes on). */
  waitingUntil: z.optional(z.number()),
  finished: z.boolean(),
});
export type GitHubActivity = z.infer<typeof GitHubActivity>;

const RepoName = z.string().check(z.maxLength(200), z.regex(/^[\w.-]+\/[\w.-]+$/, 'a repository as owner/name'));
export const GitHubRepository = z.object({
  owner: z.string(),
  repo: z.string(),
  /** owner/name */
  fullName: z.string(),
  host: z.string(),
  /** The git remote it came from (origin, upstream …), when it came from one. */
  remote: z.optional(z.string()),
});
export type GitHubRepository = z.infer<typeof GitHubRepository>;
export const GitHubStatusParams = z.optional(z.object({}));
export const GitHubRemotesParams = z.optional(z.object({ feature: z.optional(z.string()) }));
export const GitHubRemotesResult = z.object({ repositories: z.array(GitHubRepository) });

/** A feature folder (specs/NNN-x/) of a repository on GitHub, read through the API. */
export const RemoteFeature = z.object({
  name: z.string(),
  /** Path in the repository: specs/001-photo-albums */
  path: z.string(),
  stage: FeatureStage,
  documents: z.object({ spec: z.boolean(), plan: z.boolean(), tasks: z.boolean() }),
  progress: z.optional(z.object({ done: z.int().check(z.nonnegative()), total: z.int().check(z.nonnegative()), phases: z.array(PhaseProgress) })),
  /** The Markdown files of the folder (paths in the repository). */
  files: z.array(z.string()),
  htmlUrl: z.string(),
});
export type RemoteFeature = z.infer<typeof RemoteFeature>;
export const GitHubFeaturesParams = z.object({ repo: RepoName, ref: z.optional(z.string().check(z.maxLength(250))) });
export const GitHubFeaturesResult = z.object({
  repository: z.object({ fullName: z.string(), defaultBranch: z.string(), htmlUrl: z.string(), ref: z.string() }),
  features: z.array(RemoteFeature),
});
export const GitHubReadFileParams = z.object({ repo: RepoName, path: z.string().check(z.minLength(1), z.maxLength(1000)), ref: z.optional(z.string().check(z.maxLength(250))) });
export const GitHubReadFileResult = z.object({ text: z.string(), htmlUrl: z.string() });

/** One step of issues from tasks: what will be (or was) sent for a task or the tracking issue. */
export const IssueAction = z.object({
  kind: z.enum(['create', 'update', 'close', 'unchanged']),
  /** T012, or "tracking" for the tracking issue. */
  taskId: z.string(),
  title: z.string(),
  number: z.optional(z.int().check(z.positive())),
  url: z.optional(z.string()),
  /** Why an update or a close: "title changed", "task ticked", "reopen: task unticked" … */
  why: z.optional(z.string()),
});
export type IssueAction = z.infer<typeof IssueAction>;
export const IssuePlan = z.object({
  /** owner/name */
  repository: z.string(),
  defaultBranch: z.string(),
  feature: z.string(),
  /** Where the task → issue mapping is kept (beside the feature). */
  mappingFile: z.string(),
  actions: z.array(IssueAction),
  tracking: z.optional(IssueAction),
  counts: z.object({ create: z.int(), update: z.int(), close: z.int(), unchanged: z.int() }),
});
export type IssuePlan = z.infer<typeof IssuePlan>;
export const GitHubIssuesPreviewParams = z.object({ feature: z.string().check(z.minLength(1)), repo: z.optional(RepoName), tracking: z.optional(z.boolean()) });
export const GitHubIssuesApplyParams = z.extend(GitHubIssuesPreviewParams, {
  /** Close the issues of ticked tasks (the client asked the user); otherwise they are left open. */
  closeTicked: z.optional(z.boolean()),
});
export const GitHubIssuesResult = z.object({
  plan: IssuePlan,
  created: z.int(),
  updated: z.int(),
  closed: z.int(),
  cancelled: z.boolean(),
  tracking: z.optional(z.object({ number: z.int(), url: z.string() })),
});
export type GitHubIssuesResult = z.infer<typeof GitHubIssuesResult>;
export const GitHubCancelParams = z.optional(z.object({}));
export const GitHubCancelResult = z.object({ cancelled: z.boolean() });
