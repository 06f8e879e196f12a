/**
 * GitHub sign-in through VS Code's own accounts: read the session silently at start, ask only
 * when the user says "Sign in to GitHub", follow sign-ins and sign-outs made anywhere in VS Code,
 * and use the `github-enterprise` provider when specwright.github.enterpriseUrl names a server.
 * The token goes to the core's GitHubService and nowhere else.
 */
import * as vscode from 'vscode';
import { apiUrlFromSetting } from '../../core/github/remoteUrl';
import type { GitHubService } from '../../core/github/githubService';

const SCOPES = ['repo'];
const ENTERPRISE_SETTING = 'github.enterpriseUrl';

export class GitHubSessions implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The options of every getSession call, in order (integration tests: activation never asks). */
  readonly requests: vscode.AuthenticationGetSessionOptions[] = [];

  constructor(private readonly github: GitHubService, private readonly log: vscode.LogOutputChannel) {
    github.setSignIn(() => this.signIn(), 'Use "Specwright: Sign in to GitHub".');
    this.disposables.push(
      vscode.authentication.onDidChangeSessions((e) => { if (e.provider.id === this.providerId()) void this.refresh(false); }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`specwright.${ENTERPRISE_SETTING}`)) void this.refresh(false);
      }),
    );
  }

  /** At activation: the session VS Code already has, without asking. */
  start(): Promise<void> {
    return this.refresh(false);
  }

  /** "Sign in to GitHub": VS Code shows its account dialog (for Enterprise, the server's). */
  async signIn(): Promise<void> {
    await this.ensureEnterpriseUri();
    await this.refresh(true);
  }

  dispose(): void {
    this.github.setSignIn(undefined);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private enterpriseUrl(): string | undefined {
    return vscode.workspace.getConfiguration('specwright').get<string>(ENTERPRISE_SETTING)?.trim() || undefined;
  }

  private providerId(): string {
    return this.enterpriseUrl() ? 'github-enterprise' : 'github';
  }

  private async refresh(createIfNone: boolean): Promise<void> {
    const apiUrl = apiUrlFromSetting(this.enterpriseUrl());
    this.github.setApiUrl(apiUrl);
    let session: vscode.AuthenticationSession | undefined;
    try {
      // `silent`, not `createIfNone: false`: the latter still puts a "Sign in with GitHub to use
      // Specwright" badge on Accounts at activation, which nobody asked for.
      const options: vscode.AuthenticationGetSessionOptions = createIfNone ? { createIfNone: true } : { silent: true };
      this.requests.push(options);
      session = await vscode.authentication.getSession(this.providerId(), SCOPES, options);
    } catch (error) {
      // The user closed the dialog, or the Enterprise provider has no server configured.
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn(`GitHub sign-in: ${message}`);
      await this.github.setAuth(undefined, createIfNone ? message : undefined);
      if (createIfNone) throw error;
      return;
    }
    const status = await this.github.setAuth(session ? { token: session.accessToken, ...(apiUrl ? { apiUrl } : {}) } : undefined);
    if (status.signedIn) this.log.info(`Signed in to GitHub (${status.host}) as ${status.login}.`);
    else if (status.problem) this.log.warn(`GitHub: ${status.problem}`);
  }

  /**
   * VS Code's Enterprise provider signs in to the server in `github-enterprise.uri`; when only
   * Specwright's setting names one, it is copied there (user settings) on an explicit sign-in.
   */
  private async ensureEnterpriseUri(): Promise<void> {
    const url = this.enterpriseUrl();
    if (!url) return;
    const config = vscode.workspace.getConfiguration('github-enterprise');
    if (config.get<string>('uri')?.trim()) return;
    const origin = new URL(/^https?:\/\//i.test(url) ? url : `https://${url}`).origin;
    await config.update('uri', origin, vscode.ConfigurationTarget.Global);
    this.log.info(`Set github-enterprise.uri to ${origin} for VS Code's GitHub Enterprise sign-in.`);
  }
}
