import './zodConfig';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import { render } from 'preact';
import { App } from './App';
import { nextFrame } from './nextFrame';
import { Store } from './state';
import { browserStorage } from './transport/browserStorage';
import { socketUrl, takeToken } from './transport/token';
import { VsCodeTransport, isVsCodeWebview, vscodeApi, vscodeStorage } from './transport/vscode';
import { DeliveryProbe } from './testHooks/deliveryProbe';
import { measureLayout } from './testHooks/measureLayout';
import { WebSocketTransport } from './transport/websocket';
import './styles.css';

/** Inside VS Code: postMessage to the extension host. */
function bootVsCode(root: HTMLElement): void {
  const transport = new VsCodeTransport();
  // First, so its receipt times are when a message arrived, before the store handles it.
  const probe = new DeliveryProbe();
  transport.onMessage((msg) => probe.saw(msg));
  const store = new Store(transport, { client: 'vscode-webview', storage: vscodeStorage(), schedule: nextFrame });
  // Rendering first means the restored state shows at once, before the host's welcome.
  store.start();
  render(<App store={store} />, root);
  keepStateOnHide(store);
  answerTestQuestions(probe);
}

/** The integration tests ask how the page is laid out and what reached it (the host asks only in their run). */
function answerTestQuestions(probe: DeliveryProbe): void {
  addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: unknown; id?: unknown; operationId?: unknown } | null;
    if (typeof data?.id !== 'string') return;
    if (data.type === 'measureLayout') vscodeApi().postMessage(measureLayout(data.id));
    if (data.type === 'probeDelivery') vscodeApi().postMessage(probe.answer(data.id, typeof data.operationId === 'string' ? data.operationId : undefined));
  });
}

/** In a browser tab opened from `specwright serve` or "Open in Browser": a websocket to the page's own server. */
function bootBrowser(root: HTMLElement): void {
  const token = takeToken({
    hash: location.hash,
    storage: sessionStorageOrUndefined(),
    clearHash: () => history.replaceState(null, '', location.pathname + location.search),
  });
  if (!token) {
    root.textContent = 'Specwright: open the address printed by "specwright serve" (or "Specwright: Open in Browser"); it carries the access token.';
    return;
  }
  const transport = new WebSocketTransport({ url: socketUrl(location), token });
  const store = new Store(transport, { client: 'browser', storage: browserStorage(sessionStorageOrUndefined()), schedule: nextFrame });
  store.start();
  render(<App store={store} connection={transport} />, root);
  transport.connect();
  // Back online: no need to sit out the backoff.
  addEventListener('online', () => transport.retry());
  keepStateOnHide(store);
  addEventListener('pagehide', () => transport.dispose());
}

/** The page may be torn down right after it is hidden: write the state while we still can. */
function keepStateOnHide(store: Store): void {
  addEventListener('pagehide', () => store.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') store.flush();
  });
}

function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

function boot(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('Specwright: #root is missing from the page');
  if (isVsCodeWebview()) bootVsCode(root);
  else bootBrowser(root);
}

boot();
