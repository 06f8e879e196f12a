import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitHubError } from '../../src/core/github/errors';
import { GitHubService } from '../../src/core/github/githubService';
import { markerOf } from '../../src/core/github/issueContent';
import { MAPPING_FILE } from '../../src/core/github/issueMapping';
import { planView } from '../../src/core/github/issuePlan';
import { FakeGitHub } from '../fixtures/github/fakeGitHub';
import { FEATURE, PLAN, SPEC, TASKS } from '../fixtures/github/sampleFeature';

describe('Issues from tasks', () => {
  const token = 'ghp_issues_token_0123456789SECRET';
  let fake: FakeGitHub;
  let github: GitHubService;
  let root: string;
  let featureDir: string;
  const repo = 'octo/app';
  const issues = () => fake.issues(repo);
  const byTitle = (prefix: string) => issues().find((i) => i.title.startsWith(prefix));
  const editTasks = async (edit: (text: string) => string) => writeFile(join(featureDir, 'tasks.md'), edit(await readFile(join(featureDir, 'tasks.md'), 'utf8')));
  const apply = (options: { closeTicked?: boolean; tracking?: boolean } = {}, signal?: AbortSignal) =>
    github.applyIssues({ feature: featureDir, repo, closeTicked: options.closeTicked ?? false, ...(options.tracking === undefined ? {} : { tracking: options.tracking }) }, signal);
  const preview = async (tracking?: boolean) => planView((await github.previewIssues({ feature: featureDir, repo, ...(tracking === undefined ? {} : { tracking }) })).plan);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-issues-'));
    featureDir = join(root, 'specs', FEATURE);
    await mkdir(featureDir, { recursive: true });
    await writeFile(join(featureDir, 'spec.md'), SPEC);
    await writeFile(join(featureDir, 'plan.md'), PLAN);
    await writeFile(join(featureDir, 'tasks.md'), TASKS);
    fake = new FakeGitHub({ token, repos: { [repo]: {}, 'octo/fork': {} } });
    const apiUrl = await fake.start();
    github = new GitHubService({ log: () => undefined, paceWrites: false });
    await github.setAuth({ token, apiUrl });
  });
  afterEach(async () => {
    github.dispose();
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  it('previews what it would create before anything is sent', async () => {
    const plan = await preview();
    assert.deepEqual(plan.actions.map((a) => [a.kind, a.taskId]), [['create', 'T001'], ['create', 'T010'], ['create', 'T011']]);
    assert.deepEqual(plan.counts, { create: 3, update: 0, close: 0, unchanged: 0 });
    assert.equal(plan.repository, repo);
    assert.equal(plan.defaultBranch, 'main');
    assert.equal(plan.mappingFile, join(featureDir, MAPPING_FILE));
    assert.deepEqual(fake.writes(), [], 'a preview sends nothing');
  });

  it('creates one issue per open task: "T010: text", the task, its phase and story, links to spec and plan on the default branch, labels', async () => {
    const { result } = await apply();
    assert.equal(result.created.length, 3);
    assert.deepEqual(issues().map((i) => i.title), [
      'T001: Create project structure per implementation plan',
      'T010: Album model in src/models/album.ts (FR-001)',
      'T011: AlbumService in src/services/albumService.ts (depends on T010)',
    ]);
    const t010 = byTitle('T010');
    assert.ok(t010);
    assert.deepEqual(t010.labels, ['specwright', 'US1']);
    assert.match(t010.body, /^> Album model in src\/models\/album\.ts \(FR-001\)$/m);
    assert.match(t010.body, /\*\*Phase\*\*: Phase 3: User Story 1 - Organise photos into albums by date/);
    assert.match(t010.body, /\*\*User story\*\*: US1/);
    assert.match(t010.body, /\*\*Requirements\*\*: FR-001/);
    assert.match(t010.body, /\[spec\.md\]\(https:\/\/github\.test\/octo\/app\/blob\/main\/specs\/001-photo-albums\/spec\.md\)/);
    assert.match(t010.body, /\[plan\.md\]\(https:\/\/github\.test\/octo\/app\/blob\/main\/specs\/001-photo-albums\/plan\.md\)/);
    assert.deepEqual(markerOf(t010.body), { feature: FEATURE, key: 'T010' });
    assert.deepEqual(byTitle('T001')?.labels, ['specwright']);
    // Ticked (T002) and skipped (T012) tasks get no issue.
    assert.equal(byTitle('T002'), undefined);
    assert.equal(byTitle('T012'), undefined);

    const mapping = JSON.parse(await readFile(join(featureDir, MAPPING_FILE), 'utf8'));
    assert.equal(mapping.version, 1);
    assert.deepEqual(Object.keys(mapping.repositories['octo/app'].tasks), ['T001', 'T010', 'T011']);
    assert.equal(mapping.repositories['octo/app'].tasks.T010.number, t010.number);
    assert.equal(mapping.repositories['octo/app'].tasks.T010.state, 'open');
  });

  it('running again creates nothing twice and sends nothing when nothing changed', async () => {
    await apply();
    const writes = fake.writes().length;
    const plan = await preview();
    assert.deepEqual(plan.counts, { create: 0, update: 0, close: 0, unchanged: 3 });
    const { result } = await apply();
    assert.deepEqual([result.created.length, result.updated.length, result.closed.length], [0, 0, 0]);
    assert.equal(fake.writes().length, writes);
    assert.equal(issues().length, 3);
  });

  it('updates the issue of a task whose text changed, and creates only the new task', async () => {
    await apply();
    await editTasks((t) => t.replace('AlbumService in src/services/albumService.ts', 'AlbumService with date grouping in src/services/albumService.ts')
      .replace('- [-] T012', '- [ ] T013 [US1] Album cover picker in src/ui/cover.ts\n- [-] T012'));
    const plan = await preview();
    const update = plan.actions.find((a) => a.kind === 'update');
    assert.equal(update?.taskId, 'T011');
    assert.match(update?.why ?? '', /^title changed \(was "T011: AlbumService in src/);
    assert.deepEqual(plan.counts, { create: 1, update: 1, close: 0, unchanged: 2 });

    const { result } = await apply();
    assert.deepEqual(result.updated.map((r) => r.key), ['T011']);
    assert.deepEqual(result.created.map((r) => r.key), ['T013']);
    assert.equal(issues().length, 4);
    assert.equal(byTitle('T011')?.title, 'T011: AlbumService with date grouping in src/services/albumService.ts (depends on T010)');
    const patch = fake.requests.find((r) => r.method === 'PATCH');
    assert.equal(patch?.path, `/repos/octo/app/issues/${byTitle('T011')?.number}`);
  });

  it('closes the issue of a ticked task only when the user agreed', async () => {
    await apply();
    await editTasks((t) => t.replace('- [ ] T010', '- [x] T010'));
    const plan = await preview();
    assert.deepEqual(plan.actions.filter((a) => a.kind === 'close').map((a) => [a.taskId, a.why]), [['T010', 'task ticked']]);

    const declined = await apply({ closeTicked: false });
    assert.equal(declined.result.skippedCloses, 1);
    assert.equal(byTitle('T010')?.state, 'open');

    const agreed = await apply({ closeTicked: true });
    assert.deepEqual(agreed.result.closed.map((r) => r.key), ['T010']);
    assert.equal(byTitle('T010')?.state, 'closed');
    assert.equal(byTitle('T010')?.state_reason, 'completed');
    assert.deepEqual((await preview()).counts, { create: 0, update: 0, close: 0, unchanged: 3 });

    // Unticked again: the issue Specwright closed is reopened.
    await editTasks((t) => t.replace('- [x] T010', '- [ ] T010'));
    const reopen = await apply();
    assert.deepEqual(reopen.result.updated.map((r) => r.key), ['T010']);
    assert.equal(byTitle('T010')?.state, 'open');
  });

  it('keeps an optional tracking issue with a task list linking the task issues', async () => {
    const plan = await preview(true);
    assert.equal(plan.tracking?.kind, 'create');
    const { result } = await apply({ tracking: true });
    const tracking = issues().find((i) => i.number === result.tracking?.number);
    assert.ok(tracking);
    assert.equal(tracking.title, `Tasks: ${FEATURE}`);
    const n = (prefix: string) => byTitle(prefix)?.number;
    assert.match(tracking.body, new RegExp(`- \\[ \\] #${n('T001')}\\n- \\[x\\] T002: Initialize`));
    assert.match(tracking.body, new RegExp(`- \\[ \\] #${n('T010')}\\n- \\[ \\] #${n('T011')}`));

    // Re-run without the option: the tracking issue is kept up to date, not duplicated.
    await editTasks((t) => t.replace('- [ ] T001', '- [x] T001'));
    const again = await apply({ closeTicked: true });
    assert.equal(again.result.tracking?.number, tracking.number);
    assert.match(tracking.body, new RegExp(`- \\[x\\] #${n('T001')}`));
    assert.equal(issues().length, 4);
  });

  it('finds its issues again by their hidden marker when the mapping file was lost', async () => {
    await apply({ tracking: true });
    await rm(join(featureDir, '.specwright'), { recursive: true });
    const plan = await preview();
    assert.deepEqual(plan.counts, { create: 0, update: 0, close: 0, unchanged: 3 });
    assert.equal(plan.tracking?.kind, 'unchanged');
    await apply();
    assert.equal(issues().length, 4, 'nothing created twice');
  });

  it('keeps one mapping per repository: the same feature sent to a fork gets its own issues', async () => {
    await apply();
    const fork = await github.applyIssues({ feature: featureDir, repo: 'octo/fork', closeTicked: false });
    assert.equal(fork.result.created.length, 3);
    assert.equal(fake.issues('octo/fork').length, 3);
    const mapping = JSON.parse(await readFile(join(featureDir, MAPPING_FILE), 'utf8'));
    assert.deepEqual(Object.keys(mapping.repositories), ['octo/app', 'octo/fork']);
  });

  it('stops when cancelled, keeps what was made in the mapping, and the next run makes only the rest', async () => {
    const controller = new AbortController();
    const stop = github.onDidChange((_status, activity) => {
      if (activity && activity.done === 1) controller.abort();
    });
    const first = await apply({}, controller.signal);
    stop.dispose();
    assert.equal(first.result.cancelled, true);
    assert.equal(first.result.created.length, 1);
    assert.equal(issues().length, 1);
    const second = await apply();
    assert.equal(second.result.created.length, 2);
    assert.equal(issues().length, 3);
  });

  it('reports progress, and a rate-limit wait, as activity', async () => {
    fake.failNext('POST', /\/issues$/, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) }, body: { message: 'API rate limit exceeded' } });
    const seen: string[] = [];
    const listening = github.onDidChange((_s, activity) => { if (activity) seen.push(`${activity.done}/${activity.total} ${activity.message}${activity.waitingUntil ? ' (waiting)' : ''}`); });
    await apply();
    listening.dispose();
    assert.ok(seen.some((s) => /^0\/3 Creating T001: /.test(s)), seen.join('\n'));
    assert.ok(seen.some((s) => /rate limit was hit; waiting .* then going on\. \(waiting\)$/.test(s)), seen.join('\n'));
    assert.ok(seen.some((s) => /^2\/3 Creating T011: /.test(s)), seen.join('\n'));
    assert.equal(seen.at(-1), '3/3 3 sent.');
    assert.equal(issues().length, 3);
  });

  it('needs a sign-in to send, and says which repository to pick when several remotes point at GitHub', async () => {
    await github.setAuth(undefined);
    await assert.rejects(apply(), (e: unknown) => e instanceof GitHubError && e.code === 'signInRequired');
    // Signed out, the preview still works from the mapping file alone.
    const offline = await preview();
    assert.equal(offline.counts.create, 3);
    assert.equal(offline.defaultBranch, 'HEAD');

    await github.setAuth({ token, apiUrl: fake.apiUrl });
    const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { stdio: 'ignore' });
    git('init', '-q');
    git('remote', 'add', 'origin', 'git@127.0.0.1:me/app.git');
    git('remote', 'add', 'upstream', 'http://127.0.0.1/octo/app.git');
    await assert.rejects(github.previewIssues({ feature: featureDir }), /Several GitHub repositories among the git remotes: origin \(me\/app\), upstream \(octo\/app\)\. Pick one\./);
    git('remote', 'remove', 'origin');
    const plan = planView((await github.previewIssues({ feature: join(featureDir, 'tasks.md') })).plan);
    assert.equal(plan.repository, 'octo/app');
    assert.equal(plan.counts.create, 3);
  });

  it('refuses a feature without tasks.md, and a mapping file it cannot read', async () => {
    await rm(join(featureDir, 'tasks.md'));
    await assert.rejects(preview(), /There is no tasks\.md in .* Generate the tasks first/);
    await writeFile(join(featureDir, 'tasks.md'), TASKS);
    await mkdir(join(featureDir, '.specwright'), { recursive: true });
    await writeFile(join(featureDir, MAPPING_FILE), '{ not json');
    await assert.rejects(preview(), /is not a mapping Specwright can read/);
    assert.deepEqual(fake.writes(), []);
  });
});
