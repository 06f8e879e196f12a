import * as vscode from 'vscode';
import type { Specwright } from '../../core/app/specwright';

const REPO_NAME = /^[\w.-]+\/[\w.-]+$/;

/**
 * The GitHub repository to work with: the one git remote of `folder` that points at GitHub, a
 * pick when there are several (origin, upstream …), or a name typed by hand.
 */
export async function pickRepository(core: Specwright, folder: string | undefined, title: string): Promise<string | undefined> {
  const remotes = folder ? await core.github.remotes(folder).catch(() => []) : [];
  const names = [...new Map(remotes.map((r) => [`${r.owner}/${r.repo}`.toLowerCase(), r])).values()];
  if (names.length === 1) return `${names[0].owner}/${names[0].repo}`;
  if (names.length > 1) {
    const other = { label: '$(edit) Another repository…', fullName: '' };
    const pick = await vscode.window.showQuickPick(
      [...names.map((r) => ({ label: `${r.owner}/${r.repo}`, description: r.remote, fullName: `${r.owner}/${r.repo}` })), other],
      { title, placeHolder: 'Several git remotes point at GitHub: which repository?' },
    );
    if (!pick) return undefined;
    if (pick !== other) return pick.fullName;
  }
  const typed = await vscode.window.showInputBox({
    title,
    prompt: `A repository on ${core.github.status().host}`,
    placeHolder: 'owner/name',
    ignoreFocusOut: true,
    validateInput: (v) => (REPO_NAME.test(v.trim()) ? undefined : 'Write it as owner/name'),
  });
  return typed?.trim() || undefined;
}
