/**
 * GitHub for both shells and the hub: who is signed in (the token stays in here), the client
 * built from it, and the use cases — the repository of a folder, a repository's features and
 * documents, issues from tasks with a preview and cancel. Clients only ever see `status()`,
 * `activity` and results: login, avatar, names, numbers, never the token.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { GitHubActivity, GitHubStatus } from '../../protocol';
import type { Disposable } from '../util/disposable';
import type { GitHubClient, RateLimitWait } from './client';
import { GitHubError, mapGitHubError, untilText } from './errors';
import { readGitRemotes, type RemoteRepository } from './gitRemotes';
import { applyPreparedIssues, prepareIssues, type PreparedIssues } from './issuesFromTasks';
import type { SyncResult } from './issueSync';
import { listRepositoryFeatures, readRepositoryFile, blobUrl, getRepository, type RemoteFeatureList } from './repositoryFeatures';
import { hostOfApiUrl, normaliseHost, parseRepoName, type RepoCoordinates } from './remoteUrl';

export interface GitHubAuth {
  token: string;
  /** REST API root (Enterprise); github.com's when absent. */
  apiUrl?: string;
}

export interface GitHubServiceOptions {
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Starts the shell's sign-in (VS Code asks the user); the shell then calls setAuth. Absent: no interactive sign-in. */
  signIn?: () => Promise<void>;
  /** How a signed-out user signs in, for messages ("Set GH_TOKEN …" in the CLI). */
  signInHint?: string;
  /** false for local test servers (see ClientOptions.paceWrites). */
  paceWrites?: boolean;
  now?: () => number;
}

export type GitHubListener = (status: GitHubStatus, activity: GitHubActivity | undefined) => void;

export interface IssuesTarget {
  feature: string;
  /** owner/name; absent: the GitHub remote of the feature's repository. */
  repo?: string;
  tracking?: boolean;
}

export class GitHubService implements Disposable {
  private auth: GitHubAuth | undefined;
  private authed: GitHubClient | undefined;
  private anonymous: GitHubClient | undefined;
  private apiUrl: string | undefined;
  private current: GitHubStatus;
  private activity: GitHubActivity | undefined;
  private readonly listeners = new Set<GitHubListener>();
  private running: AbortController | undefined;
  private signInFn: (() => Promise<void>) | undefined;
  private hint: string | undefined;
  /** Bumped by every setAuth: an older, slower sign-in check must not overwrite a newer one. */
  private generation = 0;

  constructor(private readonly options: GitHubServiceOptions) {
    this.signInFn = options.signIn;
    this.hint = options.signInHint;
    this.current = { signedIn: false, host: hostOfApiUrl(undefined), canSignIn: options.signIn !== undefined };
  }

  status(): GitHubStatus {
    return { ...this.current };
  }

  currentActivity(): GitHubActivity | undefined {
    return this.activity ? { ...this.activity } : undefined;
  }

  /** The host for github.com or an Enterprise Server, used while nobody is signed in too. */
  setApiUrl(apiUrl: string | undefined): void {
    if (apiUrl === this.apiUrl) return;
    this.apiUrl = apiUrl;
    this.anonymous = undefined;
    if (!this.auth) this.update({ ...this.current, host: hostOfApiUrl(apiUrl) });
  }

  /**
   * A new sign-in (or none): builds the client and asks GitHub who it is (login and avatar).
   * GitHub refusing the token leaves the user signed out, with the reason.
   */
  async setAuth(auth: GitHubAuth | undefined, problem?: string): Promise<GitHubStatus> {
    const generation = ++this.generation;
    if (auth?.apiUrl !== undefined) this.setApiUrl(auth.apiUrl);
    const host = hostOfApiUrl(auth?.apiUrl ?? this.apiUrl);
    const canSignIn = this.signInFn !== undefined;
    if (!auth) {
      this.auth = undefined;
      this.authed = undefined;
      this.update({ signedIn: false, host, canSignIn, ...(problem ? { problem } : {}) });
      return this.status();
    }
    const client = this.build(auth);
    try {
      const { data } = await client.rest.users.getAuthenticated();
      if (generation !== this.generation) return this.status();
      this.auth = auth;
      this.authed = client;
      this.update({ signedIn: true, login: data.login, avatarUrl: data.avatar_url, host, canSignIn });
    } catch (error) {
      if (generation !== this.generation) return this.status();
      const mapped = mapGitHubError(error, { host });
      this.options.log('warn', `GitHub sign-in check failed: ${mapped.message}`);
      this.auth = undefined;
      this.authed = undefined;
      this.update({ signedIn: false, host, canSignIn, problem: mapped.message });
    }
    return this.status();
  }

