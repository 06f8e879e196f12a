/** Items 1–4 of issue 17 against a real `specwright serve`: nobody in, bad input, limits, disconnects. */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { helloAccepted, openSocket, openWithRetry, request, rssMb, setMode, sleep, until, type OpenSocket, type Row, type Serve } from './lib';

export interface Sizes { attempts: number; malformed: number; events: number; drops: number; silent: number; connections: number }

const row = (item: string, check: string, figure: string | number, expected: string, ok: boolean): Row => ({ item, check, figure: String(figure), expected, ok });

/** 1. Nobody in. */
export async function nobodyIn(serve: Serve, sizes: Sizes): Promise<Row[]> {
  const host = `127.0.0.1:${serve.port}`;
  const cases: Array<{ name: string; options: Parameters<typeof openSocket>[1]; auth?: 'query' }> = [
    { name: 'no token', options: { token: null } },
    { name: 'wrong token', options: { token: randomBytes(32).toString('base64url') } },
    { name: 'token in the query string', options: { token: null, path: `/ws?token=${serve.token}` } },
    { name: 'Origin http://evil.example', options: { origin: 'http://evil.example' } },
    { name: 'Origin null', options: { origin: 'null' } },
    { name: 'no Origin', options: { origin: null } },
    { name: 'Host evil.example (DNS rebinding)', options: { host: `evil.example:${serve.port}`, origin: `http://evil.example:${serve.port}` } },
    { name: 'wrong path /socket', options: { path: '/socket' } },
    { name: '[::1] with the token', options: { address: '::1' } },
    { name: '[::1] without the token', options: { address: '::1', token: null } },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    let accepted = 0;
    for (let i = 0; i < sizes.attempts; i++) {
      const s = await openWithRetry(serve, c.options);
      if (await helloAccepted(s, 4_000)) accepted++;
      s.ws.terminate();
    }
    rows.push(row('1 nobody in', `${c.name}: accepted of ${sizes.attempts}`, accepted, '0', accepted === 0));
  }
  let good = 0;
  for (let i = 0; i < sizes.attempts; i++) {
    const s = await openWithRetry(serve);
    if (await helloAccepted(s)) good++;
    s.ws.terminate();
  }
  rows.push(row('1 nobody in', `right token and Origin: accepted of ${sizes.attempts}`, good, String(sizes.attempts), good === sizes.attempts));

  // HTTP: nothing outside the bundle, ever.
  const traversal = ['/../cli.js', '/..%2fcli.js', '/%2e%2e/cli.js', '/%2e%2e%2fcli.js', '/..\\cli.js', '/%5c..%5ccli.js', '/main.js%00.css', '/....//cli.js', '//etc/passwd', '/%2fetc%2fpasswd', '/.%2e/.%2e/package.json', '/webview/../../package.json'];
  let served = 0;
  for (const path of traversal) {
    const r = await http(serve.port, 'GET', path, host);
    if (r.status === 200 && !r.body.startsWith('<!doctype html')) served++;
  }
  rows.push(row('1 nobody in', `path traversal (${traversal.length} forms): files served outside the bundle`, served, '0', served === 0));
  const long = await http(serve.port, 'GET', `/${'a'.repeat(1024 * 1024)}`, host);
  rows.push(row('1 nobody in', '1 MB URL: status', long.status === 0 ? 'connection closed' : long.status, '414/431/400 or closed', long.status !== 200));
  const head = await http(serve.port, 'HEAD', '/', host);
  const options = await http(serve.port, 'OPTIONS', '/', host);
  const post = await http(serve.port, 'POST', '/', host);
  rows.push(row('1 nobody in', 'HEAD / · OPTIONS / · POST /', `${head.status} · ${options.status} · ${post.status}`, '200 · 405 · 405', head.status === 200 && options.status === 405 && post.status === 405));
  const page = await http(serve.port, 'GET', '/', host);
  const h = page.headers;
  const headersOk = /default-src 'none'/.test(String(h['content-security-policy'])) && h['x-content-type-options'] === 'nosniff' && h['referrer-policy'] === 'no-referrer' && /no-store/.test(String(h['cache-control']));
  rows.push(row('1 nobody in', 'page headers: CSP, nosniff, no-referrer, Cache-Control', headersOk ? 'all present' : JSON.stringify(h), 'all present', headersOk));
  const rebound = await http(serve.port, 'GET', '/', `evil.example:${serve.port}`);
  rows.push(row('1 nobody in', 'page for Host evil.example: status', rebound.status, '403', rebound.status === 403));
  return rows;
}

