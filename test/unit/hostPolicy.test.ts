import assert from 'node:assert/strict';
import { HostPolicy } from '../../src/core/server/hostPolicy';
import { socketUrl } from '../../webview/transport/token';

describe('host policy: forwarded addresses (VS Code running remotely)', () => {
  it('refuses a forwarded host and origin until VS Code names them, then accepts exactly those', () => {
    const p = new HostPolicy('127.0.0.1', 4000);
    const codespace = 'https://name-4000.app.github.dev';
    assert.ok(!p.allowsHost('name-4000.app.github.dev'));
    assert.ok(!p.allowsOrigin(codespace, 'name-4000.app.github.dev'));

    assert.equal(p.allowForwarded(`${codespace}/`), true);
    assert.ok(p.allowsHost('name-4000.app.github.dev'));
    assert.ok(p.allowsHost('NAME-4000.app.github.dev'));
    assert.ok(p.allowsOrigin(codespace, 'name-4000.app.github.dev'), 'an https origin');
    // Exactly that host: no other subdomain, no other port, no look-alike.
    assert.ok(!p.allowsHost('other-4000.app.github.dev'));
    assert.ok(!p.allowsHost('name-4000.app.github.dev:8443'));
    assert.ok(!p.allowsHost('app.github.dev'));
    assert.ok(!p.allowsHost('name-4000.app.github.dev.evil.example'));
    // Exactly that origin: not its http twin, not another page's.
    assert.ok(!p.allowsOrigin('http://name-4000.app.github.dev', 'name-4000.app.github.dev'));
    assert.ok(!p.allowsOrigin('https://evil.example', 'name-4000.app.github.dev'));
    assert.ok(!p.allowsOrigin('null', 'name-4000.app.github.dev'));
    // The local address is still answered as before.
    assert.ok(p.allowsOrigin('http://127.0.0.1:4000', '127.0.0.1:4000'));
    assert.ok(!p.allowsOrigin('http://localhost:4000', '127.0.0.1:4000'));
    assert.deepEqual(p.list().filter((h) => h.includes('github')), ['name-4000.app.github.dev']);
  });

  it('takes a forward under a path prefix (code-server) by its origin, and one whose proxy rewrites Host', () => {
    const p = new HostPolicy('127.0.0.1', 4000);
    assert.equal(p.allowForwarded('http://127.0.0.1:8080/proxy/4000/'), true);
    // code-server passes the browser's Host through.
    assert.ok(p.allowsHost('127.0.0.1:8080'));
    assert.ok(p.allowsOrigin('http://127.0.0.1:8080', '127.0.0.1:8080'));
    // A proxy that rewrites Host to the local address: the page's origin is still the forwarded one.
    assert.ok(p.allowsOrigin('http://127.0.0.1:8080', 'localhost:4000'));
    // Another port of the same machine is not the forward.
    assert.ok(!p.allowsHost('127.0.0.1:8081'));
    assert.ok(!p.allowsOrigin('http://127.0.0.1:8081', '127.0.0.1:8080'));
  });

  it('compares default ports as browsers send them', () => {
    const p = new HostPolicy('127.0.0.1', 4000);
    assert.equal(p.allowForwarded('https://devbox.example:443/'), true);
    assert.ok(p.allowsHost('devbox.example'));
    assert.ok(p.allowsOrigin('https://devbox.example', 'devbox.example'));
  });

  it('refuses what is not an http(s) origin with a host, and never a pattern', () => {
    const p = new HostPolicy('127.0.0.1', 4000);
    const before = p.list();
    for (const bad of ['', 'not a url', 'file:///tmp/x', 'vscode-remote://ssh/x', 'ws://devbox:4000/', 'javascript:alert(1)', 'http://user:pw@devbox.example/', 'https://*.app.github.dev/', 'http://*:4000/']) {
      assert.equal(p.allowForwarded(bad), false, bad);
    }
    assert.deepEqual(p.list(), before);
    assert.ok(!p.allowsHost('*.app.github.dev'));
  });
});

describe('socket address of the page', () => {
  it('is `ws` beside the page, on the page\'s origin, so it follows a path prefix', () => {
    assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:4000', pathname: '/' }), 'ws://127.0.0.1:4000/ws');
    assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:4000', pathname: '/index.html' }), 'ws://127.0.0.1:4000/ws');
    assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:8080', pathname: '/proxy/4000/' }), 'ws://127.0.0.1:8080/proxy/4000/ws');
    assert.equal(socketUrl({ protocol: 'https:', host: 'name-4000.app.github.dev', pathname: '/' }), 'wss://name-4000.app.github.dev/ws');
    assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:4000' }), 'ws://127.0.0.1:4000/ws');
  });
});
