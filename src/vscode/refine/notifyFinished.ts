import * as vscode from 'vscode';
import type { OperationBus } from '../../core/operations/bus';
import type { VersionStore } from '../../core/features/versions';
import { isTerminal } from '../../protocol';
import { compareWithCurrent } from '../versions/restoreVersion';
import { finishedNotice } from './finishedNotice';

export interface NotifyFinishedDeps {
  bus: OperationBus;
  /** The Conversation view is on screen. */
  viewVisible: () => boolean;
  versionsOf: (docPath: string) => VersionStore;
  log: vscode.LogOutputChannel;
}

/**
 * A notification when a document run ends while the Conversation view is hidden, with Open and
 * Show changes (the document against the version kept before the run); none while it is visible.
 */
export function notifyFinishedRuns(deps: NotifyFinishedDeps): vscode.Disposable {
  const watched = new Set<string>();
  const sub = deps.bus.onOperation((summary) => {
    if (!isTerminal(summary.status)) {
      watched.add(summary.id);
      return;
    }
    const notice = finishedNotice(summary, watched.delete(summary.id), deps.viewVisible());
    if (!notice) return;
    const show = summary.status === 'succeeded' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(notice.message, ...notice.actions).then(async (choice) => {
      try {
        if (choice === 'Open') await vscode.window.showTextDocument(vscode.Uri.file(notice.document));
        if (choice === 'Show changes') await showChanges(deps.versionsOf(notice.document), notice.document);
      } catch (error) {
        deps.log.warn(`Specwright: ${String(error)}`);
      }
    });
  });
  return { dispose: () => sub.dispose() };
}

/** The newest kept version that differs from the document now, against the document. */
async function showChanges(versions: VersionStore, docPath: string): Promise<void> {
  const current = await vscode.workspace.fs.readFile(vscode.Uri.file(docPath)).then((b) => new TextDecoder().decode(b), () => '');
  for (const version of (await versions.list(docPath)).sort((a, b) => b.createdAt - a.createdAt)) {
    if ((await versions.read(docPath, version.id)) !== current) return compareWithCurrent(docPath, version);
  }
  await vscode.window.showTextDocument(vscode.Uri.file(docPath));
}
