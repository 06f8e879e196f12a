// Runs the real-VS-Code integration tests: installs what they need once (Debian chromium,
// code-server from npm; cached under .ci/vscode-e2e/.cache), then `vscode-test` (the dev build),
// then the packaged .vsix installed into a fresh code-server (vsix.mjs).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { runPackagedTests } from './vsix.mjs';

const root = resolve(import.meta.dirname, '../..');
const cache = resolve(root, '.ci/vscode-e2e/.cache');
// Under `npm test`, npm exports its own config as npm_* variables (user agent "node/v20" among
// them); the nested npm installs in setup.sh must not inherit it, or code-server's install script
// believes it runs on Node 20 and refuses.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
const env = { ...inherited, E2E_HOME: cache, PLAYWRIGHT_CORE: resolve(cache, 'cs/node_modules/playwright-core') };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' }).status ?? 1;

if (process.env.SPECWRIGHT_SKIP_INTEGRATION === '1') {
  console.log('integration tests skipped (SPECWRIGHT_SKIP_INTEGRATION=1)');
  process.exit(0);
}
if (run('bash', ['.ci/vscode-e2e/setup.sh']) !== 0) {
  console.error('Could not install the integration test tools (Debian chromium, code-server). setup.sh needs root for apt-get and the npm registry.');
  process.exit(1);
}
const devBuild = run('npx', ['vscode-test']);
if (devBuild !== 0) process.exit(devBuild);
process.exit(runPackagedTests(env));
