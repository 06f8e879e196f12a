/**
 * The `specwright.featureFolders` context key: the paths of the workspace's feature folders
 * (`specs/*` rows of the Features view and `.kiro/specs/*`), so the Explorer's Specwright submenu
 * is offered on those folders and their documents only (`resourcePath in specwright.featureFolders`,
 * `resourceDirname in specwright.featureFolders`), never on every folder.
 */
import * as vscode from 'vscode';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureRows } from './walkthroughContext';

export const FEATURE_FOLDERS_KEY = 'specwright.featureFolders';

export class FeatureFolderContext implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private last: string[] = [];

  constructor(private readonly features: FeatureRows, private readonly roots: () => readonly string[]) {
    this.disposables.push(
      features.onDidChangeTreeData(() => void this.update()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => { this.watchKiro(); void this.update(); }),
    );
    this.watchKiro();
    void this.update();
  }

  private kiroWatchers: vscode.Disposable[] = [];

  /** `.kiro/specs/<name>/` folders of each root, however they appear (`mkdir -p` makes `.kiro` first). */
  private watchKiro(): void {
    for (const d of this.kiroWatchers.splice(0)) d.dispose();
    for (const root of this.roots()) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '.kiro/**'));
      this.kiroWatchers.push(watcher, watcher.onDidCreate(() => void this.update()), watcher.onDidDelete(() => void this.update()));
    }
  }

  /** The paths as last set (tests read them: VS Code has no getter for context keys). */
  folders(): readonly string[] {
    return this.last;
  }

  async update(): Promise<void> {
    const [rows, kiro] = await Promise.all([
      this.features.statuses().catch(() => []),
      Promise.all(this.roots().map((root) => kiroFolders(root))),
    ]);
    const paths = [...new Set([...rows.map((r) => r.path), ...kiro.flat()])].sort();
    if (paths.join('\n') === this.last.join('\n') && this.last.length) return;
    this.last = paths;
    await vscode.commands.executeCommand('setContext', FEATURE_FOLDERS_KEY, paths);
  }

  dispose(): void {
    for (const d of [...this.kiroWatchers.splice(0), ...this.disposables.splice(0)]) d.dispose();
  }
}

async function kiroFolders(root: string): Promise<string[]> {
  const dir = join(root, '.kiro', 'specs');
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
}
