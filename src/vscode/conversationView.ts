import * as vscode from 'vscode';
import type { ServerMessage } from '../protocol';
import { DeliveryReport } from '../protocol/deliveryProbe';
import { LayoutReport } from '../protocol/layout';
import type { Hub } from '../core/hub/hub';
import { MessageBatcher } from '../core/hub/messageBatcher';
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
  /** Test hooks: questions to the page waiting for its answer, by id. */
  private readonly answers = new Map<string, (raw: unknown) => void>();
  private questions = 0;

  /** Ids of this page's `generate` requests still waiting for their response. */
  private readonly generateRequests = new Set<string>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly hub: Hub,
    private readonly log: vscode.LogOutputChannel,
    /** A generation the page started (its Generate / Next step buttons): the shell opens its document when it ends. */
    private readonly startedHere: (operationId: string) => void = () => undefined,
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

  /**
   * Test hook (SPECWRIGHT_TEST_HOOKS=1 only, set by the integration run): asks the page how its
   * parts are laid out, since an extension cannot read a webview's DOM.
   */
  measureLayout(): Promise<LayoutReport> {
    return this.askPage('measureLayout', {}, (raw) => LayoutReport.safeParse(raw));
  }

  /**
   * Test hook (SPECWRIGHT_TEST_HOOKS=1 only): without an operation, the page starts recording the
   * events that reach it; with one, it says what arrived of it, and when (deliveryProbe.ts).
   */
  probeDelivery(operationId?: string): Promise<DeliveryReport> {
    return this.askPage('probeDelivery', operationId === undefined ? {} : { operationId }, (raw) => DeliveryReport.safeParse(raw));
  }

  private askPage<T>(type: string, fields: Record<string, string>, parse: (raw: unknown) => { success: true; data: T } | { success: false }): Promise<T> {
    if (process.env.SPECWRIGHT_TEST_HOOKS !== '1') return Promise.reject(new Error('Specwright test hooks are off (SPECWRIGHT_TEST_HOOKS=1).'));
    const view = this.view;
    if (!view) return Promise.reject(new Error('The Conversation view is not open.'));
    const id = `${type}-${++this.questions}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => { this.answers.delete(id); reject(new Error(`The Conversation page did not answer ${type}.`)); }, 10_000);
      this.answers.set(id, (raw) => {
        const answer = parse(raw);
        if (!answer.success) return;
        clearTimeout(timer);
        this.answers.delete(id);
        resolve(answer.data);
      });
      void view.webview.postMessage({ type, id, ...fields });
    });
  }

  private receive(raw: unknown): void {
    if (!this.view) return;
    if (isAnswer(raw)) {
      this.answers.get((raw as { id: string }).id)?.(raw);
      return;
    }
    // A page (re)load starts with hello: give it a fresh session so nothing from the old page lingers.
    if (isHello(raw)) this.endSession();
    const request = raw as { type?: unknown; method?: unknown; id?: unknown };
    if (request?.type === 'request' && request.method === 'generate' && typeof request.id === 'string') this.generateRequests.add(request.id);
    if (!this.session) {
      const transport = new WebviewTransport(this.view.webview, this.log, (msg) => this.sent(msg));
      this.session = { transport, hubSession: this.hub.connect(transport, { client: 'vscode-webview' }) };
    }
    this.session.transport.deliver(raw);
    if (isHello(raw)) this.flushQueued();
  }

  private sent(msg: ServerMessage): void {
    if (msg.type !== 'response' || !this.generateRequests.delete(msg.id) || !msg.ok) return;
    const operationId = (msg.result as { operationId?: unknown } | undefined)?.operationId;
    if (typeof operationId === 'string') this.startedHere(operationId);
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

/** A test hook's answer from the page (never a hub message: the hub has no `layout` or `delivery`). */
const isAnswer = (raw: unknown): boolean => {
  const { type, id } = (typeof raw === 'object' && raw !== null ? raw : {}) as { type?: unknown; id?: unknown };
  return (type === 'layout' || type === 'delivery') && typeof id === 'string';
};
const isHello = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'hello';

/**
 * A stream reaches the page at most once a frame: each post crosses VS Code's processes (and
 * code-server's socket) on its way, and at 10,000 events/s one post per agent write is ~1,000
 * posts a second. (Measured: test/integration/suite/webviewPath.test.js.)
 */
const WEBVIEW_POST_INTERVAL_MS = 16;

/** Adapts one webview page to the hub's Transport port; what is sent in one task is one post. */
class WebviewTransport extends ListenerTransport {
  private readonly batcher = new MessageBatcher((batch) => {
    this.webview.postMessage(batch).then(undefined, (error: unknown) => this.log.debug(`webview post failed: ${String(error)}`));
  }, { minIntervalMs: WEBVIEW_POST_INTERVAL_MS });

  constructor(private readonly webview: vscode.Webview, private readonly log: vscode.LogOutputChannel, private readonly onSend: (msg: ServerMessage) => void) {
    super();
  }

  send(msg: ServerMessage): void {
    this.onSend(msg);
    this.batcher.send(msg);
  }

  closed(): void {
    this.batcher.discard();
    this.emitClose();
  }
}
