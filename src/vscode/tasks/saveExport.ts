import * as vscode from 'vscode';

/** Where an exported operation goes in VS Code: a save dialog, in the first workspace folder by default. */
export async function saveExport(fileName: string, content: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: 'Export the operation',
    saveLabel: 'Export',
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}),
    filters: fileName.endsWith('.json') ? { JSON: ['json'] } : { Markdown: ['md'] },
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  return target.fsPath;
}
