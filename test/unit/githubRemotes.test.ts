import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitTopLevel, readGitRemotes } from '../../src/core/github/gitRemotes';
import { apiUrlForHost, apiUrlFromSetting, hostOfApiUrl, parseRemoteList, parseRemoteUrl, parseRepoName } from '../../src/core/github/remoteUrl';

describe('GitHub remote URLs', () => {
  const octo = { host: 'github.com', owner: 'octo', repo: 'app' };

  it('reads https remotes, with or without .git, credentials or a trailing slash', () => {
    assert.deepEqual(parseRemoteUrl('https://github.com/octo/app.git'), octo);
    assert.deepEqual(parseRemoteUrl('https://github.com/octo/app'), octo);
    assert.deepEqual(parseRemoteUrl('https://x-access-token:abc@github.com/octo/app.git'), octo);
    assert.deepEqual(parseRemoteUrl('http://www.github.com/octo/app/'), octo);
    assert.deepEqual(parseRemoteUrl('  https://GitHub.com/octo/app.GIT \n'), octo);
  });

  it('reads ssh:// and scp-like git@host:owner/repo.git remotes, ports and ssh.github.com included', () => {
    assert.deepEqual(parseRemoteUrl('ssh://git@github.com/octo/app.git'), octo);
    assert.deepEqual(parseRemoteUrl('ssh://git@ssh.github.com:443/octo/app.git'), octo);
    assert.deepEqual(parseRemoteUrl('git+ssh://git@github.com/octo/app.git'), octo);
    assert.deepEqual(parseRemoteUrl('git@github.com:octo/app.git'), octo);
    assert.deepEqual(parseRemoteUrl('git@github.com:/octo/app.git'), octo);
    assert.deepEqual(parseRemoteUrl('github.com:octo/app'), octo);
    assert.deepEqual(parseRemoteUrl('git://github.com/octo/app.git'), octo);
    assert.deepEqual(parseRemoteUrl('org-123@github.com:octo/my.app.git'), { host: 'github.com', owner: 'octo', repo: 'my.app' });
  });

  it('reads Enterprise hosts in every form, and keeps the host', () => {
    const ghe = { host: 'ghe.example.com', owner: 'platform', repo: 'billing' };
    assert.deepEqual(parseRemoteUrl('https://ghe.example.com/platform/billing.git'), ghe);
    assert.deepEqual(parseRemoteUrl('ssh://git@ghe.example.com:2222/platform/billing.git'), ghe);
    assert.deepEqual(parseRemoteUrl('git@ghe.example.com:platform/billing.git'), ghe);
    assert.deepEqual(parseRemoteUrl('git@octocorp.ghe.com:platform/billing.git'), { ...ghe, host: 'octocorp.ghe.com' });
  });

  it('refuses local paths, other schemes and URLs that do not name owner/repo', () => {
    for (const url of ['/srv/git/app.git', './app', 'C:/work/app', 'C:\\work\\app', 'file:///srv/git/octo/app.git', 'https://github.com/octo', 'https://github.com/octo/app/tree/main', 'git@github.com:app.git', '']) {
      assert.equal(parseRemoteUrl(url), undefined, url);
    }
  });

  it('knows where the REST API of each host is, and the way back', () => {
    assert.equal(apiUrlForHost('github.com'), 'https://api.github.com');
    assert.equal(apiUrlForHost('ghe.example.com'), 'https://ghe.example.com/api/v3');
    assert.equal(apiUrlForHost('octocorp.ghe.com'), 'https://api.octocorp.ghe.com');
    assert.equal(hostOfApiUrl(undefined), 'github.com');
    assert.equal(hostOfApiUrl('https://api.github.com'), 'github.com');
    assert.equal(hostOfApiUrl('https://ghe.example.com/api/v3'), 'ghe.example.com');
    assert.equal(hostOfApiUrl('https://api.octocorp.ghe.com'), 'octocorp.ghe.com');
  });

  it('turns the Enterprise setting, however it is written, into the API URL', () => {
    assert.equal(apiUrlFromSetting(''), undefined);
    assert.equal(apiUrlFromSetting('https://github.com'), undefined);
    assert.equal(apiUrlFromSetting('https://ghe.example.com'), 'https://ghe.example.com/api/v3');
    assert.equal(apiUrlFromSetting('ghe.example.com/'), 'https://ghe.example.com/api/v3');
    assert.equal(apiUrlFromSetting('https://ghe.example.com/api/v3/'), 'https://ghe.example.com/api/v3');
    assert.equal(apiUrlFromSetting('https://octocorp.ghe.com'), 'https://api.octocorp.ghe.com');
  });

  it('parses `git remote -v` into one fetch URL per remote, and owner/name strings', () => {
    const output = [
      'origin\tgit@github.com:me/app.git (fetch)',
      'origin\tgit@github.com:me/app.git (push)',
      'upstream\thttps://github.com/octo/app.git (fetch)',
      'upstream\tno_push (push)',
      '',
    ].join('\n');
    assert.deepEqual(parseRemoteList(output), [
      { name: 'origin', url: 'git@github.com:me/app.git' },
      { name: 'upstream', url: 'https://github.com/octo/app.git' },
    ]);
    assert.deepEqual(parseRepoName('octo/app'), octo);
    assert.deepEqual(parseRepoName('octo/app.git', 'ghe.example.com'), { ...octo, host: 'ghe.example.com' });
    assert.equal(parseRepoName('octo'), undefined);
    assert.equal(parseRepoName('octo/app/x'), undefined);
  });

  describe('in a real git repository', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'sw-remotes-'));
      const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'ignore' });
      git('init', '-q');
      git('remote', 'add', 'origin', 'git@github.com:me/app.git');
      git('remote', 'add', 'upstream', 'https://github.com/octo/app.git');
      git('remote', 'add', 'local', '/srv/git/app.git');
      await mkdir(join(dir, 'specs', '001-x'), { recursive: true });
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('lists the GitHub remotes (not the local one) from a folder inside it, and finds its top', async () => {
      const remotes = await readGitRemotes(join(dir, 'specs', '001-x'));
      assert.deepEqual(remotes.map((r) => [r.remote, r.owner, r.repo, r.host]), [['origin', 'me', 'app', 'github.com'], ['upstream', 'octo', 'app', 'github.com']]);
      const top = await gitTopLevel(join(dir, 'specs', '001-x'));
      assert.ok(top && top.endsWith(dir.split('/').pop() ?? '?'), top);
    });

    it('answers nothing outside a repository', async () => {
      const outside = await mkdtemp(join(tmpdir(), 'sw-nogit-'));
      try {
        assert.deepEqual(await readGitRemotes(outside), []);
        assert.equal(await gitTopLevel(outside), undefined);
      } finally {
        await rm(outside, { recursive: true, force: true });
      }
    });
  });
});
