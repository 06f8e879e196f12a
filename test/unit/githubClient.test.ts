import assert from 'node:assert/strict';
import { createGitHubClient, USER_AGENT, type RateLimitWait } from '../../src/core/github/client';
import { GitHubError, mapGitHubError } from '../../src/core/github/errors';
import { getRepository, listDirectory, readRepositoryFile } from '../../src/core/github/repositoryFeatures';
import { FakeGitHub } from '../fixtures/github/fakeGitHub';
import { FIXTURES_TOKEN, FixturesServer } from '../fixtures/github/fixturesServerProcess';
import { version } from '../../package.json';

const at = { host: 'github.com', owner: 'octokit-fixture-org', repo: 'hello-world' };

describe('GitHub client', () => {
  describe('against recorded GitHub responses (@octokit/fixtures-server)', () => {
    let fixtures: FixturesServer;
    before(async () => { fixtures = await FixturesServer.start(); });
    after(() => fixtures.stop());

    it('reads a repository: full name, default branch, web address (get-repository)', async () => {
      const client = createGitHubClient({ token: FIXTURES_TOKEN, apiUrl: await fixtures.load('get-repository') });
      const repo = await getRepository(client, at);
      assert.equal(repo.fullName, 'octokit-fixture-org/hello-world');
      assert.equal(repo.defaultBranch, 'master');
      assert.match(repo.htmlUrl, /octokit-fixture-org\/hello-world$/);
      assert.equal(repo.private, false);
    });

    it('lists a folder of the contents API and reads a file raw (get-content)', async () => {
      const client = createGitHubClient({ token: FIXTURES_TOKEN, apiUrl: await fixtures.load('get-content') });
      const root = await listDirectory(client, at, '');
      assert.deepEqual(root.map((e) => [e.type, e.name]), [['file', 'README.md']]);
      const readme = await readRepositoryFile(client, at, 'README.md');
      assert.equal(readme.trim(), '# hello-world');
    });
  });

  describe('against a local fake GitHub', () => {
    const token = 'ghp_fakeToken0123456789abcdefSECRET';
    let fake: FakeGitHub;
    let apiUrl: string;
    beforeEach(async () => {
      fake = new FakeGitHub({ token, repos: { 'octo/app': { files: { 'README.md': 'hi' } }, 'octo/secret': { private: true, files: { 'a.md': 'x' } } } });
      apiUrl = await fake.start();
    });
    afterEach(() => fake.close());

    it('names Specwright and its version in the user agent, and sends the token only as a header', async () => {
      const client = createGitHubClient({ token, apiUrl });
      await getRepository(client, { host: 'x', owner: 'octo', repo: 'app' });
      const [request] = fake.requests;
      assert.equal(USER_AGENT, `Specwright/${version}`);
      assert.ok(String(request.headers['user-agent']).startsWith(`Specwright/${version} `), String(request.headers['user-agent']));
      assert.equal(request.headers.authorization, `token ${token}`);
      assert.ok(!request.path.includes(token) && ![...request.query.values()].some((v) => v.includes(token)));
    });

    it('401 → sign in again', async () => {
      const client = createGitHubClient({ token: 'ghp_revoked', apiUrl });
      const error = await getRepository(client, { host: 'github.com', owner: 'octo', repo: 'app' }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof GitHubError);
      assert.equal(error.code, 'signInRequired');
      assert.match(error.message, /Sign in to GitHub again/);
      assert.ok(!error.message.includes('ghp_revoked'));
    });

    it('404 → the repository is not there or the account cannot see it', async () => {
      const anonymous = createGitHubClient({ apiUrl });
      const error = await getRepository(anonymous, { host: 'github.com', owner: 'octo', repo: 'secret' }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof GitHubError);
      assert.equal(error.code, 'notFound');
      assert.match(error.message, /octo\/secret was not found on github\.com, or your account has no access to it/);
    });

    it('403 with the rate limit used up → when it resets, without waiting an hour for it', async () => {
      const reset = Math.floor(Date.now() / 1000) + 3600;
      fake.failNext('GET', /^\/repos\/octo\/app$/, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: { message: 'API rate limit exceeded for user ID 1.' } });
      const waits: RateLimitWait[] = [];
      const client = createGitHubClient({ token, apiUrl, onRateLimit: (w) => waits.push(w) });
      const error = await getRepository(client, { host: 'github.com', owner: 'octo', repo: 'app' }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof GitHubError, String(error));
      assert.equal(error.code, 'rateLimited');
      assert.equal(error.resetAt, reset * 1000);
      assert.match(error.message, /rate limit .* resets at .* \(in 60 minutes\)/);
      assert.equal(waits.length, 1);
      assert.equal(waits[0].kind, 'primary');
      assert.equal(waits[0].willRetry, false);
      assert.equal(fake.requests.length, 1, 'not sent again');
    });

    it('403 other than a rate limit → the account may not do this', () => {
      const error = mapGitHubError({ status: 403, response: { status: 403, headers: { 'x-ratelimit-remaining': '4000' }, data: { message: 'Resource not accessible by integration' } } }, { repository: 'octo/app' });
      assert.equal(error.code, 'forbidden');
      assert.match(error.message, /may not do this in octo\/app.*Resource not accessible by integration/);
    });

    it('waits out a short primary rate limit (403) and sends the request again, reporting the wait', async () => {
      fake.failNext('POST', /\/issues$/, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) }, body: { message: 'API rate limit exceeded' } });
      const waits: RateLimitWait[] = [];
      const client = createGitHubClient({ token, apiUrl, paceWrites: false, onRateLimit: (w) => waits.push(w) });
      const { data } = await client.rest.issues.create({ owner: 'octo', repo: 'app', title: 'after the wait' });
      assert.equal(data.title, 'after the wait');
      assert.equal(waits.length, 1);
      assert.deepEqual([waits[0].kind, waits[0].willRetry], ['primary', true]);
      assert.equal(waits[0].request, 'POST /repos/{owner}/{repo}/issues');
      assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 2);
      assert.equal(fake.issues('octo/app').length, 1, 'created once');
    });

    it('waits out a secondary rate limit (429 with retry-after) and sends the request again', async () => {
      fake.failNext('GET', /^\/repos\/octo\/app$/, { status: 429, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } });
      const waits: RateLimitWait[] = [];
      const client = createGitHubClient({ token, apiUrl, onRateLimit: (w) => waits.push(w) });
      const repo = await getRepository(client, { host: 'github.com', owner: 'octo', repo: 'app' });
      assert.equal(repo.fullName, 'octo/app');
      assert.deepEqual(waits.map((w) => [w.kind, w.waitSeconds, w.willRetry]), [['secondary', 1, true]]);
      assert.equal(fake.requests.length, 2);
    });

    it('a network failure says GitHub could not be reached', () => {
      const error = mapGitHubError(new TypeError('fetch failed'), { host: 'ghe.example.com' });
      assert.equal(error.code, 'network');
      assert.match(error.message, /Could not reach GitHub \(ghe\.example\.com\)/);
    });
  });
});
