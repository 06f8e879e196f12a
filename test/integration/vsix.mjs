// The packaged extension in a fresh VS Code: `npm run package` builds the .vsix a user installs,
// then code-server installs it (`--install-extension`) into an empty extensions dir and runs
// test/integration/package/ against it, twice: trusted (it activates, its commands and the
// walkthrough work, the package holds what it should) and in Restricted Mode (settings that name
// a program are not taken from an untrusted workspace). Called by run.mjs after the dev-build suite;
// alone: `node test/integration/vsix.mjs` (after setup.sh).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(import.meta.dirname, '../..');

/** A folder a cloned repository could hold: its settings point every program setting at its own script. */
function untrustedWorkspace(dir, restricted) {
  mkdirSync(join(dir, 'tools'));
  mkdirSync(join(dir, '.vscode'));
  for (const name of ['workspace-agent', 'user-agent']) {
    // Records that it ran (and with what), and answers --version like an agent CLI.
    writeFileSync(join(dir, 'tools', name), `#!/bin/sh\necho "${name} $*" >> "$(dirname "$0")/../ran.log"\necho 9.9.9\n`);
    chmodSync(join(dir, 'tools', name), 0o755);
  }
  const program = join(dir, 'tools', 'workspace-agent');
  const settings = Object.fromEntries(restricted.map((id) => [id, id.endsWith('.args') ? ['--from-the-workspace', '{prompt}'] : program]));
  settings['specwright.timeoutMinutes'] = 7; // not restricted: must still be read from the workspace
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * PATH as a user's machine has it: without this repository's node_modules/.bin (npm puts it first
 * for `npm test`), whose pinned agent CLIs would otherwise be "installed" for the package too.
 */
const userPath = (path = '') => path.split(delimiter).filter((dir) => resolve(dir) !== resolve(root, 'node_modules/.bin')).join(delimiter);

/** Runs one suite in a fresh code-server with the .vsix installed; returns the exit status. */
function runSuite({ suite, vsix, env, trusted, prepare }) {
  const dirs = ['ws', 'ud', 'ext'].map((name) => mkdtempSync(join(tmpdir(), `sw-pkg-${name}-`)));
  const [workspace, userData, extensions] = dirs;
  try {
    prepare?.(workspace);
    // No startup trust dialog over the workbench, no welcome page: the folder opens as it is.
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.startupPrompt': 'never', 'workbench.startupEditor': 'none' }));
    const started = Date.now();
    const status = spawnSync(resolve(root, '.ci/vscode-e2e/code'), [
      `--extensionDevelopmentPath=${resolve(root, 'test/fixtures/package-test-host')}`,
      `--extensionTestsPath=${resolve(root, 'test/integration/package/index.js')}`,
      `--user-data-dir=${userData}`,
      `--extensions-dir=${extensions}`,
      workspace,
    ], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...env,
        PATH: userPath(env.PATH),
        CS_INSTALL_EXTENSIONS: vsix,
        CS_WORKSPACE_TRUST: trusted ? '' : '1',
        SPECWRIGHT_PACKAGE_SUITE: suite,
        SPECWRIGHT_EXTENSIONS_DIR: extensions,
        // The page answers layout questions (the empty-folder check), screenshots beside the dev run's.
        SPECWRIGHT_TEST_HOOKS: '1',
        SPECWRIGHT_SHOTS: resolve(root, 'test-results/screenshots'),
      },
    }).status ?? 1;
    console.log(`packaged-extension suite "${suite}": ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return status;
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export function runPackagedTests(env) {
  const out = mkdtempSync(join(tmpdir(), 'sw-vsix-'));
  try {
    const vsix = join(out, 'specwright.vsix');
    const packaged = spawnSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: root, env, stdio: 'inherit' }).status;
    if (packaged !== 0) {
      console.error('npm run package failed: the .vsix could not be built.');
      return 1;
    }
    console.log(`packaged ${vsix}: ${(statSync(vsix).size / 1024).toFixed(1)} KiB`);
    const restricted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).capabilities.untrustedWorkspaces.restrictedConfigurations;
    const suites = [
      { suite: 'trusted', vsix, env, trusted: true },
      { suite: 'untrusted', vsix, env, trusted: false, prepare: (dir) => untrustedWorkspace(dir, restricted) },
    ];
    // SPECWRIGHT_PACKAGE_SUITES=untrusted (comma-separated) runs only those, while working on one.
    const only = env.SPECWRIGHT_PACKAGE_SUITES?.split(',');
    const failed = suites.filter((s) => !only || only.includes(s.suite)).map(runSuite).filter((status) => status !== 0);
    return failed.length ? 1 : 0;
  } finally {
    rmSync(out, { recursive: true, force: true });
    // Packaging left the production build in dist/; put the development build back.
    spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, env, stdio: 'ignore' });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cache = resolve(root, '.ci/vscode-e2e/.cache');
  process.exit(runPackagedTests({ ...process.env, E2E_HOME: cache, PLAYWRIGHT_CORE: resolve(cache, 'cs/node_modules/playwright-core') }));
}
