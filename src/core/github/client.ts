/**
 * The one way Specwright builds a GitHub client: Octokit with the throttling and retry plugins,
 * a user agent naming Specwright, the API root of github.com or an Enterprise Server, and rate
 * limit waits reported to whoever shows them (the panel, the log, the terminal).
 *
 * It is @octokit/core with the plugins @octokit/rest bundles (request log, pagination) and, in
 * place of @octokit/rest's table of every GitHub endpoint (80 KB of the extension bundle), the
 * few endpoint methods Specwright calls (./endpoints.ts).
 */
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { requestLog } from '@octokit/plugin-request-log';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import { version } from '../../../package.json';
import { specwrightEndpoints } from './endpoints';

export type GitHubClient = InstanceType<typeof SpecwrightOctokit>;

const SpecwrightOctokit = Octokit.plugin(requestLog, specwrightEndpoints, paginateRest, throttling, retry);

export const USER_AGENT = `Specwright/${version}`;

/** A rate limit hit: whether the client waits it out (and how long) or gives up. */
export interface RateLimitWait {
  kind: 'primary' | 'secondary';
  /** Seconds until GitHub takes requests again. */
  waitSeconds: number;
  /** The client waits and sends the request again; false: the request fails with a rate-limit error. */
  willRetry: boolean;
  /** "POST /repos/{owner}/{repo}/issues" */
  request: string;
}

export interface ClientOptions {
  /** Absent: anonymous (public repositories only, a low rate limit). */
  token?: string;
  /** REST API root; https://api.github.com when absent. */
  apiUrl?: string;
  onRateLimit?: (wait: RateLimitWait) => void;
  /** Longest wait the client sits out on its own; longer limits fail with when they reset. Default 120 s. */
  maxWaitSeconds?: number;
  /** Retries of a rate-limited request before giving up. Default 2. */
  rateLimitRetries?: number;
  /**
   * GitHub asks integrations to space content-creating requests (≥ 1 s between writes, more for
   * those that notify); the throttling plugin does that by default. `false` sends writes as they
   * come. Default: paced, except for an API on this machine (127.0.0.1, localhost: a test
   * server, which has no such limit).
   */
  paceWrites?: boolean;
  log?: (level: 'info' | 'warn', message: string) => void;
}

const DEFAULT_MAX_WAIT_SECONDS = 120;

export function createGitHubClient(options: ClientOptions = {}): GitHubClient {
  const maxWait = options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS;
  const retries = options.rateLimitRetries ?? 2;
  const onLimit = (kind: RateLimitWait['kind']) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
    const willRetry = retryCount < retries && retryAfter <= maxWait;
    options.onRateLimit?.({ kind, waitSeconds: retryAfter, willRetry, request: `${request.method} ${request.url}` });
    return willRetry;
  };
  const log = options.log;
  return new SpecwrightOctokit({
    ...(options.token ? { auth: options.token } : {}),
    ...(options.apiUrl ? { baseUrl: options.apiUrl.replace(/\/+$/, '') } : {}),
    userAgent: USER_AGENT,
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log?.('warn', message),
      error: (message: string) => log?.('warn', message),
    },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...((options.paceWrites ?? !isLoopback(options.apiUrl)) ? {} : { write: unpaced, notifications: unpaced }),
    },
  });
}

/**
 * Stands in for the plugin's per-kind limiter group (`group.key(id).schedule(options, fn, …args)`)
 * and runs each job at once. Used only with `paceWrites: false`.
 */
const unpaced = {
  key: () => ({
    schedule: <A extends unknown[], R>(_options: unknown, job: (...args: A) => R, ...args: A): R => job(...args),
  }),
  // Only key().schedule() is ever called on a group; the rest of Bottleneck's Group is not needed.
} as unknown as NonNullable<Extract<ThrottlingOptions, { write?: unknown }>['write']>;

function isLoopback(apiUrl: string | undefined): boolean {
  if (!apiUrl) return false;
  try {
    return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i.test(new URL(apiUrl).hostname);
  } catch {
    return false;
  }
}
