import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import WebSocket from 'ws';
import { HostPolicy } from '../../src/core/server/hostPolicy';
import { CloseCode } from '../../src/core/server/webUiServer';
import { TokenBucket } from '../../src/core/server/tokenBucket';
import { PROTOCOL_VERSION, WS_SUBPROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, decodeServerFrame } from '../../src/protocol';
import { socketUrl } from '../../webview/transport/token';
import { startHarness, TestClient, until, type Harness } from './helpers/webUiHarness';

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(h: Pick<Harness, 'address' | 'host'>, path: string, options: { host?: string; method?: string; port?: number } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: options.port ?? h.address.port, path, method: options.method ?? 'GET', headers: { Host: options.host ?? h.host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web UI server', () => {
  let h: Harness;
  afterEach(async () => { await h?.close(); });

  describe('http', () => {
    beforeEach(async () => { h = await startHarness(); });

    it('serves the page with a strict CSP whose nonce is the script tag\'s', async () => {
      const page = await get(h, '/');
      assert.equal(page.status, 200);
      const csp = String(page.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.match(csp, new RegExp(`connect-src ws://${h.host.replace(/\./g, '\\.')}`));
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce);
      assert.ok(page.body.includes(`<script nonce="${nonce}" src="main.js">`), 'relative, so it also loads under a path prefix');
      assert.equal(page.headers['x-frame-options'], 'DENY');
      const again = await get(h, '/');
      assert.notEqual(/nonce-([^']+)/.exec(String(again.headers['content-security-policy']))?.[1], nonce, 'a fresh nonce per page');
    });

    it('serves the bundle and the theme, and nothing outside the bundle folder', async () => {
      assert.equal((await get(h, '/main.js')).body, 'console.log("bundle")');
      assert.match(String((await get(h, '/main.js')).headers['content-type']), /text\/javascript/);
      assert.match((await get(h, '/theme.css')).body, /--vscode-foreground/);
      assert.equal((await get(h, '/../package.json')).status, 404);
      assert.equal((await get(h, '/%2e%2e/package.json')).status, 404);
      assert.equal((await get(h, '/.env')).status, 404);
      assert.equal((await get(h, '/missing.js')).status, 404);
    });

    it('answers /healthz without a token and reveals nothing', async () => {
      const health = await get(h, '/healthz');
      assert.equal(health.status, 200);
      assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
      assert.ok(!health.body.includes(h.address.token));
    });

    it('refuses a Host that is not the bound address (DNS rebinding) and methods other than GET', async () => {
      assert.equal((await get(h, '/', { host: `evil.example:${h.address.port}` })).status, 403);
      assert.equal((await get(h, '/healthz', { host: `127.0.0.1:${h.address.port + 1}` })).status, 403);
      assert.equal((await get(h, '/', { host: `localhost:${h.address.port}` })).status, 200);
      assert.equal((await get(h, '/', { method: 'POST' })).status, 405);
    });

    it('gives the token only in the URL fragment, a new one every start', async () => {
      const { url, token } = h.address;
      assert.match(token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
      assert.equal(new URL(url).hash, `#token=${token}`);
      assert.equal(new URL(url).search, '');
      await h.server.stop();
      const second = await h.server.start();
      assert.notEqual(second.token, token);
    });
  });

  describe('authentication', () => {
    beforeEach(async () => { h = await startHarness({ authTimeoutMs: 200 }); });

    it('accepts the token in the subprotocol, never echoing it back', async () => {
      const client = await TestClient.ready(h);
      assert.equal(client.socket.protocol, WS_SUBPROTOCOL);
      assert.equal(h.server.connections, 1);
    });

    it('accepts the token in the first message', async () => {
      const client = await TestClient.ready(h, { auth: 'message' });
      assert.equal(client.ofType('welcome').length, 1);
    });

    it('closes with 1008 on a wrong token, a missing one, or one that never comes', async () => {
      const wrong = TestClient.open(h, { token: 'x'.repeat(43) });
      assert.equal(await wrong.closed, CloseCode.policyViolation);
      assert.equal(wrong.ofType('error')[0]?.code, 'unauthorized');

      const wrongMessage = TestClient.open(h, { auth: 'message', token: 'nope' });
      assert.equal(await wrongMessage.closed, CloseCode.policyViolation);

      const helloFirst = TestClient.open(h, { auth: 'none' });
      await helloFirst.opened();
      helloFirst.send({ type: 'hello', protocol: 1, client: 'test' });
      assert.equal(await helloFirst.closed, CloseCode.policyViolation);
      assert.equal(helloFirst.ofType('welcome').length, 0, 'nothing of the hub before the token');

      const silent = TestClient.open(h, { auth: 'none' });
      assert.equal(await silent.closed, CloseCode.policyViolation);

      // Still serving the others.
      const good = await TestClient.ready(h);
      assert.equal(good.ofType('welcome').length, 1);
    });

    it('refuses a socket from another origin, with no origin, or for another Host', async () => {
      const evil = TestClient.open(h, { origin: 'http://evil.example' });
      await evil.closed;
      assert.equal(evil.unexpectedStatus, 403);
      const none = TestClient.open(h, { origin: null });
      await none.closed;
      assert.equal(none.unexpectedStatus, 403);
      const otherPort = TestClient.open(h, { origin: `http://127.0.0.1:${h.address.port + 1}` });
      await otherPort.closed;
      assert.equal(otherPort.unexpectedStatus, 403);
      const rebound = TestClient.open(h, { host: `attacker.example:${h.address.port}` });
      await rebound.closed;
      assert.equal(rebound.unexpectedStatus, 403);
      const viaLocalhost = await TestClient.ready(h, { host: `localhost:${h.address.port}` });
      assert.equal(viaLocalhost.ofType('welcome').length, 1);
    });
  });

  describe('behind a forwarding proxy (VS Code running remotely)', () => {
    let proxy: PathProxy;
    beforeEach(async () => { h = await startHarness(); proxy = await startPathProxy(h.address.port); });
    afterEach(async () => { await proxy?.close(); });

    it('refuses the forwarded address until it is allowed, then serves the page, bundle and socket under its path prefix', async () => {
      const forwarded = `http://${proxy.host}/proxy/${h.address.port}/`;
      const origin = `http://${proxy.host}`;
      const viaProxy = { address: h.address, host: proxy.host };
      assert.equal((await get(viaProxy, `/proxy/${h.address.port}/`, { port: proxy.port })).status, 403, 'DNS-rebinding defence: an unknown Host');

      assert.equal(h.server.allowForwarded(forwarded), true);
      const page = await get(viaProxy, `/proxy/${h.address.port}/`, { port: proxy.port });
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-security-policy']), new RegExp(`connect-src ws://${proxy.host.replace(/\./g, '\\.')} `));
      // Every URL of the page resolves under the prefix, as a browser resolves it.
      const script = /<script nonce="[^"]+" src="([^"]+)">/.exec(page.body)?.[1];
      assert.ok(script);
      const scriptPath = new URL(script, forwarded).pathname;
      assert.equal(scriptPath, `/proxy/${h.address.port}/main.js`);
      assert.equal((await get(viaProxy, scriptPath, { port: proxy.port })).body, 'console.log("bundle")');

      // The socket the page opens (socketUrl of its location) reaches the hub through the prefix.
      const url = socketUrl({ protocol: 'http:', host: proxy.host, pathname: `/proxy/${h.address.port}/` });
      assert.equal(url, `ws://${proxy.host}/proxy/${h.address.port}/ws`);
      const welcome = await openThrough(url, origin, h.address.token);
      assert.equal(welcome.type, 'welcome');
      assert.equal(h.server.connections, 1);
      // Still: another page's origin is refused, and so is a wrong token.
      await assert.rejects(openThrough(url, 'http://evil.example', h.address.token), /403/);
      await assert.rejects(openThrough(url, origin, 'x'.repeat(43)), /closed 1008/);
    });

    it('forgets the forwarded address when it stops: a new start answers only its own until told again', async () => {
      assert.equal(h.server.allowForwarded(`http://${proxy.host}/proxy/${h.address.port}/`), true);
      assert.ok(h.server.allowForwarded('https://name.app.github.dev/'));
      await h.server.stop();
      assert.equal(h.server.allowForwarded('https://name.app.github.dev/'), false, 'not while stopped');
      const again = await h.server.start();
      await proxy.close();
      proxy = await startPathProxy(again.port);
      const viaProxy = { address: again, host: proxy.host };
      assert.equal((await get(viaProxy, `/proxy/${again.port}/`, { port: proxy.port })).status, 403);
      assert.equal((await get({ address: again, host: `127.0.0.1:${again.port}` }, '/')).status, 200);
    });
  });

  describe('limits', () => {
    it('closes a socket that sends more than 1 MiB in one message with 1009, and keeps serving', async () => {
      h = await startHarness();
      const big = await TestClient.ready(h);
      const other = await TestClient.ready(h);
      big.sendRaw(JSON.stringify({ type: 'ping', id: 'x'.repeat(1024 * 1024) }));
      assert.equal(await big.closed, CloseCode.messageTooBig);
      other.send({ type: 'ping', id: 'still-there' });
      await other.waitFor('pong', (m) => m.id === 'still-there');
    });

    it('answers a flood with rate_limited and closes it with 1008', async () => {
      h = await startHarness({ rateBurst: 20, ratePerSecond: 5 });
      const flooder = await TestClient.ready(h);
      const calm = await TestClient.ready(h);
      for (let i = 0; i < 100; i++) flooder.send({ type: 'ping', id: String(i) });
      assert.equal(await flooder.closed, CloseCode.policyViolation);
      assert.equal(flooder.closeReason, 'rate_limited');
      assert.equal(flooder.ofType('error').at(-1)?.code, 'rate_limited');
      assert.ok(flooder.ofType('pong').length < 100);
      calm.send({ type: 'ping', id: 'calm' });
      await calm.waitFor('pong', (m) => m.id === 'calm');
    });

    it('closes connections past the per-token maximum with 1013, and admits one again after a close', async () => {
      h = await startHarness({ maxConnections: 2 });
      const a = await TestClient.ready(h);
      await TestClient.ready(h);
      const third = TestClient.open(h);
      assert.equal(await third.closed, CloseCode.tryAgainLater);
      await a.close();
      await until(() => h.server.connections === 1, 'the closed socket to be forgotten');
      const fourth = await TestClient.ready(h);
      assert.equal(fourth.ofType('welcome').length, 1);
    });

    it('survives 10,000 malformed messages, answering each with an error', async () => {
      h = await startHarness({ rateBurst: 20_000, ratePerSecond: 20_000 });
      const client = await TestClient.ready(h);
      const garbage = ['{', 'null', '[]', '"x"', '{"type":42}', '{"type":"nope"}', '{"type":"subscribe"}', '\u0000\u0001', '{"type":"request","id":1}', 'x'.repeat(1000)];
      for (let i = 0; i < 10_000; i++) client.sendRaw(garbage[i % garbage.length]);
      client.send({ type: 'ping', id: 'after' });
      await client.waitFor('pong', (m) => m.id === 'after');
      assert.equal(client.ofType('error').length, 10_000);
      const other = await TestClient.ready(h);
      assert.equal(other.ofType('welcome').length, 1);
    });

    it('drops a client that stops reading instead of buffering for it, and keeps streaming to the others', async () => {
      h = await startHarness({ maxBufferedBytes: 256 * 1024 }, { maxEventsPerOperation: 5_000 });
      const op = h.bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
      h.bus.setStatus(op.id, 'running');
      const reader = await TestClient.ready(h);
      reader.send({ type: 'subscribe', operationId: op.id, afterSeq: 0 });
      // A raw TCP client that completes the handshake and then never reads a byte.
      const stalled = connect(h.address.port, '127.0.0.1');
      const dropped = () => h.logs.some((l) => l.includes('stopped reading'));
      stalled.on('error', () => undefined);
      await new Promise<void>((resolve) => stalled.once('connect', () => resolve()));
      stalled.write([
        'GET /ws HTTP/1.1', `Host: ${h.host}`, `Origin: http://${h.host}`, 'Upgrade: websocket', 'Connection: Upgrade',
        'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        `Sec-WebSocket-Protocol: ${WS_SUBPROTOCOL}, ${WS_TOKEN_PROTOCOL_PREFIX}${h.address.token}`, '', '',
      ].join('\r\n'));
      await until(() => h.server.connections === 2, 'the stalled client to authenticate');
      stalled.write(maskedTextFrame(JSON.stringify({ type: 'hello', protocol: 1, client: 'stalled' })));
      stalled.write(maskedTextFrame(JSON.stringify({ type: 'subscribe', operationId: op.id, afterSeq: 0 })));
      stalled.pause();
      const payload = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 4000 && !dropped(); i++) {
        h.bus.publish(op.id, { kind: 'info', text: `${i} ${payload}` });
        if (i % 10 === 0) await new Promise((r) => setImmediate(r));
      }
      // The stalled client cannot see its socket end (it reads nothing): the server's side tells.
      await until(dropped, 'the stalled client to be dropped');
      await until(() => h.server.connections === 1, 'the dropped client to be forgotten');
      h.bus.setStatus(op.id, 'succeeded');
      await reader.waitFor('finished');
      assert.equal(reader.ofType('event').length, h.bus.get(op.id)?.lastSeq);
      stalled.destroy();
    });
  });

  describe('heartbeat', () => {
    it('terminates a socket that does not answer pings, and keeps one that does', async () => {
      h = await startHarness({ heartbeatMs: 40 });
      const deaf = await TestClient.ready(h, { autoPong: false });
      const alive = await TestClient.ready(h);
      const code = await deaf.closed;
      assert.equal(code, 1006, 'terminated, not closed politely');
      // The answering client lived through the same beats and a few more.
      await new Promise((r) => setTimeout(r, 200));
      alive.send({ type: 'ping', id: 'alive' });
      await alive.waitFor('pong', (m) => m.id === 'alive');
      assert.equal(h.server.connections, 1);
    });
  });

  describe('presence and live operations', () => {
    it('tells every client how many are connected, live, and shows new operations to all', async () => {
      h = await startHarness();
      const a = await TestClient.ready(h);
      await a.waitFor('presence', (m) => m.clients === 1);
      const b = await TestClient.ready(h);
      await a.waitFor('presence', (m) => m.clients === 2);
      await b.waitFor('presence', (m) => m.clients === 2);
      const started = [a.next('operation'), b.next('operation')];
      const op = h.bus.create({ kind: 'spec', feature: '/f', featureName: 'f', agent: 'scaffold' });
      for (const msg of await Promise.all(started)) assert.equal(msg.summary.id, op.id);
      const backToOne = a.next('presence', (m) => m.clients === 1);
      await b.close();
      await backToOne;
    });
  });
});

interface PathProxy {
  port: number;
  /** `127.0.0.1:<port>`, the Host a browser sends it. */
  host: string;
  close(): Promise<void>;
}

/**
 * A stand-in for code-server's port proxy: `/proxy/<port>/rest` is forwarded to
 * `127.0.0.1:<port>/rest`, the browser's Host and Origin passed on unchanged (http-proxy's
 * default), for requests and WebSocket upgrades alike.
 */
async function startPathProxy(target: number): Promise<PathProxy> {
  const prefix = `/proxy/${target}`;
  const strip = (url = '/'): string | undefined => (url.startsWith(`${prefix}/`) ? url.slice(prefix.length) : undefined);
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = strip(req.url);
    if (!path) return void res.writeHead(404).end();
    const upstream = request({ host: '127.0.0.1', port: target, path, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  server.on('upgrade', (req, client: Socket, head: Buffer) => {
    const path = strip(req.url);
    if (!path) return void client.destroy();
    const upstream = connect(target, '127.0.0.1', () => {
      const headers = Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}`));
      upstream.write([`${req.method} ${path} HTTP/1.1`, ...headers, '', ''].join('\r\n'));
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Opens a socket as the page would (token in the subprotocol), says hello; the welcome, or why not. */
function openThrough(url: string, origin: string, token: string): Promise<{ type: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, [WS_SUBPROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`], { origin });
    socket.on('unexpected-response', (_req, res) => { socket.terminate(); reject(new Error(`status ${res.statusCode}`)); });
    socket.on('error', () => undefined);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test' })));
    socket.on('message', (data) => {
      for (const msg of decodeServerFrame(String(data)) as { type: string }[]) if (msg.type === 'welcome') resolve(msg);
    });
    socket.on('close', (code) => reject(new Error(`closed ${code}`)));
  });
}

/** A client→server text frame, masked as RFC 6455 requires (payloads under 64 KiB). */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const mask = Buffer.from([1, 2, 3, 4]);
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  return Buffer.concat([header, mask, body]);
}

describe('host policy', () => {
  it('accepts loopback names for a loopback bind, and only the bound port', () => {
    const p = new HostPolicy('127.0.0.1', 4000);
    assert.ok(p.allowsHost('127.0.0.1:4000'));
    assert.ok(p.allowsHost('LOCALHOST:4000'));
    assert.ok(!p.allowsHost('127.0.0.1:4001'));
    assert.ok(!p.allowsHost('evil.example:4000'));
    assert.ok(!p.allowsHost(undefined));
    assert.ok(p.allowsOrigin('http://localhost:4000', 'localhost:4000'));
    assert.ok(!p.allowsOrigin('http://localhost:4000', '127.0.0.1:4000'), 'the origin must be the page the Host served');
    assert.ok(!p.allowsOrigin('https://127.0.0.1:4000', '127.0.0.1:4000'));
    assert.ok(!p.allowsOrigin('null', '127.0.0.1:4000'));
  });

  it('brackets IPv6 and takes extra names', () => {
    const p = new HostPolicy('::1', 4000, ['devbox']);
    assert.ok(p.allowsHost('[::1]:4000'));
    assert.ok(p.allowsHost('devbox:4000'));
  });
});

describe('token bucket', () => {
  it('allows a burst, then the refill rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 2, now: () => now });
    assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false]);
    now = 499;
    assert.equal(bucket.take(), false);
    now = 500;
    assert.equal(bucket.take(), true);
    now = 100_000;
    assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false], 'never more than the burst');
  });
});
