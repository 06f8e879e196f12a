import * as vscode from 'vscode';
import type { VersionStore } from '../../core/features/versions';
import { parseVersionUri } from './versionUri';

/** Serves kept versions as read-only documents (the left side of "Compare with Current"). */
export class VersionContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly versionsOf: (docPath: string) => VersionStore) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = parseVersionUri(uri);
    if (!target) throw new Error(`Not a Specwright version: ${uri.toString()}`);
    return this.versionsOf(target.docPath).read(target.docPath, target.id);
  }
}
