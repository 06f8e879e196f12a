import * as vscode from 'vscode';
import { GitHubError } from '../../core/github/errors';
import type { Specwright } from '../../core/app/specwright';

/** A GitHub failure as a notification with the one action that helps (sign in again). */
export async function showGitHubError(core: Specwright, log: vscode.LogOutputChannel, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  log.warn(`GitHub: ${message}`);
  if (error instanceof GitHubError && error.code === 'cancelled') return;
  const signIn = 'Sign in to GitHub';
  const actions = error instanceof GitHubError && error.code === 'signInRequired' ? [signIn] : [];
  const choice = await vscode.window.showErrorMessage(`Specwright: ${message}`, ...actions);
  if (choice === signIn) await core.github.signIn().catch(() => undefined);
}
