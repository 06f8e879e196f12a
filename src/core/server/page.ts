import { randomBytes } from 'node:crypto';

/** A fresh nonce per page: only the page's own script and stylesheets carry it. */
export const createNonce = (): string => randomBytes(18).toString('base64');

/**
 * The web UI's CSP, as strict as the VS Code webview's: nothing by default, the bundle's script
 * only by nonce, styles and fonts from this server only, the socket only to this server.
 * `host` is the request's (already checked) Host header; `wss:` is for a page that reaches the
 * server through an https forward (a Codespace), `'self'` for a forward whose proxy rewrites Host.
 */
export function contentSecurityPolicy(nonce: string, host: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "font-src 'self'",
    "img-src 'self' data: https:",
    `connect-src ws://${host} wss://${host} 'self'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The page that boots the same Preact bundle as the VS Code view; the bundle picks the websocket
 * transport. Its URLs are relative, so it also works under a forwarding proxy's path prefix
 * (code-server's `/proxy/<port>/`); the server serves the page only at `/` and `/index.html`.
 */
export function webUiPage(nonce: string, title = 'Specwright'): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<link rel="stylesheet" nonce="${nonce}" href="theme.css">
<link rel="stylesheet" nonce="${nonce}" href="codicon.css" id="vscode-codicon-stylesheet">
<link rel="stylesheet" nonce="${nonce}" href="main.css">
<title>${title}</title>
</head>
<body class="web-ui">
<div id="root"></div>
<script nonce="${nonce}" src="main.js"></script>
</body>
</html>`;
}
