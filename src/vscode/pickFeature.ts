import * as vscode from 'vscode';
import type { Specwright } from '../core/app/specwright';

/**
 * From the palette: pick one of the workspace's feature folders (spec-kit's current feature, the
 * one `.specify/feature.json` names, first), or browse for any folder.
 */
export async function pickFeatureFolder(core: Specwright, title = 'Generate Spec'): Promise<vscode.Uri | undefined> {
  const [listed, current] = await Promise.all([core.listFeatures(), core.features.current().catch(() => undefined)]);
  const features = [...listed.filter((f) => f.path === current), ...listed.filter((f) => f.path !== current)];
  const browse = { label: '$(folder-opened) Browse…', description: 'any folder', path: '' };
  const pick = await vscode.window.showQuickPick(
    [...features.map((f) => ({
      label: f.name,
      description: f.path === current ? `${vscode.workspace.asRelativePath(f.path)} · current (.specify/feature.json)` : vscode.workspace.asRelativePath(f.path),
      path: f.path,
    })), browse],
    { title: `${title} — which feature folder?`, placeHolder: features.length ? 'Pick a feature folder (specs/NNN-slug)' : 'No specs/NNN-slug folders yet: browse for a folder' },
  );
  if (!pick) return undefined;
  if (pick !== browse) return vscode.Uri.file(pick.path);
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Use This Folder', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
  return chosen?.[0];
}
