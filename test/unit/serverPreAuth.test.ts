import * as assert from 'node:assert/strict';
import { CloseCode, DEFAULT_LIMITS } from '../../src/core/server/webUiServer';
import { startHarness, TestClient, type Harness } from './helpers/webUiHarness';

/** Waits until the socket opened or was refused, and says which. */
async function outcome(client: TestClient): Promise<'open' | number> {
  try {
    await client.opened();
    return 'open';
  } catch {
    await client.closed;
    return client.unexpectedStatus ?? client.closeCode ?? -1;
  }
}

describe('Web UI server: sockets before authentication', () => {
  let h: Harness;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.terminate();
    await h?.close();
  });

  it('holds at most maxUnauthenticated silent sockets; the next ones get HTTP 503, a client with the token still gets in', async () => {
    h = await startHarness({ maxUnauthenticated: 8, authTimeoutMs: 60_000 });
    const silent = Array.from({ length: 40 }, () => TestClient.open(h, { auth: 'none' }));
    clients.push(...silent);
    const results = [];
    for (const c of silent) results.push(await outcome(c));
    assert.equal(results.filter((r) => r === 'open').length, 8);
    assert.equal(results.filter((r) => r === 503).length, 32);
    assert.equal(h.server.unauthenticated, 8);
    const good = await TestClient.ready(h);
    clients.push(good);
    assert.equal(good.ofType('welcome').length, 1);
  });

  it('refuses handshakes past the per-address rate with HTTP 429 before any handshake', async () => {
    h = await startHarness({ handshakeBurst: 5, handshakesPerSecond: 0.001 });
    const tries = Array.from({ length: 12 }, () => TestClient.open(h));
    clients.push(...tries);
    const results = [];
    for (const c of tries) results.push(await outcome(c));
    assert.equal(results.filter((r) => r === 'open').length, 5);
    assert.equal(results.filter((r) => r === 429).length, 7);
  });

  it('closes a socket that presents no token within 3 s by default (1008), and refused ones stop counting at once', async () => {
    assert.ok(DEFAULT_LIMITS.authTimeoutMs <= 3_000, `auth timeout ${DEFAULT_LIMITS.authTimeoutMs} ms`);
    assert.ok(DEFAULT_LIMITS.maxUnauthenticated <= 32);
    h = await startHarness({ maxUnauthenticated: 4, authTimeoutMs: 200 });
    const wrong = Array.from({ length: 20 }, () => TestClient.open(h, { token: 'y'.repeat(43) }));
    clients.push(...wrong);
    for (const c of wrong) assert.equal(await c.closed, CloseCode.policyViolation);
    const silent = TestClient.open(h, { auth: 'none' });
    clients.push(silent);
    assert.equal(await silent.closed, CloseCode.policyViolation);
    assert.equal(h.server.unauthenticated, 0);
  });
});
