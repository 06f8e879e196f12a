import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from 'playwright-core';
import { runningOperation, startBenchServer, tick } from './setup';

const CHROMIUM = process.env.SPECWRIGHT_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserResult {
  events: number;
  openMs: number;
  appended: number;
  appendMs: number;
  /** Event rows in the DOM after the append: equal to the events when the list renders everything. */
  rowsInDom: number;
}

/** The page's DOM, as far as the functions below (run in the page) use it; this project's Node typings have none. */
interface PageDocument {
  querySelectorAll(selector: string): { length: number; [index: number]: { textContent: string | null } };
}
declare const document: PageDocument;

const lastRowSays = (page: Page, text: string, timeoutMs: number) =>
  page.waitForFunction(
    (wanted) => {
      const rows = document.querySelectorAll('.event-list-content .event-slot');
      return rows.length > 0 && (rows[rows.length - 1].textContent?.includes(wanted) ?? false);
    },
    text,
    { timeout: timeoutMs, polling: 50 },
  );

/** Opens a conversation of `events` events in chromium, then appends `append` more, timing both until the last row shows. */
export async function browserConversation(events: number, append: number, timeoutMs = 300_000): Promise<BrowserResult | string> {
  const bundle = join(__dirname, '..', 'dist', 'webview');
  if (!existsSync(CHROMIUM)) return `skipped: ${CHROMIUM} is missing`;
  if (!existsSync(join(bundle, 'main.js'))) return 'skipped: dist/webview is not built';
  const s = await startBenchServer({ staticDir: bundle, maxEvents: events + append + 10 });
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...(root || process.env.CI ? ['--no-sandbox'] : []), '--disable-dev-shm-usage'] });
  try {
    const op = runningOperation(s.bus);
    for (let i = 1; i <= events; i++) s.bus.publish(op, { kind: 'info', text: `event ${i}` });
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const start = performance.now();
    await page.goto(s.address.url);
    await lastRowSays(page, `event ${events}`, timeoutMs);
    const openMs = performance.now() - start;
    const appendStart = performance.now();
    for (let i = events + 1; i <= events + append; i++) {
      s.bus.publish(op, { kind: 'info', text: `event ${i}` });
      if (i % 50 === 0) await tick();
    }
    await lastRowSays(page, `event ${events + append}`, timeoutMs);
    const appendMs = performance.now() - appendStart;
    const rowsInDom = await page.evaluate(() => document.querySelectorAll('.event-list-content .row').length);
    return { events, openMs, appended: append, appendMs, rowsInDom };
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  } finally {
    await browser.close();
    await s.stop();
  }
}
