/**
 * The command line as the README documents it: each test runs the real entry point
 * (src/cli.ts through tsx, so no build is needed) in a scratch copy of the example workspace and
 * checks what a user would see — files written, findings printed, exit codes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'src', 'cli.ts');
const DESCRIPTION = 'Users organise photos into albums by date, drag and drop albums to reorder them, and share an album with a read-only link';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', CLI, ...args], {
      cwd,
      env: { ...process.env, SPECWRIGHT_AGENT: 'scaffold', NODE_PATH: join(REPO, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const exists = (path: string) => access(path).then(() => true, () => false);

/** Splits a documented command line into arguments ("double quotes" group words). */
const words = (command: string): string[] => [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);

describe('command line (as documented in the README)', function () {
  this.timeout(60_000);
  let ws: string;
  let feature: string;

  beforeEach(async () => {
    ws = await mkdtemp(join(tmpdir(), 'sw-cli-'));
    await cp(join(REPO, 'examples', 'photo-app', '.specify'), join(ws, '.specify'), { recursive: true });
    feature = join(ws, 'specs', '001-photo-albums');
    await cp(join(REPO, 'test', 'fixtures', 'workspaces', 'basic', 'specs', '001-photo-albums'), feature, { recursive: true });
  });
  afterEach(() => rm(ws, { recursive: true, force: true }));

  it('generate all: spec → plan → tasks offline, then check passes (the example:chain command)', async () => {
    const run = await cli(['generate', 'all', feature, '--agent', 'scaffold', '--prompt', DESCRIPTION, '--plan-prompt', 'TypeScript on Node.js 20'], ws);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /▶ spec of 001-photo-albums[\s\S]*▶ plan of 001-photo-albums[\s\S]*▶ tasks of 001-photo-albums/);
    assert.match(run.stdout, /✔ chain done: spec ✔ → plan ✔ → tasks ✔/);
    for (const doc of ['spec.md', 'plan.md', 'tasks.md']) assert.ok(await exists(join(feature, doc)), doc);
    assert.match(await readFile(join(feature, 'plan.md'), 'utf8'), /- I\. Privacy first: /, 'the constitution reached the plan');

    const check = await cli(['check', feature], ws);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /✔ 001-photo-albums: \d+ notes?/);
    assert.doesNotMatch(check.stdout, /error|warning/);
  });

  it('generate plan without a spec fails with exit 1 and says what to do', async () => {
    const run = await cli(['generate', 'plan', feature, '--agent', 'scaffold'], ws);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Generate the spec first: plan\.md is written from spec\.md/);
    assert.equal(await exists(join(feature, 'plan.md')), false);
  });

  it('generate all --json prints one JSON object per line, tagged with the stage', async () => {
    const run = await cli(['generate', 'all', feature, '--agent', 'scaffold', '--prompt', DESCRIPTION, '--json'], ws);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual([...new Set(lines.filter((l) => l.stage).map((l) => l.stage))], ['spec', 'plan', 'tasks']);
    assert.deepEqual(lines.at(-1), { chain: lines.at(-1)?.chain, status: 'succeeded', stages: [
      { kind: 'spec', status: 'succeeded', document: join(feature, 'spec.md') },
      { kind: 'plan', status: 'succeeded', document: join(feature, 'plan.md') },
      { kind: 'tasks', status: 'succeeded', document: join(feature, 'tasks.md') },
    ] });
  });

  it('check exits 1 on errors and prints file:line:column findings; --json and --all too', async () => {
    const broken = join(ws, 'specs', '002-team-chat');
    await cp(join(REPO, 'test', 'fixtures', 'traceability', 'broken'), broken, { recursive: true });
    const run = await cli(['check', broken], ws);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^specs\/002-team-chat\/tasks\.md:\d+:\d+: error unknown-task: T004 depends on T099/m);
    assert.match(run.stdout, /^specs\/002-team-chat\/spec\.md:\d+:5: warning uncovered-requirement: FR-002/m);
    assert.match(run.stdout, /✖ 002-team-chat: 3 errors, 3 warnings, 1 note/);

    const json = await cli(['check', broken, '--json'], ws);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as { errors: number; features: Array<{ findings: Array<{ line: number; code: string }> }> };
    assert.equal(report.errors, 3);
    assert.ok(report.features[0].findings.every((f) => Number.isInteger(f.line)));

    const all = await cli(['check', '--all', '--workspace', ws], ws);
    assert.equal(all.code, 1);
    assert.match(all.stdout, /✔ 001-photo-albums: no problems\n✖ 002-team-chat/);
  });

  it('the README walkthrough runs as written: new → plan → tasks → tasks listing, and the result checks clean', async () => {
    const readme = await readFile(join(REPO, 'README.md'), 'utf8');
    const workflow = readme.slice(readme.indexOf('## Workflow'), readme.indexOf('## Command line'));
    // Runnable commands only: the ones with <placeholders> or [options] are synopses.
    const commands = [...workflow.matchAll(/`specwright ([^`]+)`/g)].map((m) => m[1]).filter((c) => !/[<[]/.test(c));
    assert.deepEqual(commands.map((c) => c.split(' ')[0]), ['new', 'generate', 'generate', 'tasks']);
    for (const command of commands) {
      const run = await cli(words(command), ws);
      assert.equal(run.code, 0, `${command}\n${run.stdout}${run.stderr}`);
      if (command.startsWith('new')) assert.match(run.stdout, /✔ created specs\/002-users-organise-photos\n/);
      if (command.startsWith('tasks')) assert.match(run.stdout, /tasks\.md: 0\/\d+ done \(0%\)\n\nPhase 1: Setup \(Shared Infrastructure\)  0\/3\n  \[ \] T001 /);
    }
    const created = join(ws, 'specs', '002-users-organise-photos');
    for (const doc of ['spec.md', 'plan.md', 'tasks.md']) assert.ok(await exists(join(created, doc)), doc);
    assert.match(await readFile(join(created, 'plan.md'), 'utf8'), /\*\*Storage\*\*: SQLite/);
    const check = await cli(['check', 'specs/002-users-organise-photos'], ws);
    assert.equal(check.code, 0, check.stdout);
  });

  it('new --then none only creates the folder; tasks --json gives phases, tags, references and progress', async () => {
    const created = await cli(['new', 'Team chat with channels', '--then', 'none', '--json'], ws);
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual(JSON.parse(created.stdout), { created: join(ws, 'specs', '002-team-chat-channels'), name: '002-team-chat-channels' });
    assert.deepEqual(await readdir(join(ws, 'specs', '002-team-chat-channels')), []);

    const run = await cli(['tasks', join(REPO, 'test', 'fixtures', 'traceability', 'clean', 'tasks.md'), '--json'], ws);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { progress: { done: number; total: number }; phases: Array<{ name: string; tasks: Array<Record<string, unknown>> }> };
    assert.deepEqual(report.progress.done, 2);
    assert.deepEqual(report.phases.map((p) => p.name), ['Phase 1: Setup', 'Phase 2: User Story 1 - Post messages (Priority: P1)', 'Phase 3: Polish']);
    const t006 = report.phases[1].tasks.find((t) => t.id === 'T006');
    assert.deepEqual(t006, {
      id: 'T006', ids: ['T006'], line: 13, state: 'todo', checkbox: ' ', tags: ['US1'], parallel: false, stories: ['US1'],
      dependsOn: ['T004', 'T005'], requirements: ['FR-001', 'FR-004'], files: ['src/services/post.ts'],
      description: 'Implement posting in src/services/post.ts (FR-001, FR-004) (depends on T004, T005)',
    });
    const missing = await cli(['tasks', join(ws, 'nope.md')], ws);
    assert.equal(missing.code, 1);
  });

  it('generate all without --prompt keeps an existing spec.md and continues from the plan (issue 13.10)', async () => {
    const first = await cli(['generate', 'spec', feature, '--agent', 'scaffold', '--prompt', DESCRIPTION], ws);
    assert.equal(first.code, 0, first.stderr);
    const spec = await readFile(join(feature, 'spec.md'), 'utf8');
    const run = await cli(['generate', 'all', feature, '--agent', 'scaffold'], ws);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /keeping it and continuing from the plan/);
    assert.doesNotMatch(run.stdout, /▶ spec of/);
    assert.match(run.stdout, /▶ plan of 001-photo-albums[\s\S]*▶ tasks of 001-photo-albums/);
    assert.equal(await readFile(join(feature, 'spec.md'), 'utf8'), spec, 'the spec is kept');
    assert.ok(await exists(join(feature, 'tasks.md')));
  });

  it('generate all without --prompt and without a spec says why', async () => {
    const run = await cli(['generate', 'all', feature, '--agent', 'scaffold'], ws);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /generate all needs --prompt "<what the feature is>": .* has no spec\.md to continue from/);
  });

  it('usage errors exit 2 with the usage text', async () => {
    const run = await cli(['generate', 'spec', feature], ws);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /generate spec needs --prompt/);
    assert.match(run.stderr, /generate all <featureDir>/);
    assert.equal((await readdir(feature)).includes('spec.md'), false);
  });
});
