/** `specwright github …` as a user runs it (src/cli.ts through tsx) against a local fake GitHub. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../fixtures/github/fakeGitHub';
import { FEATURE, PLAN, SPEC, TASKS } from '../fixtures/github/sampleFeature';

const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'src', 'cli.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const base = { ...process.env, GH_TOKEN: undefined, GITHUB_TOKEN: undefined, GITHUB_API_URL: undefined, NODE_PATH: join(REPO, 'node_modules') };
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', CLI, ...args], { cwd, env: { ...base, ...env } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('specwright github (command line)', () => {
  const token = 'ghp_cli_token_0123456789SECRET';
  let fake: FakeGitHub;
  let root: string;
  let featureDir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-gh-cli-'));
    featureDir = join(root, 'specs', FEATURE);
    await mkdir(featureDir, { recursive: true });
    await writeFile(join(featureDir, 'spec.md'), SPEC);
    await writeFile(join(featureDir, 'plan.md'), PLAN);
    await writeFile(join(featureDir, 'tasks.md'), TASKS);
    fake = new FakeGitHub({ token, repos: { 'octo/app': { files: { [`specs/${FEATURE}/spec.md`]: SPEC, [`specs/${FEATURE}/tasks.md`]: TASKS } } } });
    await fake.start();
  });
  afterEach(async () => {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  it('issues: --dry-run prints the plan and sends nothing; then a run creates them, and a second run nothing', async () => {
    const args = ['github', 'issues', `specs/${FEATURE}`, '--repo', 'octo/app', '--api-url', fake.apiUrl];
    const dry = await cli([...args, '--dry-run'], root, { GH_TOKEN: token });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^octo\/app · 001-photo-albums: 3 to create, 0 to update, 0 to close, 0 unchanged$/m);
    assert.match(dry.stdout, /^ {2}\+ create T010: Album model in src\/models\/album\.ts \(FR-001\)$/m);
    assert.match(dry.stdout, /Dry run: nothing was sent\./);
    assert.deepEqual(fake.writes(), []);

    const run = await cli(args, root, { GITHUB_TOKEN: token });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^created #2 T010: Album model/m);
    assert.equal(fake.issues('octo/app').length, 3);
    assert.ok(JSON.parse(await readFile(join(featureDir, '.specwright', 'github-issues.json'), 'utf8')).repositories['octo/app']);

    const again = await cli([...args, '--json'], root, { GH_TOKEN: token });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout).plan.counts, { create: 0, update: 0, close: 0, unchanged: 3 });
    assert.equal(fake.issues('octo/app').length, 3);
    assert.ok(!`${dry.stdout}${dry.stderr}${run.stdout}${run.stderr}${again.stdout}`.includes(token));
  });

  it('issues: closes the issues of ticked tasks only with --yes when not at a terminal', async () => {
    const args = ['github', 'issues', `specs/${FEATURE}`, '--repo', 'octo/app', '--api-url', fake.apiUrl];
    assert.equal((await cli(args, root, { GH_TOKEN: token })).code, 0);
    await writeFile(join(featureDir, 'tasks.md'), TASKS.replace('- [ ] T001', '- [x] T001'));
    const asked = await cli(args, root, { GH_TOKEN: token });
    assert.equal(asked.code, 0, asked.stderr);
    assert.match(asked.stderr, /1 issue\(s\) of ticked tasks stay open: pass --yes to close them/);
    assert.equal(fake.issues('octo/app')[0].state, 'open');
    const closed = await cli([...args, '--yes'], root, { GH_TOKEN: token });
    assert.match(closed.stdout, /^closed {2}#1 T001: /m);
    assert.equal(fake.issues('octo/app')[0].state, 'closed');
  });

  it('issues without a token: says how to give one (exit 1); features work signed out for public repositories', async () => {
    const noToken = await cli(['github', 'issues', `specs/${FEATURE}`, '--repo', 'octo/app', '--api-url', fake.apiUrl], root, {});
    assert.equal(noToken.code, 1);
    assert.match(noToken.stderr, /Set GH_TOKEN \(or GITHUB_TOKEN\)/);

    const features = await cli(['github', 'features', 'octo/app', '--api-url', fake.apiUrl], root, {});
    assert.equal(features.code, 0, features.stderr);
    assert.match(features.stdout, /^octo\/app \(main\): 1 feature$/m);
    assert.match(features.stdout, /^ {2}001-photo-albums {2}tasks {2}1\/5 tasks done$/m);
    const json = await cli(['github', 'features', 'octo/app', '--api-url', fake.apiUrl, '--json'], root, {});
    assert.equal(JSON.parse(json.stdout).features[0].stage, 'tasks');

    const missing = await cli(['github', 'features', 'octo/nope', '--api-url', fake.apiUrl], root, {});
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /octo\/nope was not found/);
    const usage = await cli(['github', 'features', 'nope'], root, {});
    assert.equal(usage.code, 2);
  });
});
