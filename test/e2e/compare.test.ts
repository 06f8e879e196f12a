/**
 * History → Compare in a real browser (Debian's chromium via playwright-core) against the server
 * `specwright serve` runs: the semantic diff of two versions of spec.md and tasks.md, picked in
 * the view, in the dark and the light theme.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServe, type RunningServe } from '../../src/cli/serve';
import { makeSpecHistory } from '../fixtures/spec-history/workspace';
import { artifactPath, ensureBundle, launchChromium } from './browser';

/** What the function run in the page uses of an element (this project's Node typings have no DOM). */
interface Head { children: ArrayLike<{ textContent: string | null }> }

describe('History → Compare in a browser (chromium)', function () {
  this.timeout(120_000);
  let workspace: string;
  let bundle: string;
  let serve: RunningServe;
  let browser: Browser;
  let specVersion: string;
  const errors: string[] = [];
  const pages: Page[] = [];

  before(async () => {
    bundle = await mkdtemp(join(tmpdir(), 'sw-e2e-bundle-'));
    await cp(ensureBundle(), bundle, { recursive: true });
    workspace = await mkdtemp(join(tmpdir(), 'sw-e2e-compare-'));
    ({ specVersion } = await makeSpecHistory(workspace));
    serve = await startServe({ workspace, port: 0, agent: 'scaffold', open: false }, { staticDir: bundle, log: () => undefined });
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

  /** The page at about a sidebar's width, on History → Compare. */
  async function openCompare(colorScheme: 'dark' | 'light'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 360, height: 900 }, colorScheme });
    pages.push(page);
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(serve.address.url);
    await page.locator('.connection-indicator[data-state="connected"]').waitFor();
    await page.getByRole('tab', { name: /History/ }).click();
    await page.getByRole('tab', { name: 'Compare' }).click();
    await page.locator('.diff-change').first().waitFor();
    return page;
  }

  /** Each change row's head: id, kind and flags, as words. */
  const rows = (page: Page) => page.locator('.diff-change-head').evaluateAll((heads) => (heads as unknown as Head[]).map((h) =>
    Array.from(h.children).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean).join(' ')));

  it('shows the previous spec against the current one as requirement rows with word diffs (dark theme)', async () => {
    const page = await openCompare('dark');
    assert.equal(await page.locator('.compare-summary').textContent(), '1 added · 1 removed · 3 modified');
    assert.deepEqual(await rows(page), [
      'FR-002 Modified', 'FR-007 Added', 'FR-004 Removed retired 2026-11-24', 'SC-002 Modified', 'US3 Modified',
    ]);
    const fr2 = page.locator('.diff-change', { hasText: 'FR-002' });
    assert.equal(await fr2.locator('del').first().textContent(), 'oldest');
    assert.match((await fr2.locator('ins').allTextContents()).join('|'), /newest/);
    assert.match(await page.locator('.diff-change', { hasText: 'FR-004' }).textContent() ?? '', /Reason: links are replaced by invitations/);
    assert.match(await page.locator('.compare-prompt').textContent() ?? '', /kept before the run asked “Albums by newest photo first/);
    assert.match(await page.locator('.compare-impact').textContent() ?? '', /1 task cites requirements changed since tasks\.md was written: T003 \(FR-002 modified\)/);
    await page.screenshot({ path: artifactPath('compare-spec-dark.png'), fullPage: true });
  });

  it('compares tasks.md: renumbered tasks and the ids they took (light theme)', async () => {
    const page = await openCompare('light');
    await page.getByRole('radio', { name: 'tasks.md' }).click();
    await page.locator('.diff-renumbered').first().waitFor();
    assert.deepEqual(await rows(page), [
      'T003 Modified', 'T007 → T006 Renumbered id reused', 'T008 → T007 Renumbered id reused', 'T009 Added', 'T006 Removed',
    ]);
    await page.screenshot({ path: artifactPath('compare-tasks-light.png'), fullPage: true });
  });

  it('picking other versions compares those; the spec the tasks were written from is one of them', async () => {
    const page = await openCompare('light');
    await page.getByLabel('From version').selectOption(specVersion);
    await page.getByLabel('To version').selectOption(specVersion);
    await page.locator('.compare-summary', { hasText: 'No changes' }).waitFor();
    await page.getByRole('button', { name: 'Compare with the spec the tasks were written from' }).click();
    await page.locator('.compare-summary', { hasText: '1 added · 1 removed · 3 modified' }).waitFor();
    assert.equal(await page.getByLabel('From version').inputValue(), 'basis');
    await page.screenshot({ path: artifactPath('compare-basis-light.png'), fullPage: true });
  });

  it('nothing went wrong in the pages', () => {
    assert.deepEqual(errors, []);
  });
});
