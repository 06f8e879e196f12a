/**
 * GitHub failures as messages a user can act on: sign in again (401), wait for the rate limit
 * (403/429, with when it resets), check the repository name or access (404). Nothing here quotes
 * a request, so no header (and no token) ever reaches a message.
 */
export type GitHubErrorCode = 'signInRequired' | 'rateLimited' | 'forbidden' | 'notFound' | 'invalid' | 'network' | 'cancelled' | 'failed';

export class GitHubError extends Error {
  constructor(
    readonly code: GitHubErrorCode,
    message: string,
    /** HTTP status, when GitHub answered. */
    readonly status?: number,
    /** Epoch ms when the rate limit resets (rateLimited). */
    readonly resetAt?: number,
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

export interface ErrorContext {
  /** owner/name the request was about. */
  repository?: string;
  /** Host for the wording: github.com or the Enterprise host. */
  host?: string;
  now?: () => number;
}

interface ResponseLike {
  status?: number;
  headers?: Record<string, string | number | undefined>;
  data?: unknown;
}

/** The shape of Octokit's RequestError, read defensively (any thrown value may come here). */
interface RequestErrorLike {
  name?: string;
  status?: number;
  message?: string;
  response?: ResponseLike;
}

export function mapGitHubError(error: unknown, context: ErrorContext = {}): GitHubError {
  if (error instanceof GitHubError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as RequestErrorLike;
  if (e.name === 'AbortError' || /aborted/i.test(e.message ?? '')) return new GitHubError('cancelled', 'Cancelled.');
  const status = typeof e.status === 'number' ? e.status : e.response?.status;
  const host = context.host ?? 'github.com';
  const headers = e.response?.headers ?? {};
  const apiMessage = messageOf(e.response?.data) ?? '';
  const now = (context.now ?? Date.now)();
  if (status === 401) {
    return new GitHubError('signInRequired', `GitHub (${host}) did not accept the sign-in: it expired or was revoked. Sign in to GitHub again.`, 401);
  }
  if ((status === 403 || status === 429) && isRateLimit(headers, apiMessage, status)) {
    const resetAt = resetOf(headers, now);
    const when = resetAt === undefined ? 'in a minute or so' : `at ${clock(resetAt)} (${untilText(resetAt - now)})`;
    return new GitHubError('rateLimited', `GitHub's rate limit for your account is used up; it resets ${when}. Try again then.`, status, resetAt);
  }
  if (status === 403) {
    const why = apiMessage ? ` GitHub says: ${apiMessage}` : '';
    return new GitHubError('forbidden', `Your GitHub account may not do this${context.repository ? ` in ${context.repository}` : ''}: it needs write access (and the repo scope).${why}`, 403);
  }
  if (status === 404) {
    const what = context.repository ? `Repository ${context.repository}` : 'The repository or file';
    return new GitHubError('notFound', `${what} was not found on ${host}, or your account has no access to it. Check the name, and that you are signed in with an account that can read it.`, 404);
  }
  if (status === 410) return new GitHubError('notFound', `Issues are turned off for ${context.repository ?? 'this repository'}.`, 410);
  if (status === 422) return new GitHubError('invalid', `GitHub refused the request${apiMessage ? `: ${apiMessage}` : ''}.`, 422);
  if (status !== undefined && status >= 500) return new GitHubError('failed', `GitHub (${host}) had a server error (${status}); it was tried again and still failed. Try again later.`, status);
  if (status === undefined) return new GitHubError('network', `Could not reach GitHub (${host}): ${e.message ?? String(error)}`);
  return new GitHubError('failed', `GitHub answered ${status}${apiMessage ? `: ${apiMessage}` : ''}.`, status);
}

function isRateLimit(headers: Record<string, string | number | undefined>, apiMessage: string, status: number): boolean {
  if (String(headers['x-ratelimit-remaining'] ?? '') === '0') return true;
  if (headers['retry-after'] !== undefined) return true;
  return status === 429 || /rate limit/i.test(apiMessage);
}

function resetOf(headers: Record<string, string | number | undefined>, now: number): number | undefined {
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) return now + retryAfter * 1000;
  const reset = Number(headers['x-ratelimit-reset']);
  return headers['x-ratelimit-reset'] !== undefined && Number.isFinite(reset) ? reset * 1000 : undefined;
}

function messageOf(data: unknown): string | undefined {
  if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string') return (data as { message: string }).message;
  return undefined;
}

const clock = (at: number): string => new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** "in 3 minutes", "in 40 seconds", "now". */
export function untilText(ms: number): string {
  if (ms <= 0) return 'now';
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
