/**
 * `specwright-git:` documents: a file as it was at a commit (the left side of "Show changes"),
 * read with `git show`. The query carries the repository root and the commit; an empty commit
 * stands for "did not exist" (a repository without commits, a deleted file's right side).
 */
import * as vscode from 'vscode';
import { contentAt } from '../../core/git/gitState';

export const GIT_SCHEME = 'specwright-git';

export function gitUri(root: string, commit: string, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_SCHEME, path: `/${path}`, query: JSON.stringify({ root, commit }) });
}

export class GitContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let query: { root?: unknown; commit?: unknown };
    try {
      query = JSON.parse(uri.query) as typeof query;
    } catch {
      return '';
    }
    if (typeof query.root !== 'string' || typeof query.commit !== 'string' || !query.commit) return '';
    return contentAt(query.root, query.commit, uri.path.replace(/^\//, ''));
  }
}
