/**
 * The history findings as Problems, beside the traceability ones: requirement ids reused,
 * renumbered or dropped (spec.md), tasks citing requirements changed since they were written, and
 * drift of done tasks (tasks.md). Their own collection, refreshed when a feature's documents or
 * records change and when git's HEAD moves (a commit, a checkout), since drift is measured to HEAD.
 */
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../protocol';
import type { Specwright } from '../../core/app/specwright';
import { documentText as text, toDiagnostic } from '../findingsDiagnostics';

const DOCUMENTS = new Set(['spec.md', 'tasks.md']);

export class HistoryDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('specwright-history');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly byFeature = new Map<string, Finding[]>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** A feature's history findings were replaced (the CodeLens listens). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly core: Specwright, private readonly log: vscode.LogOutputChannel) {
    const documents = vscode.workspace.createFileSystemWatcher('**/specs/*/{spec,tasks}.md');
    const records = vscode.workspace.createFileSystemWatcher('**/specs/*/.specwright/*.json');
    const onFeatureFile = (uri: vscode.Uri) => this.schedule(dirname(uri.fsPath));
    const onRecord = (uri: vscode.Uri) => this.schedule(dirname(dirname(uri.fsPath)));
    this.disposables.push(
      this.changed, documents, records,
      documents.onDidChange(onFeatureFile), documents.onDidCreate(onFeatureFile), documents.onDidDelete(onFeatureFile),
      records.onDidChange(onRecord), records.onDidCreate(onRecord), records.onDidDelete(onRecord),
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocument(e.document)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => { this.watchHeads(); void this.checkAll(); }),
    );
    this.watchHeads();
  }

  private headWatchers: vscode.Disposable[] = [];

  /** `.git/logs/HEAD` moves with every commit, checkout and reset of the folder's repository. */
  private watchHeads(): void {
    for (const w of this.headWatchers.splice(0)) w.dispose();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.git/logs/HEAD'));
      const all = () => { void this.checkAll(); };
      this.headWatchers.push(watcher, watcher.onDidChange(all), watcher.onDidCreate(all));
    }
  }

  async checkAll(): Promise<void> {
    const features = await this.core.listFeatures();
    await Promise.all(features.map((f) => this.check(f.path)));
  }

  /** Checks one feature now (open documents' unsaved text counts) and replaces its diagnostics. */
  async check(featureDir: string): Promise<Finding[]> {
    const [spec, tasks] = await Promise.all([text(join(featureDir, 'spec.md')), text(join(featureDir, 'tasks.md'))]);
    let findings: Finding[];
    try {
      findings = await this.core.history.findings(featureDir, { ...(spec ? { spec } : {}), ...(tasks ? { tasks } : {}) });
    } catch (error) {
      this.log.warn(`History checks of ${basename(featureDir)} failed: ${String(error)}`);
      findings = [];
    }
    const files = [join(featureDir, 'spec.md'), join(featureDir, 'tasks.md')];
    for (const file of files) {
      const diagnostics = findings.filter((f) => f.file === file).map(toDiagnostic);
      if (diagnostics.length) this.collection.set(vscode.Uri.file(file), diagnostics);
      else this.collection.delete(vscode.Uri.file(file));
    }
    this.byFeature.set(featureDir, findings);
    this.changed.fire(featureDir);
    return findings;
  }

  /** The latest history findings of a feature (empty before its first check). */
  findingsOf(featureDir: string): readonly Finding[] {
    return this.byFeature.get(featureDir) ?? [];
  }

  private onDocument(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !DOCUMENTS.has(basename(doc.uri.fsPath))) return;
    const featureDir = dirname(doc.uri.fsPath);
    if (basename(dirname(featureDir)) === 'specs') this.schedule(featureDir);
  }

  /** Typing is a change per key, and drift runs git: check once the burst is over. */
  schedule(featureDir: string, delayMs = 500): void {
    const timer = this.pending.get(featureDir);
    if (timer) clearTimeout(timer);
    this.pending.set(featureDir, setTimeout(() => {
      this.pending.delete(featureDir);
      void this.check(featureDir);
    }, delayMs));
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const d of [...this.headWatchers, ...this.disposables]) d.dispose();
  }
}

