import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const REPO = join(__dirname, '..', '..');
/** Screenshots and other artifacts of the browser tests (git-ignored). */
export const ARTIFACTS = join(REPO, 'test-results', 'e2e');

/** Debian's chromium (installed by apt in .ci/run); never a downloaded browser build. */
export const CHROMIUM = process.env.SPECWRIGHT_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), or point SPECWRIGHT_CHROMIUM at one.`);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root (CI containers) chromium refuses to start sandboxed; /dev/shm is tiny in containers.
    args: [...(root || process.env.CI ? ['--no-sandbox'] : []), '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** The web UI bundle the server serves; built when a test run starts without it. */
export function ensureBundle(): string {
  const dir = join(REPO, 'dist', 'webview');
  if (!existsSync(join(dir, 'main.js'))) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('building the webview bundle failed');
  }
  return dir;
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
