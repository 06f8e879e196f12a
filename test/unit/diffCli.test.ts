/**
 * `specwright diff` and the history side of `specwright check`: output, --json, --help, errors
 * and exit codes. Most calls run the commands in this process (stdout captured: spawning tsx
 * costs seconds a call on a shared machine); the real entry point (src/cli.ts) is run for the
 * argument parsing it owns.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentDiff } from '../../src/protocol/diff';
import { VersionStore } from '../../src/core/features/versions';
import { recordTaskDone } from '../../src/core/features/taskRecords';
import { runCheck } from '../../src/cli/check';
import { runDiff } from '../../src/cli/diff';

const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'src', 'cli.ts');
const FIXTURES = join(__dirname, '..', 'fixtures', 'spec-history');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function cli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command function here, with stdout and stderr captured and the working directory set. */
async function inProcess(cwd: string, run: () => Promise<number>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  const before = process.cwd();
  process.stdout.write = ((chunk: string) => { out.stdout += chunk; return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => { out.stderr += chunk; return true; }) as typeof process.stderr.write;
  process.chdir(cwd);
  try {
    return { code: await run(), ...out };
  } finally {
    process.chdir(before);
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
}
const diff = (args: string[], cwd: string) => inProcess(cwd, () => runDiff(args));

describe('specwright diff and check (history)', function () {
  this.timeout(60_000);
  let ws: string;
  let feature: string;
  let ids: string[];

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'sw-diffcli-'));
    feature = join(ws, 'specs', '001-photo-albums');
    mkdirSync(feature, { recursive: true });
    const spec = join(feature, 'spec.md');
    let clock = Date.UTC(2026, 10, 20, 9, 0);
    const versions = new VersionStore(ws, () => (clock += 60_000));
    ids = [];
    for (const name of ['v1.md', 'v2.md']) {
      const v = await versions.keep(spec, fixture(name), { reason: 'before-generation', agent: 'copilot', prompt: `make ${name}` });
      ids.push(v?.id ?? '');
    }
    writeFileSync(spec, fixture('v4.md'));
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('diff: previous → current by default, as text with word diffs and reused ids', async () => {
    const run = await cli(['diff', 'specs/001-photo-albums'], ws);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^spec\.md of 001-photo-albums: 2026-11-20 09:02 UTC · kept before a generation → spec\.md as it is now\n/);
    assert.match(run.stdout, /\+ FR-001 {2}System MUST back up every photo to cloud storage nightly\. {2}\(id FR-001 reused: it named something else before\)/);
    assert.match(run.stdout, /- FR-001 {2}System MUST allow users to create albums from selected photos\. {2}\(removed without being retired\)/);
    assert.match(run.stdout, /Summary: 2 added, 1 removed/);
  });

  it('diff --from/--to any two versions, as JSON in the protocol shape; --list names them', async () => {
    const run = await diff([feature, '--from', ids[0], '--to', ids[1].slice(0, 22), '--json'], ws);
    assert.equal(run.code, 0, run.stderr);
    const parsed = DocumentDiff.parse(JSON.parse(run.stdout));
    assert.equal(parsed.from.ref, ids[0]);
    assert.equal(parsed.to.ref, ids[1], 'a unique prefix of an id is enough');
    const req = parsed.sections.find((s) => s.key === 'requirements');
    assert.deepEqual(req?.changes.map((c) => `${c.kind} ${c.id}`), ['modified FR-002', 'added FR-007', 'removed FR-004']);
    assert.ok(req?.changes[0].words?.some((w) => w.op === 'delete' && w.text === 'oldest'));

    const text = await diff([feature, '--from', ids[0], '--to', ids[1]], ws);
    assert.match(text.stdout, /~ FR-002 {2}System MUST sort albums by the date of their \[-oldest-\]\{\+newest\+\} photo\{\+, newest album first\+\}\./);
    assert.match(text.stdout, /- FR-004 {2}.*\(retired 2026-11-24: links are replaced by invitations \(see FR-005\)\)/);

    const list = await diff([feature, '--list'], ws);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^current +spec\.md as it is now\n/);
    assert.match(list.stdout, new RegExp(`${ids[1]} +2026-11-20 09:02 UTC · kept before a generation · copilot\\n +prompt: make v2\\.md`));
  });

  it('diff: clear errors for an unknown version (exit 1) and bad usage (exit 2); --help', async () => {
    const unknown = await diff([feature, '--from', 'nope'], ws);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No version "nope" of spec\.md in 001-photo-albums\. Known: current, basis, previous, git:<rev>, /);
    const noBasis = await diff([feature, '--from', 'basis'], ws);
    assert.equal(noBasis.code, 1);
    assert.match(noBasis.stderr, /no record of the spec its tasks were written from/);
    const plan = await diff([feature, '--doc', 'plan'], ws);
    assert.equal(plan.code, 2);
    assert.match(plan.stderr, /--doc takes spec or tasks/);
    const none = await diff([], ws);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /diff needs a feature folder/);
    const help = await diff(['--help'], ws);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /diff <featureDir> \[--doc spec\|tasks\] \[--from V\] \[--to V\]/);
    assert.match(help.stdout, /Exit 0: printed; 1: unknown version/);
  });

  it('check: a reused id is an error (exit 1)', async () => {
    const run = await inProcess(ws, () => runCheck({ featureDir: feature, all: false, workspace: ws, json: false }));
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /specs\/001-photo-albums\/spec\.md:44:5: error requirement-id-reused: FR-001 is reused for a new requirement/);
  });

  describe('drift in a git repository', () => {
    let repo: string;
    let featureDir: string;
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, stdio: 'pipe' }).toString().trim();

    before(async () => {
      repo = mkdtempSync(join(tmpdir(), 'sw-driftcli-'));
      featureDir = join(repo, 'specs', '001-albums');
      mkdirSync(featureDir, { recursive: true });
      mkdirSync(join(repo, 'src'));
      writeFileSync(join(featureDir, 'spec.md'), '# Feature Specification: Albums\n\n- **FR-001**: Users MUST be able to create albums.\n');
      writeFileSync(join(featureDir, 'tasks.md'), '# Tasks\n\n## Phase 1: Core\n\n- [x] T001 Create albums in src/albums.ts (FR-001)\n');
      writeFileSync(join(repo, 'src', 'albums.ts'), 'export const albums = 1;\n');
      git('init', '-q', '-b', 'main');
      await recordTaskDone({ featureDir, gitRoot: repo, key: 'T001', id: 'T001', title: 'Create albums', requirementIds: ['FR-001'], operationId: 'op-1', touched: ['src/albums.ts'] });
      git('add', '-A');
      git('commit', '-q', '-m', 'T001 done');
      writeFileSync(join(repo, 'src', 'albums.ts'), 'export const albums = "by hand";\n');
      git('commit', '-q', '-am', 'hand edit');
    });
    after(() => rmSync(repo, { recursive: true, force: true }));

    it('reports drift as a warning (exit 0), fails with --strict (exit 1), narrows with --since, rejects an unknown revision (exit 2)', async () => {
      const check = (extra: { since?: string; strict?: boolean; json?: boolean } = {}) =>
        inProcess(repo, () => runCheck({ featureDir, all: false, workspace: repo, json: false, ...extra }));
      const plain = await check();
      assert.equal(plain.code, 0, plain.stdout + plain.stderr);
      assert.match(plain.stdout, /specs\/001-albums\/tasks\.md:5:7: warning task-drift: T001 is done.*but src\/albums\.ts changed since, not by a later task/);
      const strict = await check({ strict: true });
      assert.equal(strict.code, 1);
      const since = await check({ since: 'HEAD', json: true });
      assert.equal(since.code, 0);
      assert.deepEqual(JSON.parse(since.stdout).features[0].findings.filter((f: { code: string }) => f.code.startsWith('task-')), []);
      const inRange = await cli(['check', featureDir, '--since', 'HEAD~1', '--strict'], repo);
      assert.equal(inRange.code, 1);
      assert.match(inRange.stdout, /task-drift/);
      const bad = await check({ since: 'no-such-rev' });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /Unknown revision "no-such-rev"/);
      const help = await cli(['--help'], repo);
      assert.match(help.stdout, /--since REV counts only what changed in\s+REV\.\.HEAD/);
      assert.match(help.stdout, /Exit 0: no errors; 1: errors \(with --strict:\s+warnings too\); 2: bad usage/);
    });
  });
});
