/**
 * "Show changes" of a task run: the files it touched, each as a diff between the commit the run
 * started from (recorded on the operation) and the file now. One file opens at once; several are
 * offered in a pick, with "All files" opening VS Code's multi-file diff.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { OperationSummary } from '../../protocol';
import { gitUri } from './gitContent';

export async function showChanges(op: OperationSummary): Promise<void> {
  const name = op.task?.id ?? op.task?.key ?? op.kind;
  if (!op.git) {
    void vscode.window.showInformationMessage(`Specwright: ${name} ran outside a git repository, so the files it changed are not known.`);
    return;
  }
  const files = op.touched ?? [];
  if (!files.length) {
    void vscode.window.showInformationMessage(`Specwright: ${name} changed no file${op.touched ? '' : ' that is known yet (it has not finished)'}.`);
    return;
  }
  const { root, head } = op.git;
  const sides = files.map((file) => {
    const abs = join(root, file);
    const left = gitUri(root, head ?? '', file);
    const right = existsSync(abs) ? vscode.Uri.file(abs) : gitUri(root, '', file);
    return { file, left, right };
  });
  const title = (file: string) => `${file} (${name}: before ↔ now)`;
  if (sides.length === 1) {
    await vscode.commands.executeCommand('vscode.diff', sides[0].left, sides[0].right, title(sides[0].file));
    return;
  }
  const all = { label: '$(diff-multiple) All files', description: `${sides.length} files`, side: undefined as (typeof sides)[number] | undefined };
  const pick = await vscode.window.showQuickPick([all, ...sides.map((s) => ({ label: s.file, description: '', side: s as (typeof sides)[number] | undefined }))], {
    title: `Changes of ${name} since ${head ? head.slice(0, 8) : 'the first commit'}`,
  });
  if (!pick) return;
  if (pick.side) {
    await vscode.commands.executeCommand('vscode.diff', pick.side.left, pick.side.right, title(pick.side.file));
    return;
  }
  try {
    await vscode.commands.executeCommand('vscode.changes', `Changes of ${name}`, sides.map((s) => [s.right, s.left, s.right]));
  } catch {
    for (const s of sides) await vscode.commands.executeCommand('vscode.diff', s.left, s.right, title(s.file));
  }
}
