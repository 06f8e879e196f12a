import { join } from 'node:path';
import * as vscode from 'vscode';
import type { EditorSessionDeps } from './editorSession';
import type { EditorHostMessage } from '../../protocol';
import type { Version } from '../../core/features/versions';
import type { Specwright } from '../../core/app/specwright';
import { showHistory } from '../versions/historyPicker';
import { restoreVersion } from '../versions/restoreVersion';
import { VersionContentProvider } from '../versions/versionContentProvider';
import { VERSION_SCHEME } from '../versions/versionUri';
import { DOCUMENT_EDITOR_VIEW_TYPE, DocumentEditorProvider } from './documentEditorProvider';
import { documentKindOf } from './editorModel';

export { DOCUMENT_EDITOR_VIEW_TYPE };

/** What the document editor exposes to integration tests (through SpecwrightApi). */
export interface DocumentEditorHooks {
  /** Delivers a message to the open editor of a document as its page would; resolves to the editor's reply. */
  dispatch(path: string, message: unknown): Promise<EditorHostMessage | undefined>;
  /** The document version the editor's page last acknowledged as shown; undefined when no editor is open. */
  renderedVersion(path: string): number | undefined;
  versions(path: string): Promise<Version[]>;
  /** The History picker's Restore, without the picker. */
  restoreVersion(path: string, id: string): Promise<void>;
}

export interface DocumentEditorDeps {
  log: vscode.LogOutputChannel;
  revealConversation: () => Thenable<void> | Promise<void>;
  taskAgent?: EditorSessionDeps['taskAgent'];
}

/** Registers the document editor, its commands (open, history) and the read-only version documents. */
export function registerDocumentEditor(context: vscode.ExtensionContext, core: Specwright, deps: DocumentEditorDeps): DocumentEditorHooks {
  const provider = new DocumentEditorProvider({ core, extensionUri: context.extensionUri, log: deps.log, revealConversation: deps.revealConversation, taskAgent: deps.taskAgent });
  const versionsOf = (path: string) => core.versionsOfDocument(path);
  context.subscriptions.push(
    provider,
    vscode.window.registerCustomEditorProvider(DOCUMENT_EDITOR_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.workspace.registerTextDocumentContentProvider(VERSION_SCHEME, new VersionContentProvider(versionsOf)),
    vscode.commands.registerCommand('specwright.openDocumentEditor', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : activeDocumentUri() ?? (await pickDocument(core));
      if (target) await vscode.commands.executeCommand('vscode.openWith', target, DOCUMENT_EDITOR_VIEW_TYPE);
    }),
    vscode.commands.registerCommand('specwright.showHistory', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : activeDocumentUri() ?? (await pickDocument(core));
      if (!target) return;
      try {
        await showHistory(versionsOf(target.fsPath), target.fsPath);
      } catch (error) {
        void vscode.window.showErrorMessage(`Specwright: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
  return {
    dispatch: (path, message) => provider.dispatch(vscode.Uri.file(path), message),
    renderedVersion: (path) => provider.renderedVersion(vscode.Uri.file(path)),
    versions: (path) => versionsOf(path).list(path),
    restoreVersion: (path, id) => restoreVersion(versionsOf(path), path, id),
  };
}

/** The spec.md / plan.md / tasks.md of the active editor, be it a text editor or a Specwright editor. */
function activeDocumentUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : vscode.window.activeTextEditor?.document.uri;
  return uri && uri.scheme === 'file' && documentKindOf(uri.fsPath) ? uri : undefined;
}

/** From the palette with no document active: pick one of the features' documents. */
async function pickDocument(core: Specwright): Promise<vscode.Uri | undefined> {
  const features = await core.listFeatures();
  const items: (vscode.QuickPickItem & { path: string })[] = [];
  for (const feature of features) {
    for (const name of ['spec.md', 'plan.md', 'tasks.md']) {
      const path = join(feature.path, name);
      try {
        await vscode.workspace.fs.stat(vscode.Uri.file(path));
        items.push({ label: `${feature.name}/${name}`, description: vscode.workspace.asRelativePath(path), path });
      } catch { /* not written yet */ }
    }
  }
  if (!items.length) {
    void vscode.window.showInformationMessage('Specwright: no spec.md, plan.md or tasks.md under specs/ yet. Generate a spec first.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { title: 'Specwright — which document?', matchOnDescription: true });
  return pick ? vscode.Uri.file(pick.path) : undefined;
}
