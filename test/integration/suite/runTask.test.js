// Run Task in a real VS Code: the CodeLens offers "Run task" on the open tasks of tasks.md, the
// command runs one task with a fake coding agent (a node script from test/fixtures, configured as
// the `custom` agent) that edits a file, and exactly that task gets ticked — one character, in the
// open editor and on disk. The built-in offline scaffold refuses to implement a task, and says so.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const TASK_AGENT = path.resolve(__dirname, '..', '..', 'fixtures', 'agents', 'task-agent.mjs');

const { until, finished } = require('../waits');

const TASKS = [
  '# Tasks: Run demo',
  '',
  '## Phase 1: Setup',
  '',
  '- [ ] T001 Create the project in src/index.ts',
  '- [ ] T002 [P] Album model in src/models/album.ts',
  '- [ ] T003 [P] Photo model in src/models/photo.ts',
  '',
].join('\n');

describe('Run Task in a real VS Code', () => {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const featureDir = path.join(root, 'specs', '090-run-demo');
  const tasksPath = path.join(featureDir, 'tasks.md');
  const config = () => vscode.workspace.getConfiguration('specwright');
  let api;
  let agentBefore;

  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    api = await ext.activate();
    fs.mkdirSync(featureDir, { recursive: true });
    fs.writeFileSync(path.join(featureDir, 'spec.md'), '# Feature Specification: Run demo\n\n- **FR-001**: Users MUST see albums.\n');
    fs.writeFileSync(path.join(featureDir, 'plan.md'), '# Implementation Plan: Run demo\n\nTypeScript.\n');
    fs.writeFileSync(tasksPath, TASKS);
    agentBefore = config().get('agent');
    // The fake agent: node (this extension host's own) running the fixture script.
    await config().update('custom.command', process.execPath, vscode.ConfigurationTarget.Workspace);
    await config().update('custom.args', [TASK_AGENT, '{workspaceRoot}', '{prompt}'], vscode.ConfigurationTarget.Workspace);
    await config().update('agent', 'custom', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await config().update('agent', agentBefore, vscode.ConfigurationTarget.Workspace);
    await config().update('custom.command', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('custom.args', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('contributes the task commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['specwright.runTask', 'specwright.runAllReadyTasks', 'specwright.stopAllTasks', 'specwright.retryTask', 'specwright.skipTask', 'specwright.showTaskChanges', 'specwright.exportOperation']) {
      assert.ok(commands.includes(id), `${id} registered`);
    }
  });

  it('offers "Run task" on every open task of tasks.md', async () => {
    const document = await vscode.workspace.openTextDocument(tasksPath);
    await vscode.window.showTextDocument(document);
    const lenses = await until('the task CodeLens', async () => {
      const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri, 100);
      return found && found.some((l) => l.command && l.command.command === 'specwright.runTask') ? found : undefined;
    });
    const runLines = lenses.filter((l) => l.command && l.command.command === 'specwright.runTask').map((l) => l.range.start.line);
    assert.deepEqual(runLines, [4, 5, 6]);
    assert.ok(lenses.some((l) => l.command && l.command.command === 'specwright.runAllReadyTasks'), 'Run all ready tasks at the top');
  });

  it('Run Task with the fake agent ticks exactly that task', async () => {
    const before = fs.readFileSync(tasksPath, 'utf8');
    const operationId = await vscode.commands.executeCommand('specwright.runTask', featureDir, 'T002');
    assert.equal(typeof operationId, 'string', 'the command returns the operation id');
    const summary = await finished(api, operationId);
    assert.equal(summary.status, 'succeeded', summary.reason);
    assert.equal(summary.kind, 'task');
    assert.equal(summary.task.id, 'T002');

    const after = await until('tasks.md saved with the tick', () => {
      const text = fs.readFileSync(tasksPath, 'utf8');
      return text !== before ? text : undefined;
    });
    assert.equal(after.length, before.length);
    const changed = [...before].map((c, i) => (c === after[i] ? -1 : i)).filter((i) => i >= 0);
    assert.deepEqual(changed, [before.indexOf('- [ ] T002') + 3], 'one character: the checkbox of T002');
    assert.equal(after[changed[0]], 'x');
    assert.match(after, /- \[ \] T001/);
    assert.match(after, /- \[ \] T003/);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === tasksPath);
    assert.equal(open.getText(), after, 'the open editor shows the tick');
    assert.equal(open.isDirty, false);
    assert.ok(fs.existsSync(path.join(root, 'out', 'T002.txt')), 'the fake agent did its work');
    assert.equal(fs.readFileSync(path.join(root, 'src', 'models', 'album.ts'), 'utf8'), '// T002\n');

    const board = api.taskBoard(featureDir);
    assert.deepEqual(board.tasks.map((t) => [t.key, t.status]), [['T002', 'done']]);
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', open.uri, 100);
    const onT002 = lenses.filter((l) => l.range.start.line === 5).map((l) => l.command && l.command.title);
    assert.ok(onT002.some((t) => /Done/.test(t)), `T002 shows as done: ${onT002.join(' | ')}`);
    assert.ok(!onT002.some((t) => /Run task/.test(t)));
  });

  it('the Run button of a task in the Specwright editor runs that task and ticks it', async () => {
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(tasksPath), 'specwright.documentEditor');
    await until('the editor page to show tasks.md', () => api.documentEditor.renderedVersion(tasksPath) !== undefined);
    const before = fs.readFileSync(tasksPath, 'utf8');
    const line = before.split('\n').findIndex((l) => l.includes('T003'));
    const reply = await api.documentEditor.dispatch(tasksPath, { type: 'runTask', requestId: 'run-1', line });
    assert.equal(reply && reply.ok, true, JSON.stringify(reply));
    assert.equal(typeof reply.operationId, 'string');
    const summary = await finished(api, reply.operationId);
    assert.equal(summary.status, 'succeeded', summary.reason);
    assert.equal(summary.task.id, 'T003');
    const after = await until('T003 ticked on disk', () => {
      const text = fs.readFileSync(tasksPath, 'utf8');
      return /- \[x\] T003/.test(text) ? text : undefined;
    });
    assert.equal(after.length, before.length, 'one character changed');
  });

  it('the offline scaffold says it writes documents only instead of pretending', async () => {
    await config().update('agent', 'scaffold', vscode.ConfigurationTarget.Workspace);
    const before = fs.readFileSync(tasksPath, 'utf8');
    const operationId = await vscode.commands.executeCommand('specwright.runTask', featureDir, 'T001');
    const summary = await finished(api, operationId);
    assert.equal(summary.status, 'failed');
    assert.match(summary.reason, /writes documents only .*cannot implement T001/);
    assert.equal(fs.readFileSync(tasksPath, 'utf8'), before);
    // The Features view lists the failed task run under its feature.
    const rows = await api.featureRows(featureDir);
    const row = rows.find((r) => r.label.startsWith('T001 '));
    assert.ok(row, `a T001 row in ${JSON.stringify(rows)}`);
    assert.equal(row.description, 'failed');
    await config().update('agent', 'custom', vscode.ConfigurationTarget.Workspace);
  });
});
