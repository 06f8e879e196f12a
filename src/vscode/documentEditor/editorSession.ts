import { dirname, resolve } from 'node:path';
import * as vscode from 'vscode';
import {
  describeInvalid, EditorClientMessage, type EditorDocumentKind, type EditorHostMessage, type EditorRequest, type EditorResult,
} from '../../protocol';
import type { Specwright } from '../../core/app/specwright';
import { conversationHtml } from '../webviewHtml';
import { editorHandlers, EditorRequestError, type EditorContext } from './editorHandlers';
import { describeDocument } from './editorModel';
import { featureFindings } from './featureFindings';
import { OperationTracker } from './operationTracker';

export interface EditorSessionDeps {
  core: Specwright;
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  revealConversation: () => Thenable<void> | Promise<void>;
  /** Why tasks cannot be run with the current agent, and when that changes. */
  taskAgent?: { blocker(): string | undefined; onDidChange: vscode.Event<void> };
}

/** How long the checks wait for typing to pause before they run again. */
const FINDINGS_DELAY_MS = 300;

/**
 * One open document editor: the webview panel of one spec.md, plan.md or tasks.md. The
 * TextDocument is the truth: every change to it (typing here or in a text editor, undo, an agent
 * writing the file) is sent to the page; every change the page asks for is a WorkspaceEdit.
 */
export class EditorSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly context: EditorContext;
  private readonly tracker: OperationTracker;
  private readonly featureDir: string;
  private documentTimer?: ReturnType<typeof setTimeout>;
  private findingsTimer?: ReturnType<typeof setTimeout>;
  private findingsRun = 0;
  private rendered = -1;
  private disposed = false;

  constructor(
    readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly kind: EditorDocumentKind,
    private readonly deps: EditorSessionDeps,
  ) {
    this.featureDir = dirname(document.uri.fsPath);
    this.tracker = new OperationTracker(deps.core.bus, document.uri.fsPath, kind, (operation) => this.post({ type: 'operation', operation }));
    this.context = { document, kind, featureDir: this.featureDir, core: deps.core, tracker: this.tracker, revealConversation: deps.revealConversation };

    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist'), vscode.Uri.joinPath(deps.extensionUri, 'media')],
    };
    panel.webview.html = conversationHtml(panel.webview, deps.extensionUri, `Specwright — ${document.uri.path.split('/').pop() ?? ''}`, 'editor');

    const isSibling = (d: vscode.TextDocument) => d.uri.scheme === 'file' && /^(spec|tasks)\.md$/i.test(d.uri.path.split('/').pop() ?? '') && resolve(dirname(d.uri.fsPath)) === resolve(this.featureDir);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(this.featureDir), '{spec,tasks}.md'));
    if (deps.taskAgent) this.disposables.push(deps.taskAgent.onDidChange(() => this.scheduleDocument()));
    this.disposables.push(
      this.tracker,
      watcher,
      panel.webview.onDidReceiveMessage((raw: unknown) => { void this.receive(raw); }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document) this.scheduleDocument();
        if (isSibling(e.document)) this.scheduleFindings();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => { if (d === document) this.scheduleDocument(); }),
      watcher.onDidChange(() => this.scheduleFindings()),
      watcher.onDidCreate(() => this.scheduleFindings()),
      watcher.onDidDelete(() => this.scheduleFindings()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleDocument()),
      // Task runs of this feature changed (queued, running, failed…): the rows show it.
      deps.core.tasks.onChange((feature) => { if (this.kind === 'tasks' && resolve(feature) === resolve(this.featureDir)) this.scheduleDocument(); }),
    );
  }

  /** The highest document version the page said it has shown (-1 before the first). */
  get renderedVersion(): number {
    return this.rendered;
  }

  /**
   * A message from the page (or, in tests, from the API hook: the same path). Returns what was
   * posted back for it: the request's result, or the error an invalid message earns.
   */
  async receive(raw: unknown): Promise<EditorHostMessage | undefined> {
    const parsed = EditorClientMessage.safeParse(raw);
    if (!parsed.success) {
      const message = `The document editor sent a message Specwright cannot use (${describeInvalid(parsed.error)}).`;
      this.deps.log.warn(message);
      const reply: EditorHostMessage = { type: 'error', message };
      this.post(reply);
      return reply;
    }
    const msg = parsed.data;
    if (msg.type === 'ready') {
      this.postDocument();
      this.post({ type: 'operation', operation: this.tracker.operation() });
      void this.postFindings();
      return undefined;
    }
    if (msg.type === 'rendered') {
      this.rendered = Math.max(this.rendered, msg.version);
      return undefined;
    }
    const result = await this.handle(msg);
    this.post(result);
    return result;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.documentTimer);
    clearTimeout(this.findingsTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async handle(request: EditorRequest): Promise<EditorResult> {
    // The table is keyed by type, so the handler fits the request; TypeScript cannot follow that through the union.
    const handler = editorHandlers[request.type] as (r: EditorRequest, ctx: EditorContext) => Promise<Partial<EditorResult>>;
    try {
      const outcome = await handler(request, this.context);
      return { type: 'result', requestId: request.requestId, ok: true, ...outcome };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof EditorRequestError)) this.deps.log.error(`Document editor: ${request.type} failed: ${error instanceof Error ? error.stack ?? message : message}`);
      return { type: 'result', requestId: request.requestId, ok: false, error: message, version: this.document.version };
    }
  }

  /** Several changes in one turn (a multi-cursor edit, an undo group) reach the page as one message. */
  private scheduleDocument(): void {
    if (this.documentTimer !== undefined || this.disposed) return;
    this.documentTimer = setTimeout(() => {
      this.documentTimer = undefined;
      this.postDocument();
      this.scheduleFindings();
    }, 0);
  }

  private scheduleFindings(): void {
    if (this.disposed) return;
    clearTimeout(this.findingsTimer);
    this.findingsTimer = setTimeout(() => { void this.postFindings(); }, FINDINGS_DELAY_MS);
  }

  private postDocument(): void {
    const { document } = this;
    this.post(describeDocument({
      kind: this.kind, path: document.uri.fsPath, text: document.getText(), version: document.version,
      dirty: document.isDirty, trusted: vscode.workspace.isTrusted,
      ...(this.kind === 'tasks' ? { runs: this.deps.core.tasks.board(this.featureDir).tasks, runBlocked: this.deps.taskAgent?.blocker() } : {}),
    }));
  }

  private async postFindings(): Promise<void> {
    const run = ++this.findingsRun;
    try {
      const findings = await featureFindings(this.featureDir);
      // An older run that finished late must not overwrite a newer answer.
      if (run === this.findingsRun) this.post({ type: 'findings', findings });
    } catch (error) {
      this.deps.log.warn(`Document editor: checks of ${this.featureDir} failed: ${String(error)}`);
    }
  }

  private post(message: EditorHostMessage): void {
    if (this.disposed) return;
    this.panel.webview.postMessage(message).then(undefined, (error: unknown) => this.deps.log.debug(`editor post failed: ${String(error)}`));
  }
}
