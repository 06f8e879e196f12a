// Renders media/source/icon.svg to media/icon.png (128×128, transparent corners), the icon `vsce package`
// and the marketplace want (they refuse SVG). Run after editing the SVG: node scripts/render-icon.mjs
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const media = resolve(import.meta.dirname, '../media');
const svg = readFileSync(resolve(media, 'source', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: resolve(media, 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
