import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'src', 'cli.ts');

function cli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', CLI, ...args], {
      cwd, env: { ...process.env, SPECWRIGHT_AGENT: 'scaffold', NODE_PATH: join(REPO, 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Issue 15.1: `specwright refine` continues the latest operation of a document, across processes (the journal). */
describe('specwright refine (command line)', function () {
  this.timeout(90_000);
  let ws: string;
  let feature: string;
  beforeEach(async () => {
    ws = await mkdtemp(join(tmpdir(), 'sw-refine-cli-'));
    feature = join(ws, 'specs', '001-photo-albums');
    await mkdir(feature, { recursive: true });
  });
  afterEach(() => rm(ws, { recursive: true, force: true }));

  it('generate, then refine twice in new processes: turns 2 and 3 of one thread, one JSON line with the thread', async () => {
    assert.equal((await cli(['generate', 'spec', feature, '--prompt', 'Users organise photos into albums by date'], ws)).code, 0);
    const second = await cli(['refine', feature, '--doc', 'spec', '--prompt', 'Users share an album with a read-only link'], ws);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /cannot continue the earlier session[\s\S]*✔ turn 2 \(new session\)/);
    const third = await cli(['refine', feature, '--prompt', 'Albums can be viewed offline', '--json'], ws);
    assert.equal(third.code, 0, third.stdout + third.stderr);
    const last = JSON.parse(third.stdout.trim().split('\n').pop() ?? '{}') as { turn: number; resumed: boolean; status: string; parentOperationId: string };
    assert.deepEqual([last.status, last.turn, last.resumed], ['succeeded', 3, false]);
    const spec = await readFile(join(feature, 'spec.md'), 'utf8');
    assert.match(spec, /read-only link/);
    assert.match(spec, /viewed offline/);
    // The journal keeps the thread: history marks the turns, export of one turn gives all three.
    const history = await cli(['history', '--workspace', ws], ws);
    assert.match(history.stdout, /spec #3[\s\S]*spec #2[\s\S]*spec  /);
    const exported = await cli(['history', '--workspace', ws, '--export', last.parentOperationId], ws);
    assert.match(exported.stdout, /^# spec\.md of 001-photo-albums: 3 turns[\s\S]*## Turn 3 \(refine, new session\)\n\n> Albums can be viewed offline/);
  });

  it('says what to do when there is nothing to refine, and checks its flags', async () => {
    const none = await cli(['refine', feature, '--doc', 'plan', '--prompt', 'x'], ws);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /Nothing to refine: plan\.md of 001-photo-albums has no finished generation yet\. Generate it first/);
    const bad = await cli(['refine', feature, '--doc', 'readme', '--prompt', 'x'], ws);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--doc takes spec, plan or tasks/);
    assert.equal((await cli(['refine', feature], ws)).code, 2);
  });
});