/** 2. Bad input, with a second client following a live run meanwhile. */
export async function badInput(serve: Serve, root: string, featureDir: string, sizes: Sizes): Promise<Row[]> {
  const rows: Row[] = [];
  setMode(root, 'lines', String(Math.max(2_000, sizes.malformed)), '1');
  const watcher = await openWithRetry(serve);
  await helloAccepted(watcher);
  const started = await request(watcher, 'generate', { kind: 'spec', feature: featureDir, prompt: 'bad input' });
  const operationId = (started?.result as { operationId?: string } | undefined)?.operationId;
  if (operationId) watcher.send({ type: 'subscribe', operationId, afterSeq: 0 });
  const rssBefore = rssMb(serve.child.pid);
  const kinds = [
    () => randomBytes(64).toString('latin1'),
    () => '{"type":',
    () => JSON.stringify({ type: 'request', id: 5, method: [], params: 'x' }),
    () => JSON.stringify({ type: 'no-such-type' }),
    () => JSON.stringify({ type: 'subscribe', operationId: { $gt: '' }, afterSeq: -1 }),
    () => `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    () => JSON.stringify({ type: 'request', id: 'x', method: 'generate', params: { kind: 'spec', feature: '../../../etc', prompt: 'x'.repeat(200_000) } }),
    () => Buffer.from(randomBytes(32)),
  ];
  let sent = 0;
  let errors = 0;
  const closes = new Map<string, number>();
  const errorCodes = new Set<string>();
  while (sent < sizes.malformed) {
    const s = await openWithRetry(serve);
    if (!(await helloAccepted(s))) { s.ws.terminate(); await sleep(100); continue; }
    // Under the per-socket burst, so the rate limit does not end the test early.
    const batch = Math.min(150, sizes.malformed - sent);
    for (let i = 0; i < batch; i++) {
      const make = kinds[(sent + i) % kinds.length];
      const data = make();
      if (Buffer.isBuffer(data)) s.ws.send(data, { binary: true }); else s.send(data);
    }
    sent += batch;
    s.send({ type: 'ping', id: 'last' });
    await Promise.race([s.waitFor((m) => m.type === 'pong', 10_000), s.closed]);
    for (const m of s.messages) if (m.type === 'error') { errors++; errorCodes.add(String(m.code)); }
    s.ws.close();
    const code = await Promise.race([s.closed, sleep(2_000).then(() => 0)]);
    if (code !== 1000 && code !== 1005) closes.set(String(code), (closes.get(String(code)) ?? 0) + 1);
  }
  // 10 MB strings: over the frame limit, so the connection is closed 1009.
  for (let i = 0; i < 3; i++) {
    const s = await openWithRetry(serve);
    await helloAccepted(s);
    s.send(JSON.stringify({ type: 'request', id: 'big', method: 'generate', params: { prompt: 'z'.repeat(10 * 1024 * 1024) } }));
    const code = await Promise.race([s.closed, sleep(10_000).then(() => 0)]);
    closes.set(String(code), (closes.get(String(code)) ?? 0) + 1);
    s.ws.terminate();
  }
  await sleep(1_000);
  const rssAfter = rssMb(serve.child.pid);
  const alive = (await http(serve.port, 'GET', '/healthz', `127.0.0.1:${serve.port}`)).status === 200;
  rows.push(row('2 bad input', `${sent.toLocaleString('en-US')} malformed messages + 3 × 10 MB: server alive`, alive ? 'yes' : 'no', 'yes', alive));
  rows.push(row('2 bad input', 'error replies (stable codes)', `${errors.toLocaleString('en-US')} (${[...errorCodes].sort().join(', ')})`, `≥ ${Math.floor(sent * 0.8)}`, errors >= Math.floor(sent * 0.8)));
  rows.push(row('2 bad input', 'connections closed by the server, by code', [...closes].map(([c, n]) => `${c}×${n}`).join(' ') || 'none', '1009 for 10 MB only', [...closes.keys()].every((c) => c === '1009')));
  rows.push(row('2 bad input', 'server RSS before → after (MB)', `${rssBefore} → ${rssAfter}`, `growth < 150`, rssAfter - rssBefore < 150));
  // The other client kept receiving the live run without a gap.
  const finished = await watcher.waitFor((m) => m.type === 'finished' && m.operationId === operationId, 120_000);
  const seqs = watcher.messages.filter((m) => m.type === 'event' && m.operationId === operationId).map((m) => Number(m.seq));
  const gaps = watcher.messages.filter((m) => m.type === 'gap').length + missing(seqs, Number(finished?.lastSeq ?? 0));
  rows.push(row('2 bad input', `second client during the flood: events received / gaps`, `${seqs.length.toLocaleString('en-US')} / ${gaps}`, `all / 0`, !!finished && gaps === 0));
  watcher.ws.terminate();
  return rows;
}

/** 3. Limits. */
export async function limits(serve: Serve, sizes: Sizes): Promise<Row[]> {
  const rows: Row[] = [];
  for (const mb of [2, 20]) {
    const s = await openWithRetry(serve);
    await helloAccepted(s);
    s.send(JSON.stringify({ type: 'ping', id: 'x'.repeat(mb * 1024 * 1024) }));
    const code = await Promise.race([s.closed, sleep(10_000).then(() => 0)]);
    rows.push(row('3 limits', `${mb} MB frame: close code`, code, '1009', code === 1009));
  }
  {
    const s = await openWithRetry(serve);
    await helloAccepted(s);
    for (let i = 0; i < 1_000; i++) s.send({ type: 'ping', id: `p${i}` });
    const code = await Promise.race([s.closed, sleep(10_000).then(() => 0)]);
    const limited = s.messages.some((m) => m.type === 'error' && m.code === 'rate_limited');
    rows.push(row('3 limits', '1,000-ping flood: close code, error', `${code}${limited ? ' rate_limited' : ''}`, '1008 rate_limited', code === 1008 && limited));
  }
  {
    const sockets: OpenSocket[] = [];
    for (let i = 0; i < sizes.connections; i++) sockets.push(await openWithRetry(serve));
    await sleep(500);
    const open = sockets.filter((s) => s.ws.readyState === s.ws.OPEN).length;
    const codes = await Promise.all(sockets.map((s) => (s.ws.readyState === s.ws.OPEN ? Promise.resolve(0) : s.closed)));
    const tryLater = codes.filter((c) => c === 1013).length;
    rows.push(row('3 limits', `${sizes.connections} sockets with one token: kept / closed 1013`, `${open} / ${tryLater}`, `32 / ${sizes.connections - 32}`, open === 32 && tryLater === sizes.connections - 32));
    for (const s of sockets) s.ws.terminate();
  }
  {
    // Pre-auth: silent sockets (no token, never a message) and raw TCP connections that never send a request.
    await sleep(2_500);
    const silent: OpenSocket[] = [];
    for (let i = 0; i < sizes.silent; i++) silent.push(openSocket(serve, { token: null }));
    const outcomes = await Promise.all(silent.map((s) => s.outcome));
    const held = outcomes.filter((o) => o === 'open').length;
    const refused = outcomes.filter((o) => o === 503 || o === 429).length;
    const t0 = Date.now();
    await Promise.all(silent.map((s) => Promise.race([s.closed, sleep(15_000)])));
    const heldFor = ((Date.now() - t0) / 1000).toFixed(1);
    rows.push(row('3 limits', `${sizes.silent} unauthenticated sockets: held / refused (503, 429) / closed after`, `${held} / ${refused} / ${heldFor} s`, '≤ 16 / rest / ≤ 3.5 s', held <= 16 && held + refused === sizes.silent && Number(heldFor) <= 3.5));
    const raw = await Promise.all(Array.from({ length: 50 }, () => rawIdle(serve.port)));
    const maxIdle = Math.max(...raw);
    rows.push(row('3 limits', '50 TCP connections that never send a request: cut after (s)', maxIdle.toFixed(1), '≤ 7', maxIdle <= 7));
  }
  return rows;
}

/** 4. Disconnects: a client dropping its socket at random points of a long run resumes without gap or duplicate. */
export async function disconnects(serve: Serve, root: string, featureDir: string, events: number, drops: number, awayMs = 0): Promise<Row[]> {
  await sleep(2_500);
  setMode(root, 'lines', String(events), events > 20_000 ? '10' : '2');
  let s = await openWithRetry(serve);
  await helloAccepted(s);
  const started = await request(s, 'generate', { kind: 'spec', feature: featureDir, prompt: `disconnects ${events}` });
  const operationId = String((started?.result as { operationId?: string } | undefined)?.operationId);
  const seen = new Map<number, number>();
  let gaps = 0;
  let missed = 0;
  let last = 0;
  let finished: Record<string, unknown> | undefined;
  const dropAt = new Set(Array.from({ length: drops }, () => 1 + Math.floor(Math.random() * (events - 1))));
  const consume = (socket: OpenSocket, from: number): number => {
    let i = from;
    for (; i < socket.messages.length; i++) {
      const m = socket.messages[i];
      if (m.operationId !== operationId) continue;
      if (m.type === 'event') {
        const seq = Number(m.seq);
        seen.set(seq, (seen.get(seq) ?? 0) + 1);
        last = Math.max(last, seq);
      } else if (m.type === 'gap') { gaps++; missed += Number(m.missed); } else if (m.type === 'finished') finished = m;
    }
    return i;
  };
  let dropped = 0;
  s.send({ type: 'subscribe', operationId, afterSeq: 0 });
  const deadline = Date.now() + 600_000;
  while (!finished && Date.now() < deadline) {
    let read = 0;
    for (;;) {
      await sleep(5);
      read = consume(s, read);
      if (finished) break;
      const due = [...dropAt].find((at) => at <= last);
      if (due !== undefined) { dropAt.delete(due); break; }
      if (s.ws.readyState !== s.ws.OPEN || Date.now() > deadline) break;
    }
    if (finished) break;
    s.ws.terminate();
    dropped++;
    // At the 100,000 size the client stays away long enough to miss more than the 1,000 events
    // the bus keeps in memory: what journal-backed replay must fill (0 gaps once it does).
    if (awayMs) await sleep(awayMs / 2 + Math.random() * awayMs);
    s = await openWithRetry(serve);
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'faults', resume: [{ operationId, afterSeq: last }] });
    await s.waitFor((m) => m.type === 'welcome');
  }
  s.ws.terminate();
  const lastSeq = Number(finished?.lastSeq ?? 0);
  const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
  const holes = missing([...seen.keys()], lastSeq);
  const label = `${events.toLocaleString('en-US')} events, ${dropped} drops${awayMs ? `, away ${awayMs / 2}–${awayMs * 1.5} ms each` : ''}`;
  return [
    row('4 disconnects', `${label}: events received / run's events`, `${seen.size.toLocaleString('en-US')} / ${lastSeq.toLocaleString('en-US')}`, 'equal', !!finished && seen.size === lastSeq),
    row('4 disconnects', `${label}: gaps (missed events) / duplicates`, `${gaps + (holes ? 1 : 0)} (${missed + holes}) / ${duplicates}`, '0 / 0', gaps === 0 && holes === 0 && duplicates === 0),
  ];
}