  /** The shell's sign-in, once it exists (VS Code wires it after the core is built). */
  setSignIn(signIn: (() => Promise<void>) | undefined, hint?: string): void {
    this.signInFn = signIn;
    if (hint !== undefined) this.hint = hint;
    this.update({ ...this.current, canSignIn: signIn !== undefined });
  }

  /** Asks the shell to sign in (VS Code shows its account dialog). */
  async signIn(): Promise<GitHubStatus> {
    const signIn = this.signInFn;
    if (!signIn) throw new GitHubError('signInRequired', this.hint ?? 'Sign in to GitHub in VS Code, or start Specwright with GH_TOKEN set.');
    await signIn();
    return this.status();
  }

  onDidChange(listener: GitHubListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The GitHub repositories among the git remotes of `dir` (on this host only). */
  async remotes(path: string, signal?: AbortSignal): Promise<RemoteRepository[]> {
    const host = normaliseHost(this.current.host);
    // A tasks.md (the explorer's right-click) stands for its folder.
    const dir = (await stat(path).catch(() => undefined))?.isFile() ? dirname(path) : path;
    return (await readGitRemotes(dir, signal)).filter((r) => r.host === host);
  }

  /** "owner/name" on this host. */
  coordinates(fullName: string): RepoCoordinates {
    const at = parseRepoName(fullName, this.current.host);
    if (!at) throw new GitHubError('invalid', `"${fullName}" is not a repository name; write it as owner/name.`);
    return at;
  }

  async features(fullName: string, options: { ref?: string; signal?: AbortSignal } = {}): Promise<RemoteFeatureList> {
    return listRepositoryFeatures(this.client(false), this.coordinates(fullName), options);
  }

  async readFile(fullName: string, path: string, options: { ref?: string; signal?: AbortSignal } = {}): Promise<{ text: string; htmlUrl: string; ref: string }> {
    const at = this.coordinates(fullName);
    const client = this.client(false);
    const ref = options.ref ?? (await getRepository(client, at, options.signal)).defaultBranch;
    const text = await readRepositoryFile(client, at, path, { ref, ...(options.signal ? { signal: options.signal } : {}) });
    return { text, htmlUrl: blobUrl(`https://${at.host}/${at.owner}/${at.repo}`, ref, path), ref };
  }

  /** The plan of issues from tasks; nothing is sent. Signed out, it is made from the mapping file alone. */
  async previewIssues(target: IssuesTarget, signal?: AbortSignal): Promise<PreparedIssues> {
    const at = await this.repositoryFor(target, signal);
    return prepareIssues(this.authed, { feature: target.feature, at, ...(target.tracking === undefined ? {} : { tracking: target.tracking }), ...(signal ? { signal } : {}) });
  }

  /**
   * Plans again (tasks.md may have changed since the preview) and sends the plan, reporting
   * progress as activity. One run at a time; `cancel()` stops it between requests.
   */
  async applyIssues(target: IssuesTarget & { closeTicked: boolean }, signal?: AbortSignal): Promise<{ prepared: PreparedIssues; result: SyncResult }> {
    const client = this.client(true);
    if (this.running) throw new GitHubError('invalid', 'Issues are already being sent to GitHub; wait for that run or cancel it.');
    const controller = new AbortController();
    this.running = controller;
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const title = 'Issues from tasks';
    this.setActivity({ title, message: 'Reading tasks and issues…', done: 0, total: 0, finished: false });
    try {
      const prepared = await this.previewIssues(target, controller.signal);
      const result = await applyPreparedIssues(client, prepared, {
        closeTicked: target.closeTicked,
        signal: controller.signal,
        onProgress: (p) => this.setActivity({ title, message: p.message, done: p.done, total: p.total, finished: false }),
      });
      const sent = result.created.length + result.updated.length + result.closed.length;
      this.setActivity({ title, message: result.cancelled ? `Cancelled after ${sent} sent.` : `${sent} sent.`, done: sent, total: sent, finished: true });
      return { prepared, result };
    } catch (error) {
      const mapped = mapGitHubError(error);
      this.setActivity({ title, message: mapped.message, done: 0, total: 0, finished: true });
      throw mapped;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.running = undefined;
    }
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  dispose(): void {
    this.running?.abort();
    this.listeners.clear();
  }

  /** With `needsSignIn` false, a signed-out user still reads public repositories anonymously. */
  client(needsSignIn: boolean): GitHubClient {
    if (this.authed) return this.authed;
    if (needsSignIn) throw new GitHubError('signInRequired', `Sign in to GitHub (${this.current.host}) first. ${this.hint ?? ''}`.trim());
    this.anonymous ??= this.build(undefined);
    return this.anonymous;
  }

  private async repositoryFor(target: IssuesTarget, signal?: AbortSignal): Promise<RepoCoordinates> {
    if (target.repo) return this.coordinates(target.repo);
    const remotes = await this.remotes(target.feature, signal);
    const names = [...new Map(remotes.map((r) => [`${r.owner}/${r.repo}`.toLowerCase(), r])).values()];
    if (names.length === 1) return names[0];
    if (names.length === 0) throw new GitHubError('invalid', `No git remote of ${target.feature} points at ${this.current.host}. Name the repository (owner/name).`);
    throw new GitHubError('invalid', `Several GitHub repositories among the git remotes: ${names.map((r) => `${r.remote} (${r.owner}/${r.repo})`).join(', ')}. Pick one.`);
  }

  /**
   * Octokit and its plugins are loaded with the first client: in the extension they are a file
   * of their own (esbuild.mjs, LAZY), read at the first GitHub request rather than at activation.
   */
  private build(auth: GitHubAuth | undefined): GitHubClient {
    const apiUrl = auth?.apiUrl ?? this.apiUrl;
    // require(), not import(): a module of ours, which tests load through tsx's require hook.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createGitHubClient } = require('./client') as typeof import('./client');
    return createGitHubClient({
      ...(auth ? { token: auth.token } : {}),
      ...(apiUrl ? { apiUrl } : {}),
      ...(this.options.paceWrites === false ? { paceWrites: false } : {}),
      onRateLimit: (wait) => this.rateLimited(wait),
      log: (level, message) => this.options.log(level, `GitHub: ${message}`),
    });
  }

  private rateLimited(wait: RateLimitWait): void {
    const now = (this.options.now ?? Date.now)();
    const until = now + wait.waitSeconds * 1000;
    const what = wait.kind === 'secondary' ? "GitHub's secondary rate limit (too many requests at once)" : "GitHub's rate limit";
    const message = wait.willRetry
      ? `${what} was hit; waiting ${untilText(until - now).replace(/^in /, '')}, then going on.`
      : `${what} was hit; it resets ${untilText(until - now)}, too long to wait.`;
    this.options.log('warn', `${message} (${wait.request})`);
    const base = this.activity ?? { title: 'GitHub', done: 0, total: 0, finished: false };
    this.setActivity({ ...base, message, ...(wait.willRetry ? { waitingUntil: until } : {}) });
  }

  private setActivity(activity: GitHubActivity): void {
    this.activity = activity;
    this.emit();
  }

  private update(status: GitHubStatus): void {
    this.current = status;
    this.emit();
  }

  private emit(): void {
    const status = this.status();
    const activity = this.currentActivity();
    for (const listener of [...this.listeners]) {
      try {
        listener(status, activity);
      } catch (error) {
        this.options.log('error', `GitHub listener failed: ${String(error)}`);
      }
    }
  }
}
