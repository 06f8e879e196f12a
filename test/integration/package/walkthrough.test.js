// The Get Started walkthrough's steps, done for real in the packaged extension on an empty folder:
// each context key (`onContext:specwright.walkthrough.*`) turns true on the event itself — a
// dismissed picker or a refused generation leaves its step open. Along the way this drives the
// package's commands end to end: Select Agent, New Feature, Generate Plan/Tasks, Run Task.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { until, finished } = require('../waits');
const { installedSpecwright, drivePicker } = require('./packageFacts');

const TASK_AGENT = path.resolve(__dirname, '..', '..', 'fixtures', 'agents', 'task-agent.mjs');

describe('The Get Started walkthrough (packaged extension, empty folder)', () => {
  const ext = installedSpecwright();
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const config = () => vscode.workspace.getConfiguration('specwright');
  const Workspace = vscode.ConfigurationTarget.Workspace;
  let api;
  let featureDir;
  const done = (step) => until(`the ${step} step to be done`, () => api.walkthrough()[step]);

  before(async () => {
    api = await ext.activate();
  });

  it('starts with no step done', () => {
    assert.deepEqual(fs.readdirSync(root).filter((f) => f !== '.vscode'), [], 'an empty folder');
    assert.deepEqual(api.walkthrough(), {
      agentPicked: false, featureCreated: false, specGenerated: false, planGenerated: false, tasksGenerated: false, taskRan: false,
    });
  });

  it('"Pick an agent": dismissing Select Agent leaves it open; picking one does it', async () => {
    const chosen = () => { const { globalValue, workspaceValue } = config().inspect('agent'); return globalValue ?? workspaceValue; };
    await drivePicker(vscode.commands.executeCommand('specwright.selectAgent'), 'workbench.action.closeQuickOpen');
    assert.equal(chosen(), undefined, 'nothing was chosen');
    assert.equal(api.walkthrough().agentPicked, false);

    await drivePicker(vscode.commands.executeCommand('specwright.selectAgent'), 'workbench.action.acceptSelectedQuickOpenItem');
    assert.notEqual(chosen(), undefined, 'the pick was saved');
    await done('agentPicked');
  });

  it('"Create a feature" and "Generate the spec": New Feature makes specs/001-…/ and writes its spec', async () => {
    await config().update('agent', 'scaffold', Workspace);
    const operationId = await vscode.commands.executeCommand('specwright.newFeature', {
      prompt: 'Users organise photos into albums by date and share an album with a read-only link',
    });
    const summary = await finished(api, operationId);
    assert.equal(summary.status, 'succeeded', summary.reason);
    featureDir = summary.feature;
    assert.match(path.basename(featureDir), /^001-/);
    await done('featureCreated');
    await done('specGenerated');
    assert.equal(api.walkthrough().planGenerated, false);
  });

  it('"Plan it": a refused Generate Tasks (no plan yet) does not count; Generate Plan does', async () => {
    assert.equal(await vscode.commands.executeCommand('specwright.generateTasks', vscode.Uri.file(featureDir), { prompt: '' }), undefined, 'refused: no plan.md');
    const operationId = await vscode.commands.executeCommand('specwright.generatePlan', vscode.Uri.file(featureDir), { prompt: 'TypeScript on Node.js 20' });
    assert.equal((await finished(api, operationId)).status, 'succeeded');
    await done('planGenerated');
    assert.equal(api.walkthrough().tasksGenerated, false);
  });

  it('"Break it into tasks": Generate Tasks writes tasks.md', async () => {
    const operationId = await vscode.commands.executeCommand('specwright.generateTasks', vscode.Uri.file(featureDir), { prompt: '' });
    assert.equal((await finished(api, operationId)).status, 'succeeded');
    assert.ok(fs.existsSync(path.join(featureDir, 'tasks.md')));
    await done('tasksGenerated');
  });

  it('"Run a task": a failed run leaves it open; a task the agent did ticks it', async () => {
    // The offline scaffold writes documents only: its task run fails, and must not count.
    const refused = await vscode.commands.executeCommand('specwright.runTask', featureDir, 'T001');
    if (refused) assert.equal((await finished(api, refused)).status, 'failed');
    assert.equal(api.walkthrough().taskRan, false);

    // A coding agent (the fixture, as the custom agent) does the task.
    await config().update('custom.command', process.execPath, Workspace);
    await config().update('custom.args', [TASK_AGENT, '{workspaceRoot}', '{prompt}'], Workspace);
    await config().update('agent', 'custom', Workspace);
    const operationId = await vscode.commands.executeCommand('specwright.runTask', featureDir, 'T001');
    const summary = await finished(api, operationId);
    assert.equal(summary.status, 'succeeded', summary.reason);
    assert.match(fs.readFileSync(path.join(featureDir, 'tasks.md'), 'utf8'), /- \[[xX]\] T001\b/);
    await done('taskRan');
  });
});
