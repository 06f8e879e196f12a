import './zodConfig';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import { render } from 'preact';
import { App } from './App';
import { Store } from './state';
import { VsCodeTransport, isVsCodeWebview, vscodeStorage } from './transport/vscode';
import './styles.css';

function boot(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('Specwright: #root is missing from the page');
  if (!isVsCodeWebview()) {
    // The browser (websocket) transport is not wired yet; say so instead of failing silently.
    root.textContent = 'Specwright: this page runs inside the VS Code Conversation view.';
    return;
  }
  const transport = new VsCodeTransport();
  const store = new Store(transport, { client: 'vscode-webview', storage: vscodeStorage() });
  // Rendering first means the restored state shows at once, before the host's welcome.
  store.start();
  render(<App store={store} />, root);
  // The view may be torn down right after it is hidden: write the state while we still can.
  addEventListener('pagehide', () => store.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') store.flush();
  });
}

boot();
