/**
 * The external web UI in a real browser: Debian's chromium, driven by playwright-core, against
 * the server `specwright serve` runs (started in-process, so the test can cut its sockets the
 * way a network would).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { startServe, type RunningServe } from '../../src/cli/serve';
import { WS_SUBPROTOCOL } from '../../src/protocol';
import { tickingAgent } from '../fixtures/agents/tickingAgent';
import { artifactPath, ensureBundle, launchChromium, REPO } from './browser';

const DESCRIPTION = 'Users organise photos into albums by date, drag and drop albums to reorder them, and share an album with a read-only link';
const TICKS = 120;
/** Events of the long run: far more rows than fit on screen. */
const LONG_RUN = 3000;

/** What the functions run in the page below use of it (this project's Node typings have no DOM). */
declare function requestAnimationFrame(callback: () => void): number;
interface Slot { dataset: { seq?: string }; textContent: string | null }

/** Lets the page handle a scroll and render (two frames). */
const frames = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

/**
 * The numbers of the "tick NNN" rows of the conversation, in order. The list renders only the
 * rows near the viewport, so this scrolls it from the top to the end a viewport at a time and
 * reads each row once by its seq: a tick that came twice (under two seqs) shows up twice.
 */
async function ticksShown(page: Page): Promise<number[]> {
  const list = page.locator('.event-list');
  const bySeq = new Map<number, string>();
  await list.evaluate((el) => { el.scrollTop = 0; });
  for (let step = 0; step < 1000; step++) {
    await frames(page);
    const rows = await page.locator('.event-slot').evaluateAll((els) => (els as unknown as Slot[]).map((e) => [Number(e.dataset.seq), e.textContent ?? ''] as const));
    for (const [seq, text] of rows) bySeq.set(seq, text);
    const moved = await list.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollTop = before + el.clientHeight;
      return el.scrollTop > before;
    });
    if (!moved) break;
  }
  const texts = [...bySeq.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  return texts.map((t) => /tick (\d{3})/.exec(t)?.[1]).filter((n): n is string => n !== undefined).map(Number);
}

async function waitForTick(page: Page, n: number): Promise<void> {
  await page.locator('.row.info', { hasText: `tick ${String(n).padStart(3, '0')}` }).waitFor();
}

/**
 * Waits until the stream has reached tick `n` (that row or a later one is shown). The list keeps
 * only the rows near the view and follows the stream, so on a slow machine row `n` itself may
 * already have scrolled out of the DOM by the time the page first paints.
 */
