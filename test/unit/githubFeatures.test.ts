import assert from 'node:assert/strict';
import { GitHubError } from '../../src/core/github/errors';
import { GitHubService } from '../../src/core/github/githubService';
import { FakeGitHub } from '../fixtures/github/fakeGitHub';
import { PLAN, SPEC, TASKS } from '../fixtures/github/sampleFeature';

describe('Repository features through the GitHub API', () => {
  const token = 'ghp_features_token_0123456789';
  let fake: FakeGitHub;
  let github: GitHubService;

  beforeEach(async () => {
    fake = new FakeGitHub({
      token,
      repos: {
        'octo/app': {
          defaultBranch: 'trunk',
          files: {
            'README.md': '# app',
            'specs/001-photo-albums/spec.md': SPEC,
            'specs/001-photo-albums/plan.md': PLAN,
            'specs/001-photo-albums/tasks.md': TASKS,
            'specs/001-photo-albums/contracts/albums.yaml': 'openapi: 3.1.0',
            'specs/002-team-chat/spec.md': '# Chat',
            'specs/010-search/notes.txt': 'later',
            'specs/drafts/idea.md': 'not a feature folder',
            'specs/README.md': 'about the specs',
          },
        },
        'octo/empty': { files: { 'README.md': '# nothing here' } },
        'octo/private': { private: true, files: { 'specs/001-x/spec.md': '# X' } },
      },
    });
    const apiUrl = await fake.start();
    github = new GitHubService({ log: () => undefined, paceWrites: false });
    github.setApiUrl(apiUrl);
  });
  afterEach(async () => {
    github.dispose();
    await fake.close();
  });

  it('lists specs/NNN-*/ folders of the default branch with stage, documents and task progress, without cloning', async () => {
    await github.setAuth({ token, apiUrl: fake.apiUrl });
    const list = await github.features('octo/app');
    assert.equal(list.repository.defaultBranch, 'trunk');
    assert.equal(list.repository.ref, 'trunk');
    assert.deepEqual(list.features.map((f) => [f.name, f.stage]), [['001-photo-albums', 'tasks'], ['002-team-chat', 'spec'], ['010-search', 'new']]);
    const albums = list.features[0];
    assert.deepEqual(albums.documents, { spec: true, plan: true, tasks: true });
    assert.deepEqual(albums.files, ['specs/001-photo-albums/plan.md', 'specs/001-photo-albums/spec.md', 'specs/001-photo-albums/tasks.md']);
    assert.equal(albums.progress?.total, 5);
    assert.equal(albums.progress?.done, 1);
    assert.deepEqual(albums.progress?.phases.map((p) => [p.name, p.done, p.total]), [
      ['Phase 1: Setup', 1, 2],
      ['Phase 3: User Story 1 - Organise photos into albums by date (Priority: P1) 🎯 MVP', 0, 3],
    ]);
    assert.equal(list.features[1].progress, undefined);
    // Only reads: the repository, specs/, each feature folder, and the tasks.md of the one that has it.
    assert.ok(fake.requests.every((r) => r.method === 'GET'));
    assert.ok(fake.requests.every((r) => !r.path.includes('/git/') && !r.path.includes('tarball') && !r.path.includes('zipball')));
  });

  it('opens a document as text', async () => {
    const file = await github.readFile('octo/app', 'specs/001-photo-albums/spec.md');
    assert.equal(file.text, SPEC);
    assert.equal(file.ref, 'trunk');
    assert.match(file.htmlUrl, /\/octo\/app\/blob\/trunk\/specs\/001-photo-albums\/spec\.md$/);
  });

  it('reads public repositories signed out, and a repository without specs/ has no features', async () => {
    assert.equal(github.status().signedIn, false);
    const list = await github.features('octo/empty');
    assert.deepEqual(list.features, []);
    assert.ok(fake.requests.every((r) => r.headers.authorization === undefined));
  });

  it('says a repository is missing or out of reach (404), and that a name must be owner/name', async () => {
    for (const name of ['octo/private', 'octo/nothing']) {
      const error = await github.features(name).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof GitHubError && error.code === 'notFound', String(error));
      assert.match(error.message, new RegExp(`${name} was not found .* or your account has no access to it`));
    }
    await assert.rejects(github.features('just-a-name'), /write it as owner\/name/);
  });

  it('reads private repositories once signed in, and shows who is signed in (login and avatar)', async () => {
    const status = await github.setAuth({ token, apiUrl: fake.apiUrl });
    assert.equal(status.signedIn, true);
    assert.equal(status.login, 'octocat');
    assert.match(status.avatarUrl ?? '', /^https:\/\/avatars\./);
    const list = await github.features('octo/private');
    assert.deepEqual(list.features.map((f) => f.name), ['001-x']);
  });

  it('a token GitHub refuses leaves the user signed out, with what to do', async () => {
    const status = await github.setAuth({ token: 'ghp_revoked', apiUrl: fake.apiUrl });
    assert.equal(status.signedIn, false);
    assert.match(status.problem ?? '', /Sign in to GitHub again/);
    assert.ok(!JSON.stringify(status).includes('ghp_revoked'));
  });
});
