import * as vscode from 'vscode';
import type { ServerMessage } from '../protocol';
import type { Hub } from '../core/hub/hub';
import { ListenerTransport } from '../core/hub/transport';
import type { Disposable } from '../core/util/disposable';
import { conversationHtml } from './webviewHtml';

/**
 * The "Conversation" sidebar view. The webview is only a client of the hub: each page load
 * opens a hub session (the page's `hello` resumes where it left off), and hiding the view ends
 * it, since a hidden webview drops what is posted to it and replays on its next hello.
 */
export class ConversationViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view?: vscode.WebviewView;
  private session?: { transport: WebviewTransport; hubSession: Disposable };
  /** A host message for the page (History → Compare), sent once the page has said hello. */
  private queued?: ServerMessage;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly hub: Hub,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    view.webview.html = conversationHtml(view.webview, this.extensionUri, 'Specwright Conversation');
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidChangeVisibility(() => { if (!view.visible) this.endSession(); }),
      view.onDidDispose(() => { this.endSession(); this.view = undefined; }),
    );
  }

  /** The view is on screen (refine's "run finished" notification is only for when it is not). */
  get visible(): boolean {
    return this.view?.visible === true;
  }

  /** Shows the view (creating it if needed). */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand('specwright.conversation.focus');
  }

  /** Shows the view and hands its page a message; a page still loading gets it after its hello. */
  async show(message: ServerMessage): Promise<void> {
    this.queued = message;
    await this.reveal();
    this.flushQueued();
  }

  private flushQueued(): void {
    if (!this.queued || !this.session) return;
    this.session.transport.send(this.queued);
    this.queued = undefined;
  }

  private receive(raw: unknown): void {
    if (!this.view) return;
    // A page (re)load starts with hello: give it a fresh session so nothing from the old page lingers.
    if (isHello(raw)) this.endSession();
    if (!this.session) {
      const transport = new WebviewTransport(this.view.webview, this.log);
      this.session = { transport, hubSession: this.hub.connect(transport, { client: 'vscode-webview' }) };
    }
    this.session.transport.deliver(raw);
    if (isHello(raw)) this.flushQueued();
  }

  private endSession(): void {
    if (!this.session) return;
    const { transport, hubSession } = this.session;
    this.session = undefined;
    transport.closed();
    hubSession.dispose();
  }

  dispose(): void {
    this.endSession();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

const isHello = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'hello';

/** Adapts one webview page to the hub's Transport port. */
class WebviewTransport extends ListenerTransport {
  constructor(private readonly webview: vscode.Webview, private readonly log: vscode.LogOutputChannel) {
    super();
  }

  send(msg: ServerMessage): void {
    this.webview.postMessage(msg).then(undefined, (error: unknown) => this.log.debug(`webview post failed: ${String(error)}`));
  }

  closed(): void {
    this.emitClose();
  }
}