async function waitForTickAtLeast(page: Page, n: number): Promise<void> {
  await page.waitForFunction((min) => Array.from((globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document.querySelectorAll('.row.info'))
    .some((row) => Number(/tick (\d{3})/.exec(row.textContent ?? '')?.[1] ?? 0) >= min), n);
}

describe('web UI in a browser (chromium)', function () {
  this.timeout(120_000);
  let workspace: string;
  let bundle: string;
  let serve: RunningServe;
  let browser: Browser;
  const serverLog: string[] = [];
  /** Pages a test opened; closed after it even when it failed, so viewer counts start clean. */
  const pages: Page[] = [];

  before(async () => {
    // A copy of the bundle, so a rebuild of dist/ during the run cannot pull files from under the server.
    bundle = await mkdtemp(join(tmpdir(), 'sw-e2e-bundle-'));
    await cp(ensureBundle(), bundle, { recursive: true });
    workspace = await mkdtemp(join(tmpdir(), 'sw-e2e-ws-'));
    await cp(join(REPO, 'examples', 'photo-app'), workspace, { recursive: true });
    serve = await startServe({ workspace, port: 0, agent: 'scaffold', open: false }, { staticDir: bundle, log: (m) => serverLog.push(m) });
    serve.core.agents.register(tickingAgent(TICKS, 25));
    serve.core.agents.register(tickingAgent(LONG_RUN, 0, 'burst'));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    await rm(workspace, { recursive: true, force: true });
    await rm(bundle, { recursive: true, force: true });
  });

  afterEach(async () => {
    for (const page of pages.splice(0)) if (!page.isClosed()) await page.close();
  });

  async function openPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    pages.push(page);
    page.on('pageerror', (error) => serverLog.push(`page error: ${error.message}`));
    await page.goto(serve.address.url);
    await page.locator('.connection-indicator[data-state="connected"]').waitFor();
    return page;
  }

  it('opens the served URL, keeps the token out of the address bar, and generates a spec with the offline agent, streamed live', async () => {
    const page = await openPage();
    assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
    const csp = (await page.request.get(serve.address.origin)).headers()['content-security-policy'];
    assert.match(csp, /default-src 'none'/);

    await page.locator('vscode-textarea textarea').fill(DESCRIPTION);
    await page.locator('vscode-button', { hasText: 'Generate spec' }).click();
    await page.locator('.row.tool', { hasText: 'Write spec.md' }).waitFor();
    await page.locator('.row.complete').waitFor();
    assert.match(await page.locator('.row.message').last().innerText(), /Wrote spec\.md with \d+ sections/);
    const spec = await readFile(join(workspace, 'specs', '001-photo-albums', 'spec.md'), 'utf8');
    assert.match(spec, /# Feature Specification/);
    await page.screenshot({ path: artifactPath('web-ui-generated.png'), fullPage: true });
    await page.close();
  });

  it('cut mid-stream: the indicator goes to reconnecting, and the stream continues without gaps or duplicates', async () => {
    const page = await openPage();
    const { operationId, done } = await serve.core.generation.start({
      kind: 'spec', featureDir: join(workspace, 'specs', '001-photo-albums'), userPrompt: 'ticks', agent: 'ticker',
    });
    // The page was not asked for this run: a run that starts while a tab watches comes to it.
    await waitForTickAtLeast(page, 20);
    assert.ok(serve.server.dropConnections() >= 1);
    await page.locator('.connection-indicator[data-state="reconnecting"]').waitFor();
    assert.match(await page.locator('.connection-indicator').innerText(), /Reconnecting/);
    await page.screenshot({ path: artifactPath('web-ui-reconnecting.png') });
    await page.locator('.connection-indicator[data-state="connected"]').waitFor({ timeout: 15_000 });
    await done;
    await waitForTick(page, TICKS);
    const ticks = await ticksShown(page);
    assert.deepEqual(ticks, Array.from({ length: TICKS }, (_, i) => i + 1), 'every tick exactly once, in order');
    assert.ok(serve.core.renderedSeq(operationId) >= TICKS, 'the page acknowledged rendering the whole stream');
    await page.screenshot({ path: artifactPath('web-ui-after-reconnect.png'), fullPage: true });
    await page.close();
  });

  it('a second tab raises the viewer count in the first, live, and both see a new run start', async () => {
    const first = await openPage();
    await first.locator('.presence-count[data-viewers="1"]').waitFor();
    const second = await openPage();
    await first.locator('.presence-count[data-viewers="2"]').waitFor();
    await second.locator('.presence-count[data-viewers="2"]').waitFor();

    const { done } = await serve.core.generation.start({
      kind: 'spec', featureDir: join(workspace, 'specs', '001-photo-albums'), userPrompt: 'ticks', agent: 'ticker',
    });
    await Promise.all([waitForTickAtLeast(first, 5), waitForTickAtLeast(second, 5)]);
    await done;
    await first.screenshot({ path: artifactPath('web-ui-two-viewers.png') });

    await second.close();
    await first.locator('.presence-count[data-viewers="1"]').waitFor();
    await first.close();
  });

  it('a reload resumes from the saved state and keeps the same events once each', async () => {
    const page = await openPage();
    const { done } = await serve.core.generation.start({
      kind: 'spec', featureDir: join(workspace, 'specs', '001-photo-albums'), userPrompt: 'ticks', agent: 'ticker',
    });
    await waitForTickAtLeast(page, 10);
    await page.reload();
    await page.locator('.connection-indicator[data-state="connected"]').waitFor();
    await done;
    await waitForTick(page, TICKS);
    assert.deepEqual(await ticksShown(page), Array.from({ length: TICKS }, (_, i) => i + 1));
    await page.close();
  });

  it('a long run keeps only the rows near the view in the DOM; Home reaches the first, "Jump to latest" the last', async () => {
    const page = await openPage();
    await serve.core.generation.start({
      kind: 'spec', featureDir: join(workspace, 'specs', '001-photo-albums'), userPrompt: 'burst', agent: 'burst',
    });
    await waitForTick(page, LONG_RUN);
    const content = page.locator('.event-list-content');
    assert.ok(Number(await content.getAttribute('data-rows')) >= LONG_RUN, 'the timeline holds every event');
    const inDom = await page.locator('.event-slot').count();
    assert.ok(inDom > 0 && inDom < 300, `only the rows near the view are rendered (${inDom} of ${LONG_RUN})`);

    await page.locator('.event-list').focus();
    await page.keyboard.press('Home');
    await waitForTick(page, 1);
    await page.locator('.jump-latest').waitFor();
    assert.ok(await page.locator('.event-slot').count() < 300);
    await page.screenshot({ path: artifactPath('web-ui-long-run-top.png') });
    await page.locator('.jump-latest').click();
    await waitForTick(page, LONG_RUN);
    await page.locator('.jump-latest').waitFor({ state: 'detached' });
    await page.close();
  });

  it('what the agent reports about its run (tokens, cost) is in the operation header and its History row', async () => {
    // The real Claude Code adapter in stream-json mode, pointed by the workspace's own settings
    // file (written while serve runs: it is read at each run) at a fake CLI whose final `result`
    // line carries usage and cost.
    const specwright = join(workspace, '.specwright');
    await mkdir(specwright, { recursive: true });
    await writeFile(join(specwright, 'config.json'), JSON.stringify({ claude: { path: join(REPO, 'test', 'fixtures', 'fake-agents', 'claude'), mode: 'stream-json' } }));
    const page = await openPage();
    const featureDir = join(workspace, 'specs', '001-photo-albums');
    const { done } = await serve.core.generation.start({ kind: 'spec', featureDir, userPrompt: `write=${join(featureDir, 'spec.md')}`, agent: 'claude' });
    const outcome = await done;
    assert.equal(outcome.status, 'succeeded', outcome.reason);
    const facts = page.locator('.op-facts');
    await facts.waitFor();
    assert.match(await facts.innerText(), /10 in · 20 out · \$0\.50/);
    assert.equal(await facts.locator('span').first().getAttribute('title'), '10 input tokens, 20 output tokens');
    await page.locator('.history-tabs [role="tab"]', { hasText: 'History' }).click();
    const row = page.locator('.history-row', { hasText: 'claude' }).first();
    await row.waitFor();
    assert.match(await row.locator('.history-meta').innerText(), /10 in · 20 out · \$0\.50/);
    await page.screenshot({ path: artifactPath('web-ui-usage.png'), fullPage: true });
    await rm(specwright, { recursive: true, force: true });
  });

  it('nothing went wrong in the pages', () => {
    assert.deepEqual(serverLog.filter((l) => l.startsWith('page error')), []);
  });
});

describe('specwright serve (the built CLI)', function () {
  this.timeout(60_000);

  it('prints the address with a token, answers /healthz, refuses a socket without the token, and stops on SIGTERM', async () => {
    ensureBundle();
    const workspace = await mkdtemp(join(tmpdir(), 'sw-e2e-cli-'));
    const child = spawn(process.execPath, [join(REPO, 'dist', 'cli.js'), 'serve', '--workspace', workspace, '--port', '0', '--agent', 'scaffold'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const found = /http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}/.exec(out);
          if (found) resolve(found[0]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const origin = new URL(url).origin;
      const health = await fetch(`${origin}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const page = await fetch(`${origin}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'nonce-/);
      const noToken = new WebSocket(`ws://${new URL(url).host}/ws`, [WS_SUBPROTOCOL], { origin });
      noToken.on('open', () => noToken.send(JSON.stringify({ type: 'hello', protocol: 1, client: 'e2e' })));
      noToken.on('error', () => undefined);
      assert.equal(await new Promise<number>((resolve) => noToken.on('close', (code) => resolve(code))), 1008);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
      await rm(workspace, { recursive: true, force: true });
    }
  });
});