/** Cancels through the hub (part of item 6): a run cancelled at a random moment by a browser client. */
export async function hubCancels(serve: Serve, root: string, featureDir: string, runs: number): Promise<{ cancelled: number; other: number }> {
  setMode(root, 'tree');
  let cancelled = 0;
  let other = 0;
  const s = await openWithRetry(serve);
  await helloAccepted(s);
  for (let i = 0; i < runs; i++) {
    const started = await request(s, 'generate', { kind: 'spec', feature: featureDir, prompt: `cancel ${i}` });
    const operationId = (started?.result as { operationId?: string } | undefined)?.operationId;
    if (!operationId) { other++; continue; }
    s.send({ type: 'subscribe', operationId, afterSeq: 0 });
    await sleep(100 + Math.floor(Math.random() * 800));
    await request(s, 'cancel', { operationId });
    const fin = await s.waitFor((m) => m.type === 'finished' && m.operationId === operationId, 30_000);
    if (fin?.status === 'cancelled') cancelled++; else other++;
  }
  s.ws.terminate();
  return { cancelled, other };
}

function missing(seqs: number[], lastSeq: number): number {
  const set = new Set(seqs);
  let n = 0;
  for (let i = 1; i <= lastSeq; i++) if (!set.has(i)) n++;
  return n;
}

function http(port: number, method: string, path: string, host: string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolvePromise) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { Host: host }, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { if (body.length < 4096) body += d.toString('utf8'); });
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', () => resolvePromise({ status: 0, body: '', headers: {} }));
    req.on('timeout', () => { req.destroy(); resolvePromise({ status: 0, body: '', headers: {} }); });
    req.end();
  });
}

/** Seconds until the server cuts a TCP connection that never sends anything (at most 15). */
function rawIdle(port: number): Promise<number> {
  return new Promise((resolvePromise) => {
    const t0 = Date.now();
    const socket = connect(port, '127.0.0.1');
    const done = () => { socket.destroy(); resolvePromise((Date.now() - t0) / 1000); };
    socket.on('close', done);
    socket.on('error', done);
    socket.setTimeout(15_000, done);
    void until(() => false, 0);
  });
}
