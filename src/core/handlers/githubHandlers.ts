/**
 * Hub request handlers of the GitHub use cases. The browser and the webview ask; the host holds
 * the token and answers with what GitHub said (names, numbers, documents), never with the token.
 */
import type { ErrorCode } from '../../protocol';
import { GitHubError, type GitHubErrorCode } from '../github/errors';
import type { GitHubService } from '../github/githubService';
import { planView } from '../github/issuePlan';
import { HubError } from '../hub/errors';
import type { RequestHandlers } from '../hub/requests';
import { guardWith } from './serviceErrors';

export type GitHubMethods = 'githubStatus' | 'githubSignIn' | 'githubRemotes' | 'githubFeatures' | 'githubReadFile' | 'githubIssuesPreview' | 'githubIssuesApply' | 'githubCancel';

export interface GitHubHandlerDeps {
  github: GitHubService;
  /** Where to look for git remotes when no feature is named (the first workspace folder). */
  defaultFolder: () => string | undefined;
}

export function githubHandlers({ github, defaultFolder }: GitHubHandlerDeps): Pick<RequestHandlers, GitHubMethods> {
  return {
    githubStatus: () => github.status(),
    githubSignIn: () => guard(() => github.signIn()),
    githubRemotes: (params) => guard(async () => {
      const dir = params?.feature ?? defaultFolder();
      if (!dir) return { repositories: [] };
      const remotes = await github.remotes(dir);
      return { repositories: remotes.map((r) => ({ owner: r.owner, repo: r.repo, fullName: `${r.owner}/${r.repo}`, host: r.host, remote: r.remote })) };
    }),
    githubFeatures: (params) => guard(async () => {
      const list = await github.features(params.repo, params.ref === undefined ? {} : { ref: params.ref });
      const { fullName, defaultBranch, htmlUrl, ref } = list.repository;
      return { repository: { fullName, defaultBranch, htmlUrl, ref }, features: list.features };
    }),
    githubReadFile: (params) => guard(async () => {
      const file = await github.readFile(params.repo, params.path, params.ref === undefined ? {} : { ref: params.ref });
      return { text: file.text, htmlUrl: file.htmlUrl };
    }),
    githubIssuesPreview: (params) => guard(async () => planView((await github.previewIssues(target(params))).plan)),
    githubIssuesApply: (params) => guard(async () => {
      const { prepared, result } = await github.applyIssues({ ...target(params), closeTicked: params.closeTicked ?? false });
      return {
        plan: planView(prepared.plan),
        created: result.created.length,
        updated: result.updated.length,
        closed: result.closed.length,
        cancelled: result.cancelled,
        ...(result.tracking ? { tracking: { number: result.tracking.number, url: result.tracking.url } } : {}),
      };
    }),
    githubCancel: () => ({ cancelled: github.cancel() }),
  };
}

const target = (params: { feature: string; repo?: string; tracking?: boolean }) => ({
  feature: params.feature,
  ...(params.repo === undefined ? {} : { repo: params.repo }),
  ...(params.tracking === undefined ? {} : { tracking: params.tracking }),
});

const CODES: Record<GitHubErrorCode, ErrorCode> = {
  signInRequired: 'sign_in_required',
  rateLimited: 'rate_limited',
  forbidden: 'forbidden',
  notFound: 'not_found',
  invalid: 'invalid_params',
  network: 'internal',
  cancelled: 'internal',
  failed: 'internal',
};

const guard = guardWith((error) => (error instanceof GitHubError ? new HubError(CODES[error.code], error.message) : undefined));

/** For a hub wired without GitHub (test hubs, stub tables): every GitHub method answers "not available". */
export function noGitHubHandlers(): Pick<RequestHandlers, GitHubMethods> {
  const unavailable = async (): Promise<never> => { throw new HubError('not_ready', 'GitHub is not available in this host.'); };
  return {
    githubStatus: unavailable, githubSignIn: unavailable, githubRemotes: unavailable, githubFeatures: unavailable,
    githubReadFile: unavailable, githubIssuesPreview: unavailable, githubIssuesApply: unavailable, githubCancel: unavailable,
  };
}
