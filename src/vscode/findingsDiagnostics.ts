/**
 * Traceability findings as Problems: for every feature, spec.md and tasks.md are checked with the
 * core's `analyse` (local, instant, no AI) and the findings become diagnostics on the documents.
 * Open documents are checked as typed (their unsaved text), closed ones from disk.
 */
import * as vscode from 'vscode';
import { basename, dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Finding } from '../protocol';
import { analyse, type DocumentText } from '../core/features/traceability';
import type { Specwright } from '../core/app/specwright';

/** spec-kit's spec.md and tasks.md; Kiro's requirements.md (`.kiro/specs/<name>/`). */
const CHECKED = new Set(['spec.md', 'tasks.md', 'requirements.md']);

export class FindingsDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('specwright');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Files that got diagnostics per feature, so a fixed finding is cleared. */
  private readonly reported = new Map<string, Set<string>>();

  constructor(private readonly core: Specwright) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/specs/*/{spec,tasks,requirements}.md');
    const onDisk = (uri: vscode.Uri) => this.schedule(dirname(uri.fsPath));
    this.disposables.push(
      watcher,
      watcher.onDidChange(onDisk),
      watcher.onDidCreate(onDisk),
      watcher.onDidDelete(onDisk),
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocument(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.onDocument(doc)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.checkAll()),
    );
  }

  /** Checks every feature of the workspace (activation, folders changed). */
  async checkAll(): Promise<void> {
    const features = await this.core.listFeatures();
    await Promise.all(features.map((f) => this.check(f.path)));
  }

  /** Checks one feature now and replaces its diagnostics. */
  async check(featureDir: string): Promise<Finding[]> {
    const [spec, tasks, requirements] = await Promise.all(['spec.md', 'tasks.md', 'requirements.md'].map((name) => this.text(join(featureDir, name))));
    const findings = analyse({ ...(spec ? { spec } : {}), ...(tasks ? { tasks } : {}), ...(requirements ? { requirements } : {}) });
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const finding of findings) {
      const list = byFile.get(finding.file) ?? [];
      list.push(toDiagnostic(finding));
      byFile.set(finding.file, list);
    }
    const before = this.reported.get(featureDir) ?? new Set<string>();
    for (const file of before) if (!byFile.has(file)) this.collection.delete(vscode.Uri.file(file));
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
    this.reported.set(featureDir, new Set(byFile.keys()));
    return findings;
  }

  /** The diagnostics on a file, as VS Code holds them (tests). */
  diagnosticsOf(file: string): readonly vscode.Diagnostic[] {
    return this.collection.get(vscode.Uri.file(file)) ?? [];
  }

  private onDocument(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !CHECKED.has(basename(doc.uri.fsPath))) return;
    const featureDir = dirname(doc.uri.fsPath);
    if (basename(dirname(featureDir)) !== 'specs') return;
    this.schedule(featureDir);
  }

  /** Typing produces a change per key: check once the burst is over. */
  private schedule(featureDir: string): void {
    const timer = this.pending.get(featureDir);
    if (timer) clearTimeout(timer);
    this.pending.set(featureDir, setTimeout(() => {
      this.pending.delete(featureDir);
      void this.check(featureDir).catch(() => undefined);
    }, 300));
  }

  private text(path: string): Promise<DocumentText | undefined> {
    return documentText(path);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The open document's text (unsaved edits included) or the file on disk; undefined when neither exists. */
export async function documentText(path: string): Promise<DocumentText | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path && !d.isClosed);
  if (open) return { path, text: open.getText() };
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch {
    return undefined;
  }
}

export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const range = finding.range
    ? new vscode.Range(finding.range.start.line, finding.range.start.character, finding.range.end.line, finding.range.end.character)
    : new vscode.Range(finding.line, 0, finding.line, Number.MAX_SAFE_INTEGER);
  const severity = finding.severity === 'error' ? vscode.DiagnosticSeverity.Error
    : finding.severity === 'warning' ? vscode.DiagnosticSeverity.Warning
      : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(range, finding.message, severity);
  diagnostic.source = 'Specwright';
  diagnostic.code = finding.code;
  return diagnostic;
}
