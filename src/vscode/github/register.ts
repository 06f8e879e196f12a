/** GitHub in VS Code: sessions, read-only documents of remote features, and the three commands. */
import * as vscode from 'vscode';
import type { Specwright } from '../../core/app/specwright';
import { browseRepositoryFeatures } from './browseFeatures';
import { createIssuesFromTasks, type CreateIssuesOptions } from './createIssues';
import { GitHubDocumentProvider, GITHUB_SCHEME } from './documents';
import { showGitHubError } from './errors';
import { GitHubSessions } from './sessions';

export function registerGitHub(context: vscode.ExtensionContext, core: Specwright, log: vscode.LogOutputChannel): GitHubSessions {
  const sessions = new GitHubSessions(core.github, log);
  context.subscriptions.push(
    sessions,
    vscode.workspace.registerTextDocumentContentProvider(GITHUB_SCHEME, new GitHubDocumentProvider(core.github)),
    vscode.commands.registerCommand('specwright.github.signIn', async () => {
      try {
        await sessions.signIn();
      } catch (error) {
        await showGitHubError(core, log, error);
      }
      return core.github.status();
    }),
    vscode.commands.registerCommand('specwright.github.browseFeatures', (fullName?: string) => browseRepositoryFeatures(core, log, typeof fullName === 'string' ? fullName : undefined)),
    vscode.commands.registerCommand('specwright.github.createIssues', (uri?: vscode.Uri, options?: CreateIssuesOptions) => createIssuesFromTasks(core, log, uri, options)),
  );
  void sessions.start().catch((error: unknown) => log.warn(`GitHub session: ${String(error)}`));
  return sessions;
}
