/**
 * Documents of a repository on GitHub, opened read-only in the editor without cloning:
 * `specwright-github:/owner/repo/specs/001-x/spec.md?ref=main`, read through the contents API.
 */
import * as vscode from 'vscode';
import type { GitHubService } from '../../core/github/githubService';

export const GITHUB_SCHEME = 'specwright-github';

export function githubDocumentUri(fullName: string, path: string, ref: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GITHUB_SCHEME, path: `/${fullName}/${path}`, query: new URLSearchParams({ ref }).toString() });
}

/** Content providers' documents are read-only in VS Code: exactly what a remote spec should be. */
export class GitHubDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly github: GitHubService) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [owner, repo, ...rest] = uri.path.replace(/^\/+/, '').split('/');
    const ref = new URLSearchParams(uri.query).get('ref') ?? undefined;
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      const file = await this.github.readFile(`${owner}/${repo}`, rest.join('/'), { signal: controller.signal, ...(ref ? { ref } : {}) });
      return file.text;
    } finally {
      cancel.dispose();
    }
  }
}
