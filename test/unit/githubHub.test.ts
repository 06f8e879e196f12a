/**
 * GitHub through the hub, as the webview and the browser use it: the host holds the token, the
 * clients get login, avatar and results. Every message the hub sends during a whole GitHub flow is
 * captured and searched for the token.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import { createSpecwright, type Specwright } from '../../src/core/app/specwright';
import { PROTOCOL_VERSION, type GitHubStatus, type IssuePlan, type ServerMessage } from '../../src/protocol';
import { initialState, reduceMessages, reducer } from '../../webview/state/reducer';
import { FakeGitHub } from '../fixtures/github/fakeGitHub';
import { FEATURE, PLAN, SPEC, TASKS } from '../fixtures/github/sampleFeature';
import { FakeTransport, settle } from './helpers/fakeTransport';

describe('GitHub through the hub (webview and browser)', () => {
  const token = 'ghp_hubFlowToken_9f8e7d6c5b4a3210SECRET';
  let fake: FakeGitHub;
  let core: Specwright;
  let root: string;
  let featureDir: string;
  let client: FakeTransport;
  let n = 0;

  /** Polls until the hub has sent what `find` looks for (the mocha timeout ends a wait that never does). */
  const waitFor = async <T>(find: () => T | undefined): Promise<T> => {
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const request = async (method: string, params?: unknown): Promise<Extract<ServerMessage, { type: 'response' }>> => {
    const id = `r${++n}`;
    client.deliver({ type: 'request', id, method, params });
    return waitFor(() => client.ofType('response').find((r) => r.id === id));
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sw-gh-hub-'));
    featureDir = join(root, 'specs', FEATURE);
    await mkdir(featureDir, { recursive: true });
    await writeFile(join(featureDir, 'spec.md'), SPEC);
    await writeFile(join(featureDir, 'plan.md'), PLAN);
    await writeFile(join(featureDir, 'tasks.md'), TASKS);
    fake = new FakeGitHub({ token, login: 'mona', repos: { 'octo/app': { files: { [`specs/${FEATURE}/spec.md`]: SPEC, [`specs/${FEATURE}/tasks.md`]: TASKS } } } });
    const apiUrl = await fake.start();
    core = createSpecwright({
      roots: () => [root], settings: () => DEFAULT_SETTINGS, isTrusted: () => true, log: () => undefined,
      github: { paceWrites: false, signInHint: 'Set GH_TOKEN.' },
    });
    core.github.setApiUrl(apiUrl);
    client = new FakeTransport();
    core.hub.connect(client, { client: 'test' });
    client.deliver({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test' });
    await waitFor(() => client.ofType('welcome')[0]);
  });
  afterEach(async () => {
    core.dispose();
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  it('never sends the token to a client during a whole GitHub flow, and the panel state shows who is signed in', async () => {
    const welcome = client.ofType('welcome')[0];
    assert.equal(welcome.snapshot.github?.signedIn, false);
    assert.equal((await request('githubSignIn')).error?.code, 'sign_in_required', 'the standalone host cannot start a sign-in');

    await core.github.setAuth({ token, apiUrl: fake.apiUrl });
    await settle();
    const pushed = client.ofType('github').at(-1);
    assert.equal(pushed?.status.signedIn, true);
    assert.equal(pushed?.status.login, 'mona');

    const status = (await request('githubStatus')).result as GitHubStatus;
    assert.deepEqual([status.signedIn, status.login], [true, 'mona']);
    const features = await request('githubFeatures', { repo: 'octo/app' });
    assert.equal(features.ok, true, JSON.stringify(features.error));
    const file = await request('githubReadFile', { repo: 'octo/app', path: `specs/${FEATURE}/spec.md` });
    assert.equal((file.result as { text: string }).text, SPEC);
    const preview = await request('githubIssuesPreview', { feature: featureDir, repo: 'octo/app', tracking: true });
    assert.equal((preview.result as IssuePlan).counts.create, 3);
    const applied = await request('githubIssuesApply', { feature: featureDir, repo: 'octo/app', tracking: true });
    assert.equal(applied.ok, true, JSON.stringify(applied.error));
    assert.equal((applied.result as { created: number }).created, 3);
    assert.equal(fake.issues('octo/app').length, 4);
    assert.equal((await request('githubCancel')).ok, true);
    // Failures travel too: a missing repository, a bad name.
    assert.equal((await request('githubFeatures', { repo: 'octo/missing' })).error?.code, 'not_found');
    assert.equal((await request('githubFeatures', { repo: 'not a repo' })).error?.code, 'invalid_params');
    // GitHub revokes the token: the next check signs the user out, and says so without quoting the token.
    await core.github.setAuth({ token: `${token}-revoked`, apiUrl: fake.apiUrl });
    await settle();
    const signedOut = client.ofType('github').at(-1);
    assert.equal(signedOut?.status.signedIn, false);
    assert.match(signedOut?.status.problem ?? '', /Sign in to GitHub again/);
    assert.equal((await request('githubIssuesApply', { feature: featureDir, repo: 'octo/app' })).error?.code, 'sign_in_required');

    const everything = JSON.stringify(client.sent);
    assert.ok(client.sent.length > 10);
    assert.ok(client.ofType('github').some((m) => m.activity?.finished), 'progress was pushed');
    assert.ok(!everything.includes(token), 'the token never reaches a client');
    assert.ok(!everything.includes(token.slice(4, 20)), 'nor any part of it');
    // …while GitHub did get it, as a header.
    assert.ok(fake.requests.some((r) => r.headers.authorization === `token ${token}`));

    // What the panel makes of those messages.
    const state = reduceMessages(client.sent);
    assert.equal(state.github?.signedIn, false);
    assert.equal(state.githubActivity?.finished, true);
  });

  it('lists the GitHub repositories among the git remotes of the workspace', async () => {
    const response = await request('githubRemotes', {});
    assert.deepEqual(response.result, { repositories: [] }, 'the temp folder is no git repository');
  });

  it('the panel keeps the latest result of each GitHub request, and the host\'s word on sign-in', () => {
    let state = reducer(initialState, { type: 'requestSent', request: { id: 'a', method: 'githubIssuesPreview', params: {}, sentAt: 0 } });
    const plan = { repository: 'octo/app', counts: { create: 1, update: 0, close: 0, unchanged: 0 } };
    state = reducer(state, { type: 'server', now: 0, message: { type: 'response', id: 'a', ok: true, result: plan } });
    assert.deepEqual(state.githubResults?.githubIssuesPreview, plan);
    assert.deepEqual(state.pending, {});
    state = reducer(state, { type: 'server', now: 0, message: { type: 'github', status: { signedIn: true, login: 'mona', host: 'github.com', canSignIn: true }, activity: { title: 'Issues from tasks', message: 'Creating T001', done: 0, total: 1, finished: false } } });
    assert.equal(state.github?.login, 'mona');
    assert.equal(state.githubActivity?.message, 'Creating T001');
  });
});
