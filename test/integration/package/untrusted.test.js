// The packaged extension in Restricted Mode: the folder (prepared by test/integration/vsix.mjs)
// is untrusted and its .vscode/settings.json points every setting that names a program at
// tools/workspace-agent, a script that records each run in ran.log. VS Code must withhold those
// values (package.json `restrictedConfigurations`) and Specwright must run none of them — while a
// path from the user's own settings, which a cloned folder cannot write, is still used.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { installedSpecwright, drivePicker } = require('./packageFacts');

describe('The packaged extension in an untrusted workspace', () => {
  const ext = installedSpecwright();
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const ranLog = path.join(root, 'ran.log');
  const config = () => vscode.workspace.getConfiguration('specwright');
  const restricted = ext.packageJSON.capabilities.untrustedWorkspaces.restrictedConfigurations;
  // Select Agent looks for every agent (running `<path> --version` where one is set) before it shows the picker.
  const lookForAgents = () => drivePicker(vscode.commands.executeCommand('specwright.selectAgent'), 'workbench.action.closeQuickOpen');

  it('opens the folder untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('VS Code withholds every restricted setting the workspace sets, and only those', () => {
    const workspaceSettings = JSON.parse(fs.readFileSync(path.join(root, '.vscode', 'settings.json'), 'utf8'));
    assert.ok(restricted.length >= 9);
    for (const id of restricted) {
      const key = id.slice('specwright.'.length);
      assert.ok(workspaceSettings[id], `the workspace sets ${id}`);
      assert.deepEqual(config().get(key), config().inspect(key).defaultValue, `${id} is not taken from the untrusted workspace`);
    }
    // The same file's other settings do count: what is withheld is the manifest's list.
    assert.equal(workspaceSettings['specwright.timeoutMinutes'], 7);
    assert.equal(config().get('timeoutMinutes'), 7);
  });

  it('activates in Restricted Mode and runs none of the programs the workspace names while it looks for agents', async () => {
    await ext.activate();
    assert.ok(ext.isActive);
    await lookForAgents();
    assert.equal(fs.existsSync(ranLog), false, `ran: ${fs.existsSync(ranLog) ? fs.readFileSync(ranLog, 'utf8') : ''}`);
  });

  it('a path in the user settings is still used there (so the check above can fail)', async () => {
    await config().update('copilot.path', path.join(root, 'tools', 'user-agent'), vscode.ConfigurationTarget.Global);
    try {
      await lookForAgents();
      const ran = fs.readFileSync(ranLog, 'utf8');
      assert.match(ran, /^user-agent --version$/m);
      assert.doesNotMatch(ran, /workspace-agent/);
    } finally {
      await config().update('copilot.path', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
