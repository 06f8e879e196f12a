// The external web UI in a real VS Code: "Open in Browser" starts the server and opens it with
// vscode.env.openExternal, "Stop Web UI" stops it. This extension host is code-server's, so VS
// Code runs "remotely" here: asExternalUri forwards the port through code-server's own
// /proxy/<port>/, and the test reaches the server both ways. openExternal in code-server's
// workbench (Chromium) is a window.open of that address: it resolves at once, whether or not a tab
// appears, so nothing here waits for or depends on that tab.
const assert = require('node:assert/strict');
const http = require('node:http');
const net = require('node:net');
const vscode = require('vscode');
const WebSocket = require('ws');

const { until } = require('../waits');

// src/protocol: the subprotocol the page selects and the one that carries the token.
const SUBPROTOCOL = 'specwright.v1';
const TOKEN_PREFIX = 'specwright.token.';

function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

/**
 * A socket as the page opens it (token in the subprotocol unless `token` is null), saying hello.
 * `welcome` resolves with the hub's welcome; `closed` with the close code (or the HTTP status of a
 * refused upgrade, as `http <status>`).
 */
function open(url, { origin, token }) {
  const protocols = token === null ? [SUBPROTOCOL] : [SUBPROTOCOL, `${TOKEN_PREFIX}${token}`];
  const socket = new WebSocket(url, protocols, { origin });
  const messages = [];
  let onWelcome;
  const welcome = new Promise((resolve) => { onWelcome = resolve; });
  const closed = new Promise((resolve) => {
    socket.on('unexpected-response', (_req, res) => { resolve(`http ${res.statusCode}`); socket.terminate(); });
    socket.on('close', (code) => resolve(code));
  });
  socket.on('error', () => undefined);
  socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', protocol: 1, client: 'integration-test' })));
  socket.on('message', (data) => {
    // A server frame holds one message or a JSON array of several (src/protocol/frames.ts).
    const parsed = JSON.parse(String(data));
    for (const msg of Array.isArray(parsed) ? parsed : [parsed]) {
      messages.push(msg);
      if (msg.type === 'welcome') onWelcome(msg);
    }
  });
  return { socket, messages, welcome, closed };
}

/** Whether a TCP connection to 127.0.0.1:port is refused (nothing listens). */
const refused = (port) => new Promise((resolve) => {
  const socket = net.connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(false); });
  socket.once('error', (error) => resolve(error.code === 'ECONNREFUSED'));
});

describe('External web UI in a real VS Code', () => {
  let api;
  let first;
  let firstClient;

  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    api = await ext.activate();
  });

  after(async () => {
    firstClient?.socket.terminate();
    await vscode.commands.executeCommand('specwright.stopWebUi');
  });

  it('is stopped until "Open in Browser"', () => {
    const state = api.webUi();
    assert.equal(state.running, false);
    assert.equal(state.address, undefined);
    assert.equal(state.statusBarText, undefined);
  });

  it('"Open in Browser" starts the server: /healthz, a page with a CSP nonce, the token required on the socket', async () => {
    await vscode.commands.executeCommand('specwright.openInBrowser');
    const state = api.webUi();
    assert.equal(state.running, true, 'the specwright.webUiRunning context is set');
    assert.ok(state.address, 'it listens');
    first = state.address;
    assert.equal(first.bindAddress, '127.0.0.1');
    assert.match(state.statusBarText, /^\$\(broadcast\) Web UI( \d+)?$/);

    const health = await get(`${first.origin}healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { status: 'ok' });

    const page = await get(first.origin);
    assert.equal(page.status, 200);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, 'the script is allowed by nonce only');
    assert.ok(page.body.includes(`<script nonce="${nonce}" src="main.js">`));

    const socketUrl = `ws://127.0.0.1:${first.port}/ws`;
    const origin = `http://127.0.0.1:${first.port}`;
    const stranger = open(socketUrl, { origin, token: null });
    assert.equal(await stranger.closed, 1008, 'no token: closed as a policy violation');
    assert.equal(stranger.messages.find((m) => m.type === 'welcome'), undefined);
    assert.equal(stranger.messages.find((m) => m.type === 'error')?.code, 'unauthorized');

    firstClient = open(socketUrl, { origin, token: first.token });
    const welcome = await firstClient.welcome;
    assert.equal(typeof welcome.clientId, 'string');
    assert.ok(Array.isArray(welcome.snapshot.operations));
    // The status bar counts the connected tabs (ours, and the one openExternal may have opened).
    await until('the status bar to count the connected tab', () => {
      const s = api.webUi();
      return s.connections >= 1 && s.statusBarText === `$(broadcast) Web UI ${s.connections}`;
    });
  });

  it('opens the address VS Code forwarded (here code-server\'s /proxy/<port>/), and the server answers on it', async function () {
    const state = api.webUi();
    const local = vscode.Uri.parse(first.origin);
    const external = await vscode.env.asExternalUri(local);
    if (external.authority === local.authority) {
      // A local VS Code: nothing is forwarded, the local address is what opens.
      assert.equal(state.browserUrl, first.url);
      this.skip();
    }
    const base = external.toString(true).replace(/\/?$/, '/');
    assert.equal(state.browserUrl, `${base}#token=${first.token}`, 'the forwarded address, the token in the fragment');
    const forwarded = new URL(base);

    assert.deepEqual(JSON.parse((await get(`${base}healthz`)).body), { status: 'ok' });
    const page = await get(base);
    assert.equal(page.status, 200, 'the forwarded Host is accepted');
    // The page's URLs are relative, so the bundle loads under the prefix.
    const script = /<script nonce="[^"]+" src="([^"]+)">/.exec(page.body)?.[1];
    const bundle = await get(new URL(script, base).href);
    assert.equal(bundle.status, 200);
    assert.match(String(bundle.headers['content-type']), /javascript/);

    // The socket the page opens: `ws` beside it, from the forwarded origin.
    const socketUrl = `ws://${forwarded.host}${forwarded.pathname}ws`;
    const tab = open(socketUrl, { origin: forwarded.origin, token: first.token });
    assert.equal(typeof (await tab.welcome).clientId, 'string');
    tab.socket.close();
    const noToken = open(socketUrl, { origin: forwarded.origin, token: null });
    assert.equal(await noToken.closed, 1008);
    const otherOrigin = open(`ws://127.0.0.1:${first.port}/ws`, { origin: 'http://evil.example', token: first.token });
    assert.equal(await otherOrigin.closed, 'http 403', 'another page\'s origin is still refused');
  });

  it('"Stop Web UI" closes every socket and the port, and clears the context and the status bar', async () => {
    await vscode.commands.executeCommand('specwright.stopWebUi');
    const state = api.webUi();
    assert.equal(state.running, false);
    assert.equal(state.address, undefined);
    assert.equal(state.statusBarText, undefined);
    assert.equal(await firstClient.closed, 1001, 'the open tab was told the server is going away');
    assert.equal(await refused(first.port), true, 'a new connection is refused');
  });

  it('a second "Open in Browser" starts with a new token: the old one is refused', async () => {
    await vscode.commands.executeCommand('specwright.openInBrowser');
    const second = api.webUi().address;
    assert.ok(second);
    assert.notEqual(second.token, first.token);
    const socketUrl = `ws://127.0.0.1:${second.port}/ws`;
    const origin = `http://127.0.0.1:${second.port}`;
    const old = open(socketUrl, { origin, token: first.token });
    assert.equal(await old.closed, 1008);
    const fresh = open(socketUrl, { origin, token: second.token });
    assert.equal(typeof (await fresh.welcome).clientId, 'string');
    fresh.socket.close();
  });
});
