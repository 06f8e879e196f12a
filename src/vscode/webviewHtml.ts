import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh nonce per page load; scripts and styles run only with it (CSP `'nonce-…'`). */
export const createNonce = (): string => randomBytes(18).toString('base64');

/**
 * The page that hosts the Preact bundle. CSP: nothing by default, scripts only by nonce, styles and
 * fonts only from the extension's own dist/ (plus the nonce for the bundle's stylesheet link).
 * `bundle` names the esbuild entry in dist/webview: `main` (conversation) or `editor` (document editor).
 */
export function conversationHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, bundle: 'main' | 'editor' = 'main'): string {
  const nonce = createNonce();
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: https:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${asset('codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" nonce="${nonce}" href="${asset(`${bundle}.css`)}">
<title>${title}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${asset(`${bundle}.js`)}"></script>
</body>
</html>`;
}
