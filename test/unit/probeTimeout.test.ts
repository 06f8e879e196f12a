import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { detectCopilot } from '../../src/core/agents/copilot';
import { isProcessAlive } from '../../src/core/runner/processTable';

const REPO = path.join(__dirname, '..', '..');
const HANGING = path.join(__dirname, '..', 'fixtures', 'hanging-probe');

interface Pids { pid: number; child: number }

async function until<T>(what: string, get: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const readPids = (file: string): Pids | undefined => (existsSync(file) && readFileSync(file, 'utf8') ? (JSON.parse(readFileSync(file, 'utf8')) as Pids) : undefined);
const gone = (p: Pids) => until('the probe and its child to be gone', () => (!isProcessAlive(p.pid) && !isProcessAlive(p.child) ? true : undefined), 5000);

/** Issue 17: a probe that never returns is bounded in time and never outlives the CLI. */
describe('Agent probes that hang (`copilot --version` that never returns)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'specwright-probe-hang-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('times out, says so, and kills the probe with its child', async () => {
    const pidsFile = path.join(dir, 'pids.json');
    const detection = await detectCopilot({ path: path.join(HANGING, 'copilot'), versionTimeoutMs: 3000, env: { HANG_PIDS_FILE: pidsFile } });
    assert.equal(detection.available, false);
    assert.match(detection.hint ?? '', /--version` ended timedOut/);
    await gone(await until('pids', () => readPids(pidsFile)));
  });

  for (const command of [['generate', 'spec', '{feature}', '--prompt', 'albums', '--agent', 'copilot'], ['agents']]) {
    it(`Ctrl+C during detection in \`specwright ${command[0]}\` exits 130 and leaves 0 processes`, async () => {
      const feature = path.join(dir, 'ws', 'specs', '001-albums');
      mkdirSync(feature, { recursive: true });
      const pidsFile = path.join(dir, 'pids.json');
      const args = command.map((a) => (a === '{feature}' ? feature : a));
      const cli = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), path.join(REPO, 'src', 'cli.ts'), ...args], {
        cwd: dir,
        // Only the hanging copilot can be found; HOME is empty so no install folder has a real one.
        env: { ...process.env, PATH: `${HANGING}${path.delimiter}${path.dirname(process.execPath)}`, HOME: dir, npm_config_prefix: dir, HANG_PIDS_FILE: pidsFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      cli.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
      const pids = await until('the probe to start', () => readPids(pidsFile));
      assert.ok(isProcessAlive(pids.pid) && isProcessAlive(pids.child));
      cli.kill('SIGINT');
      assert.equal(await exited, 130, stderr);
      await gone(pids);
    });
  }
});
