// The workspace's agent configuration file in a real VS Code (issue 14.5): a custom agent set only
// in `.specwright/config.json` — nothing in VS Code's settings — is picked up as the file appears,
// is the agent a generation runs, and is the same agent the CLI (`specwright agents`) finds in that
// folder. A setting the user set still wins over the file.
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { until, finished } = require('../waits');

const PRINT_DOCUMENT = path.resolve(__dirname, '..', '..', 'fixtures', 'bin', 'print-document.js');

describe('.specwright/config.json in a real VS Code (the file the CLI reads too)', () => {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const dir = path.join(root, '.specwright');
  const file = path.join(dir, 'config.json');
  const config = () => vscode.workspace.getConfiguration('specwright');
  let api;
  let ext;

  before(async () => {
    ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    api = await ext.activate();
    assert.ok(vscode.workspace.isTrusted, 'the test workspace is trusted (the file may name a program)');
    for (const key of ['custom.command', 'custom.args', 'custom.protocol']) {
      const i = config().inspect(key);
      assert.equal(i.globalValue ?? i.workspaceValue ?? i.workspaceFolderValue, undefined, `specwright.${key} is not set in VS Code: only the file sets it`);
    }
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({
      agent: 'custom',
      custom: { command: process.execPath, args: [PRINT_DOCUMENT, 'ok'], protocol: 'text' },
    }, null, 2));
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sees the custom agent of the file once the file is there, without a reload', async () => {
    const custom = await until('the custom agent from .specwright/config.json', async () => {
      const found = (await api.agents()).find((a) => a.id === 'custom');
      return found && found.available ? found : undefined;
    }, 30000);
    assert.equal(custom.path, process.execPath);
  });

  it('runs that agent for a generation: the spec is what its command printed', async () => {
    const operationId = await vscode.commands.executeCommand('specwright.newFeature', {
      prompt: 'Photo albums organised by date', agent: 'custom',
    });
    const summary = await finished(api, operationId);
    assert.equal(summary.status, 'succeeded', summary.reason);
    assert.equal(summary.agent, 'custom');
    const spec = fs.readFileSync(path.join(summary.feature, 'spec.md'), 'utf8');
    assert.match(spec, /^# Feature Specification: 写真アルバム \(Photo albums\)/);
    assert.match(spec, /FR-001\*\*: System MUST group photos into albums by date/);
  });

  it('is the same configuration the CLI reads in that folder', () => {
    const out = execFileSync(process.execPath, [path.join(ext.extensionPath, 'dist', 'cli.js'), 'agents', '--json', '--quick', '--workspace', root], {
      cwd: root, encoding: 'utf8', timeout: 60000,
      env: { ...process.env, SPECWRIGHT_AGENT: '', SPECWRIGHT_CUSTOM_COMMAND: '', SPECWRIGHT_CUSTOM_ARGS: '', SPECWRIGHT_CUSTOM_PROTOCOL: '' },
    });
    const custom = JSON.parse(out).find((a) => a.id === 'custom');
    assert.equal(custom.available, true, custom.hint);
    assert.equal(custom.path, process.execPath);
  });

  it('a setting the user set wins over the file: the workspace\'s "specwright.agent" is still the default', async () => {
    assert.equal(config().inspect('agent').workspaceValue, 'scaffold');
    const operationId = await vscode.commands.executeCommand('specwright.newFeature', { prompt: 'Weekly timesheets exported as CSV' });
    const summary = await finished(api, operationId);
    assert.equal(summary.status, 'succeeded', summary.reason);
    assert.equal(summary.agent, 'scaffold');
  });
});
