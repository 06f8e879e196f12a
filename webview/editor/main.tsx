import '../zodConfig';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { render } from 'preact';
import { isVsCodeWebview } from '../transport/vscode';
import { EditorApp } from './EditorApp';
import { EditorHost } from './host';
import './editor.css';

function boot(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('Specwright: #root is missing from the page');
  if (!isVsCodeWebview()) {
    root.textContent = 'Specwright: the document editor runs inside VS Code.';
    return;
  }
  render(<EditorApp host={new EditorHost()} />, root);
}

boot();
