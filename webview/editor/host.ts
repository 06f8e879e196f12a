import { EditorHostMessage, type EditorClientMessage, type EditorRequest, type EditorResult } from '../../src/protocol';
import { vscodeApi, type VsCodeApi } from '../transport/vscode';

type Listener = (msg: EditorHostMessage) => void;
/** A request as the page writes it; the id is added here. */
type WithoutId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
export type EditorRequestBody = WithoutId<EditorRequest>;

/**
 * The page's line to its host. Every message that arrives is checked against the protocol; an
 * invalid one is dropped with a console warning and reported to `onInvalid` (the page shows it).
 * Requests get a promise of their result.
 */
export class EditorHost {
  private readonly listeners = new Set<Listener>();
  private readonly waiting = new Map<string, (result: EditorResult) => void>();
  private nextId = 0;
  onInvalid?: (problem: string) => void;

  constructor(private readonly vscode: VsCodeApi = vscodeApi(), target: Window = window) {
    target.addEventListener('message', (event: MessageEvent) => this.arrive(event.data));
  }

  send(msg: EditorClientMessage): void {
    this.vscode.postMessage(msg);
  }

  /** Sends a request; resolves with the host's result (ok or not). */
  request(body: EditorRequestBody): Promise<EditorResult> {
    const requestId = this.newRequestId();
    return new Promise((resolve) => {
      this.waiting.set(requestId, resolve);
      this.send({ ...body, requestId } as EditorClientMessage);
    });
  }

  newRequestId(): string {
    return `e${++this.nextId}`;
  }

  onMessage(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private arrive(raw: unknown): void {
    const parsed = EditorHostMessage.safeParse(raw);
    if (!parsed.success) {
      console.warn('[specwright] dropped an invalid message from the host', parsed.error.issues, raw);
      this.onInvalid?.(`Ignored an invalid message from Specwright (${parsed.error.issues[0]?.message ?? 'unknown problem'}).`);
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'result') {
      const resolve = this.waiting.get(msg.requestId);
      this.waiting.delete(msg.requestId);
      resolve?.(msg);
    }
    for (const listener of this.listeners) listener(msg);
  }
}

/** What the page keeps across being hidden and shown again (VS Code drops hidden webviews). */
export interface EditorUiState {
  mode: 'view' | 'edit';
  prompt: string;
  answers: Record<string, string>;
}

export function loadUiState(vscode: VsCodeApi = vscodeApi()): EditorUiState {
  const saved = vscode.getState() as Partial<EditorUiState> | undefined;
  return {
    mode: saved?.mode === 'edit' ? 'edit' : 'view',
    prompt: typeof saved?.prompt === 'string' ? saved.prompt : '',
    answers: saved?.answers && typeof saved.answers === 'object' ? (saved.answers as Record<string, string>) : {},
  };
}

export const saveUiState = (state: EditorUiState, vscode: VsCodeApi = vscodeApi()): void => { vscode.setState(state); };
