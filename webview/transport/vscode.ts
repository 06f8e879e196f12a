import type { ClientMessage, ServerMessage } from '../../src/protocol';
import type { ConnectionState, Transport, UiStorage } from './types';
import { serverMessagesOfPost } from './validate';

/** The API VS Code injects into webviews; callable once per page. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

let api: VsCodeApi | undefined;

/** Memoised because a second `acquireVsCodeApi()` throws. */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

export const isVsCodeWebview = (): boolean => typeof acquireVsCodeApi === 'function';

/** postMessage out, window `message` events in; the host is always there, so always connected. */
export class VsCodeTransport implements Transport {
  readonly state: ConnectionState = 'connected';
  private readonly listeners = new Set<(msg: ServerMessage) => void>();
  private readonly onWindowMessage = (event: MessageEvent) => {
    for (const msg of serverMessagesOfPost(event.data)) {
      for (const cb of this.listeners) cb(msg);
    }
  };

  constructor(private readonly vscode: VsCodeApi = vscodeApi(), private readonly target: Window = window) {
    this.target.addEventListener('message', this.onWindowMessage);
  }

  send(msg: ClientMessage): void {
    this.vscode.postMessage(msg);
  }

  onMessage(cb: (msg: ServerMessage) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  onState(_cb: (state: ConnectionState) => void): () => void {
    return () => undefined;
  }

  dispose(): void {
    this.target.removeEventListener('message', this.onWindowMessage);
    this.listeners.clear();
  }
}

/** Webview state survives the view being hidden (and the page being recreated) until VS Code closes it. */
export function vscodeStorage(vscode: VsCodeApi = vscodeApi()): UiStorage {
  return {
    load: () => vscode.getState(),
    save: (state) => vscode.setState(state),
  };
}
