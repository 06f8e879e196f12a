// The spec's history in a real VS Code: a reused requirement id is an error in Problems, tasks
// citing a requirement changed since tasks.md was generated get a CodeLens and a Problems entry
// (and "Keep as is" clears them), Compare Versions opens History → Compare in the Conversation
// view, and a done task whose file changed since (in git) shows drift.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { until, finished } = require('../waits');

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'spec-history');
const TASK_AGENT = path.resolve(__dirname, '..', '..', 'fixtures', 'agents', 'task-agent.mjs');
const fixture = (name) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** Keeps `content` as a version of `docPath` the way the VersionStore lays them out. */
function keepVersion(root, docPath, content, id, createdAt) {
  const folder = path.join(root, '.specwright', 'versions', path.basename(path.dirname(docPath)), path.basename(docPath));
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `${id}.md`), content);
  const sha256 = crypto.createHash('sha256').update(content).digest('hex');
  fs.appendFileSync(path.join(folder, 'index.jsonl'), `${JSON.stringify({ id, createdAt, reason: 'before-generation', agent: 'copilot', prompt: 'test', sha256, size: Buffer.byteLength(content) })}\n`);
}

const diagnosticsOf = (file, code) => vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'Specwright' && d.code === code);

describe('The spec history in a real VS Code', () => {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  let api;

  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    api = await ext.activate();
  });

  it('contributes the history commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['specwright.compareVersions', 'specwright.keepTaskAsIs', 'specwright.showTaskDrift']) assert.ok(commands.includes(id), `${id} registered`);
  });

  describe('requirement ids and stale tasks', () => {
    const featureDir = path.join(root, 'specs', '095-history');
    const specPath = path.join(featureDir, 'spec.md');
    const tasksPath = path.join(featureDir, 'tasks.md');

    before(() => {
      fs.mkdirSync(featureDir, { recursive: true });
      fs.writeFileSync(specPath, fixture('v1.md'));
      fs.writeFileSync(path.join(featureDir, 'plan.md'), '# Implementation Plan: Photo Albums\n\nTypeScript on Node.js 20.\n');
    });

    it('a reused requirement id is an error on spec.md in Problems', async () => {
      keepVersion(root, specPath, fixture('v2.md'), '2026-11-24T09-30-00-000Z-1', Date.UTC(2026, 10, 24, 9, 30));
      fs.writeFileSync(specPath, fixture('v4.md'));
      const reused = await until('the reused-id errors', async () => {
        await api.checkHistory(featureDir);
        const list = diagnosticsOf(specPath, 'requirement-id-reused');
        return list.length === 2 ? list : undefined;
      }, 30000);
      assert.deepEqual(reused.map((d) => String(d.message).split(' ')[0]), ['FR-001', 'FR-004']);
      assert.equal(reused[0].severity, vscode.DiagnosticSeverity.Error);
      assert.equal(reused[0].range.start.line, fixture('v4.md').split('\n').findIndex((l) => l.includes('**FR-001**')));
    });

    it('tasks generated from the spec are flagged once a requirement they cite changes; Keep as is clears a task', async () => {
      fs.writeFileSync(specPath, fixture('v1.md'));
      const operationId = await vscode.commands.executeCommand('specwright.generateTasks', vscode.Uri.file(featureDir), { prompt: '', agent: 'scaffold' });
      const summary = await finished(api, operationId);
      assert.equal(summary.status, 'succeeded', summary.reason);
      assert.ok(fs.existsSync(path.join(featureDir, '.specwright', 'tasks-basis.json')), 'the spec the tasks were written from is recorded');
      const cites = fs.readFileSync(tasksPath, 'utf8').split('\n').filter((l) => /^- \[ \] T\d+/.test(l) && /\bFR-002\b/.test(l));
      assert.ok(cites.length > 0, 'the scaffold cites FR-002 in a task');

      fs.writeFileSync(specPath, fixture('v1.md').replace('by the date of their oldest photo.', 'by the date of their newest photo.'));
      const document = await vscode.workspace.openTextDocument(tasksPath);
      await vscode.window.showTextDocument(document);
      const stale = await until('Problems entries on the tasks citing FR-002', async () => {
        await api.checkHistory(featureDir);
        const list = diagnosticsOf(tasksPath, 'task-requirement-changed');
        return list.length === cites.length ? list : undefined;
      }, 30000);
      assert.ok(stale.every((d) => /^FR-002 changed since this task was written/.test(String(d.message))));
      assert.equal(stale[0].severity, vscode.DiagnosticSeverity.Warning);

      const lenses = await until('the CodeLens on the stale tasks', async () => {
        const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri, 100);
        return found && found.some((l) => l.command && l.command.title.includes('FR-002 changed since this task was written')) ? found : undefined;
      });
      const line = stale[0].range.start.line;
      const onLine = lenses.filter((l) => l.range.start.line === line && l.command);
      const titles = onLine.map((l) => l.command.title);
      assert.ok(titles.includes('$(warning) FR-002 changed since this task was written'), titles.join(' | '));
      const compare = onLine.find((l) => l.command.command === 'specwright.compareVersions');
      assert.deepEqual(compare.command.arguments, [{ feature: featureDir, document: 'spec', from: 'basis', to: 'current' }]);
      const keep = onLine.find((l) => l.command.command === 'specwright.keepTaskAsIs');
      await vscode.commands.executeCommand(keep.command.command, ...keep.command.arguments);
      await until('the kept task to lose its entry', () => diagnosticsOf(tasksPath, 'task-requirement-changed').every((d) => d.range.start.line !== line) || undefined, 20000);
      assert.equal(diagnosticsOf(tasksPath, 'task-requirement-changed').length, cites.length - 1);
    });

    it('Compare Versions opens History → Compare in the Conversation view on the sides given', async () => {
      const before = api.comparisons().length;
      await vscode.commands.executeCommand('specwright.compareVersions', { feature: featureDir, document: 'spec', from: 'basis', to: 'current' });
      const shown = await until('the page to ask for that comparison', () => api.comparisons().slice(before).find((c) => c.feature === featureDir && c.from === 'basis'), 30000);
      assert.equal(shown.to, 'current');
      assert.equal(shown.summary, '1 modified');
      // From a spec.md: the document is the file's.
      await vscode.commands.executeCommand('specwright.compareVersions', vscode.Uri.file(specPath));
      await until('the page to compare spec.md with its previous version', () => api.comparisons().slice(before).find((c) => c.feature === featureDir && c.document === 'spec' && c.from === '2026-11-24T09-30-00-000Z-1'), 30000);
    });

    // The view was left on History → Compare: reload it, so the suites after this one find the
    // Conversation tab they watch (the tab is page state, not persisted).
    after(async () => {
      await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
      await until('the reloaded view to say hello again', () => api.connectedClients() > 0 || undefined, 30000);
    });
  });

  describe('drift of done tasks (the workspace made a git repository for this suite)', () => {
    const featureDir = path.join(root, 'specs', '096-drift');
    const tasksPath = path.join(featureDir, 'tasks.md');
    const config = () => vscode.workspace.getConfiguration('specwright');
    const git = (...args) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: root, stdio: 'pipe' }).toString();
    let agentBefore;

    before(async () => {
      fs.mkdirSync(featureDir, { recursive: true });
      fs.writeFileSync(path.join(featureDir, 'spec.md'), '# Feature Specification: Drift\n\n- **FR-001**: Users MUST see albums.\n');
      fs.writeFileSync(path.join(featureDir, 'plan.md'), '# Implementation Plan: Drift\n');
      fs.writeFileSync(tasksPath, '# Tasks: Drift\n\n## Phase 1: Core\n\n- [ ] T001 Album list in src/drift/albums.ts (FR-001)\n');
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'start');
      agentBefore = config().get('agent');
      await config().update('custom.command', process.execPath, vscode.ConfigurationTarget.Workspace);
      await config().update('custom.args', [TASK_AGENT, '{workspaceRoot}', '{prompt}'], vscode.ConfigurationTarget.Workspace);
      await config().update('agent', 'custom', vscode.ConfigurationTarget.Workspace);
    });

    after(async () => {
      await config().update('agent', agentBefore, vscode.ConfigurationTarget.Workspace);
      await config().update('custom.command', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('custom.args', undefined, vscode.ConfigurationTarget.Workspace);
      // The other suites run in a folder that is not a repository.
      fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
    });

    it('a done task whose file is changed and committed by hand shows drift in Problems and a CodeLens', async () => {
      const operationId = await vscode.commands.executeCommand('specwright.runTask', featureDir, 'T001');
      const summary = await finished(api, operationId);
      assert.equal(summary.status, 'succeeded', summary.reason);
      assert.match(summary.doneCommit, /^[0-9a-f]{40}$/, 'the journal gets the commit the task was done at');
      await until('the tick on disk', () => /- \[x\] T001/.test(fs.readFileSync(tasksPath, 'utf8')) || undefined);
      assert.deepEqual(JSON.parse(fs.readFileSync(path.join(featureDir, '.specwright', 'done-tasks.json'), 'utf8')).tasks.map((t) => [t.key, t.files]), [['T001', ['out/T001.txt', 'src/drift/albums.ts']]]);
      git('add', '-A');
      git('commit', '-q', '-m', 'T001');
      assert.deepEqual((await api.checkHistory(featureDir)).filter((f) => f.code === 'task-drift'), [], 'its own work, committed, is no drift');

      fs.appendFileSync(path.join(root, 'src', 'drift', 'albums.ts'), '// edited by hand\n');
      git('commit', '-q', '-am', 'hand edit');
      const drift = await until('the drift entry', async () => {
        await api.checkHistory(featureDir);
        const list = diagnosticsOf(tasksPath, 'task-drift');
        return list.length ? list : undefined;
      }, 30000);
      assert.match(String(drift[0].message), /T001 is done \(done at [0-9a-f]{8}\), but src\/drift\/albums\.ts changed since, not by a later task/);
      const document = await vscode.workspace.openTextDocument(tasksPath);
      const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri, 100);
      const titles = lenses.filter((l) => l.command).map((l) => l.command.title);
      assert.ok(titles.includes('$(warning) Drift: src/drift/albums.ts changed since this task was done'), titles.join(' | '));
    });
  });
});
