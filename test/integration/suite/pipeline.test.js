// The spec → plan → tasks pipeline in a real VS Code: New Feature, Generate All, the Features view
// rows and the traceability diagnostics in the Problems panel.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { until, finished } = require('../waits');

describe('The document pipeline in a real VS Code', () => {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  let api;

  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    api = await ext.activate();
  });

  it('contributes the pipeline commands and the Features view', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['specwright.newFeature', 'specwright.generatePlan', 'specwright.generateTasks', 'specwright.generateAll', 'specwright.refreshFeatures']) {
      assert.ok(commands.includes(id), `${id} registered`);
    }
    await vscode.commands.executeCommand('specwright.features.focus');
  });

  let featureDir;
  it('New Feature creates the next numbered folder and generates its spec', async () => {
    const before = fs.readdirSync(path.join(root, 'specs'));
    const operationId = await vscode.commands.executeCommand('specwright.newFeature', {
      prompt: 'Teams export their weekly timesheets as CSV for payroll',
      agent: 'scaffold',
    });
    assert.equal(typeof operationId, 'string');
    const summary = await finished(api, operationId);
    assert.equal(summary.status, 'succeeded', summary.reason);
    featureDir = summary.feature;
    const created = fs.readdirSync(path.join(root, 'specs')).filter((n) => !before.includes(n));
    assert.deepEqual(created, [path.basename(featureDir)]);
    assert.match(path.basename(featureDir), /^\d{3}-[a-z0-9-]+$/);
    assert.ok(fs.existsSync(path.join(featureDir, 'spec.md')));
  });

  it('Generate All from the plan writes plan.md and tasks.md as one chain', async () => {
    const chainId = await vscode.commands.executeCommand('specwright.generateAll', vscode.Uri.file(featureDir), {
      from: 'plan', prompt: 'TypeScript on Node.js 20', agent: 'scaffold',
    });
    assert.equal(typeof chainId, 'string');
    await until('tasks.md', () => fs.existsSync(path.join(featureDir, 'tasks.md')));
    const rows = await until('the Features view to show the tasks stage', async () => {
      const statuses = await api.featureStatuses();
      const row = statuses.find((s) => s.path === featureDir);
      return row && row.stage === 'tasks' && row.lastOperation && row.lastOperation.status === 'succeeded' ? statuses : undefined;
    });
    const row = rows.find((s) => s.path === featureDir);
    assert.equal(row.lastOperation.kind, 'tasks');
    assert.equal(row.lastOperation.chainId, chainId);
    assert.ok(row.progress.total > 0, 'tasks counted');
    assert.equal(row.progress.done, 0);
    assert.equal(row.nextStep, undefined);
  });

  it('shows traceability findings as diagnostics and clears them when fixed', async () => {
    const tasksPath = path.join(featureDir, 'tasks.md');
    const uri = vscode.Uri.file(tasksPath);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(doc.lineCount, 0), '\n- [ ] T900 Handle FR-999 in src/export.ts (depends on T998)\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    // Unsaved text is checked as typed.
    const problems = await until('diagnostics for the unknown requirement and task', () => {
      const list = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Specwright');
      return list.some((d) => String(d.message).includes('FR-999')) && list.some((d) => String(d.message).includes('T998')) ? list : undefined;
    }, 20000);
    const fr = problems.find((d) => String(d.message).includes('FR-999'));
    assert.equal(fr.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(fr.range.start.line, doc.lineCount - 2);

    await vscode.commands.executeCommand('undo');
    await until('the diagnostics to clear after undo', () => {
      const list = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Specwright');
      return !list.some((d) => String(d.message).includes('FR-999'));
    }, 20000);
  });
});
