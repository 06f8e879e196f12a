/**
 * "Browse Repository Features": the features of any repository the user can read, with their
 * stage and task progress, and their documents opened read-only — all through the API.
 */
import * as vscode from 'vscode';
import type { RemoteFeature } from '../../protocol';
import type { Specwright } from '../../core/app/specwright';
import { githubDocumentUri } from './documents';
import { pickRepository } from './pickRepository';
import { showGitHubError } from './errors';

const TITLE = 'Browse Repository Features';

export async function browseRepositoryFeatures(core: Specwright, log: vscode.LogOutputChannel, fullName?: string): Promise<void> {
  const repo = fullName ?? await pickRepository(core, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, TITLE);
  if (!repo) return;
  let list;
  try {
    list = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading the features of ${repo}…`, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return core.github.features(repo, { signal: controller.signal });
      },
    );
  } catch (error) {
    await showGitHubError(core, log, error);
    return;
  }
  const { repository, features } = list;
  if (features.length === 0) {
    void vscode.window.showInformationMessage(`${repository.fullName} has no features on ${repository.ref} (no specs/NNN-name/ folders).`);
    return;
  }
  const feature = await vscode.window.showQuickPick(features.map((f) => ({ label: f.name, description: describe(f), detail: phasesOf(f), feature: f })), {
    title: `${TITLE} — ${repository.fullName} (${repository.ref})`,
    matchOnDescription: true,
  });
  if (!feature) return;
  const files = feature.feature.files;
  const file = files.length === 1 ? files[0] : (await vscode.window.showQuickPick(files.map((path) => ({ label: path.slice(path.lastIndexOf('/') + 1), description: path, path })), {
    title: `${feature.label} — open which document?`,
  }))?.path;
  if (!file) return;
  const document = await vscode.workspace.openTextDocument(githubDocumentUri(repository.fullName, file, repository.ref));
  await vscode.window.showTextDocument(document, { preview: true });
}

function describe(f: RemoteFeature): string {
  const progress = f.progress && f.progress.total ? ` · ${f.progress.done}/${f.progress.total} tasks done` : '';
  return `${f.stage}${progress}`;
}

const phasesOf = (f: RemoteFeature): string | undefined =>
  f.progress?.phases.map((p) => `${p.name.replace(/^Phase (\d+):.*/, 'Phase $1')} ${p.done}/${p.total}`).join(' · ') || undefined;
