import * as vscode from 'vscode';

/** Read-only documents holding one kept version of a spec.md, plan.md or tasks.md. */
export const VERSION_SCHEME = 'specwright-version';

/**
 * `specwright-version:/…/specs/001-x/spec.md?id=<version id>&file=<absolute path>`: the path
 * keeps the file name (so the diff editor picks Markdown), the query says which version of which file.
 */
export function versionUri(docPath: string, id: string): vscode.Uri {
  const file = vscode.Uri.file(docPath);
  return file.with({ scheme: VERSION_SCHEME, query: new URLSearchParams({ id, file: docPath }).toString() });
}

export function parseVersionUri(uri: vscode.Uri): { docPath: string; id: string } | undefined {
  if (uri.scheme !== VERSION_SCHEME) return undefined;
  const query = new URLSearchParams(uri.query);
  const id = query.get('id');
  const docPath = query.get('file');
  return id && docPath ? { docPath, id } : undefined;
}
