// Extension integration tests in a real VS Code. Here "VS Code" is code-server driven by Debian's
// headless chromium (.ci/vscode-e2e/code): nothing is downloaded at test time.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Each run gets a fresh copy of the fixture workspace so tests never dirty the repository.
const workspace = mkdtempSync(join(tmpdir(), 'sw-ws-'));
cpSync('test/fixtures/workspaces/basic', workspace, { recursive: true });

export default defineConfig({
  files: 'test/integration/suite/**/*.test.js',
  useInstallation: { fromPath: '.ci/vscode-e2e/code' },
  workspaceFolder: workspace,
  // Test hooks on (the page answers layout questions), screenshots under test-results/ (git-ignored).
  env: { SPECWRIGHT_TEST_HOOKS: '1', SPECWRIGHT_SHOTS: resolve('test-results/screenshots') },
  mocha: { ui: 'bdd', timeout: 120000, color: false },
});
