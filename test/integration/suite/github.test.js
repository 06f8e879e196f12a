// GitHub sign-in state in a real VS Code: read through vscode.authentication, signed out here
// (no account in the test host), and the sign-in action is offered.
const assert = require('node:assert/strict');
const vscode = require('vscode');

const within = (ms, promise) => Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve('timeout'), ms))]);

describe('GitHub in a real VS Code', () => {
  let api;
  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    api = await ext.activate();
  });

  it('reads the sign-in state through vscode.authentication without asking, and reports signed out', async () => {
    // What VS Code itself says, silently (code-server has no GitHub account in this host).
    const session = await within(10000, vscode.authentication.getSession('github', ['repo'], { createIfNone: false, silent: true }).then((s) => s, () => undefined));
    const status = await (async () => {
      const end = Date.now() + 15000;
      for (;;) {
        const s = api.githubStatus();
        if (!s.problem || Date.now() > end) return s;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    assert.equal(status.host, 'github.com');
    if (session && session !== 'timeout') {
      assert.equal(status.signedIn, true);
      assert.equal(status.login, session.account.label);
    } else {
      assert.equal(status.signedIn, false);
      assert.equal(status.login, undefined);
    }
    assert.equal(status.canSignIn, true, 'the host can start a sign-in, so the panel offers it');
    assert.ok(!JSON.stringify(status).toLowerCase().includes('token'), 'no token field reaches the status clients see');
  });

  it('offers the sign-in and the GitHub use cases as commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['specwright.github.signIn', 'specwright.github.browseFeatures', 'specwright.github.createIssues']) {
      assert.ok(commands.includes(id), `${id} registered`);
    }
  });
});
