// spec-kit's current artefacts in a real VS Code (issue 13.9): the Features view lists a feature's
// research.md, data-model.md, quickstart.md, contracts/* and checklists/* (with "checklist 2/3")
// and opens each on click; the feature .specify/feature.json names is marked current; Run All
// asks first when a checklist is incomplete, stops when told to, and runs when told to go on.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { until } = require('../waits');

const TASK_AGENT = path.resolve(__dirname, '..', '..', 'fixtures', 'agents', 'task-agent.mjs');

describe("spec-kit's artefacts in a real VS Code", () => {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const featureDir = path.join(root, 'specs', '20261201-101500-team-invites');
  const config = () => vscode.workspace.getConfiguration('specwright');
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(featureDir, rel)), { recursive: true });
    fs.writeFileSync(path.join(featureDir, rel), text);
  };
  const showWarning = vscode.window.showWarningMessage;
  let api;
  let agentBefore;

  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    api = await ext.activate();
    write('spec.md', '# Feature Specification: Team invites\n\n- **FR-001**: Admins MUST invite people by email.\n');
    write('plan.md', '# Implementation Plan: Team invites\n\nTypeScript.\n');
    write('tasks.md', '# Tasks: Team invites\n\n## Phase 1: Setup\n\n- [ ] T001 Create the invite model in src/invite.ts\n');
    write('research.md', '# Research\n\nDecision: email links.\n');
    write('data-model.md', '# Data model\n\n- Invite: email, role, expiresAt\n');
    write('quickstart.md', '# Quickstart\n\nInvite someone, accept the link.\n');
    write('contracts/invites.yaml', 'openapi: 3.0.0\n');
    write('checklists/requirements.md', '# Requirements checklist\n\n- [x] CHK001 No implementation details\n- [x] CHK002 Requirements are testable\n- [ ] CHK003 Success criteria are measurable\n');
    fs.mkdirSync(path.join(root, '.specify'), { recursive: true });
    fs.writeFileSync(path.join(root, '.specify', 'feature.json'), JSON.stringify({ feature_directory: 'specs/20261201-101500-team-invites' }));
    agentBefore = config().get('agent');
    await config().update('custom.command', process.execPath, vscode.ConfigurationTarget.Workspace);
    await config().update('custom.args', [TASK_AGENT, '{workspaceRoot}', '{prompt}'], vscode.ConfigurationTarget.Workspace);
    await config().update('agent', 'custom', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    vscode.window.showWarningMessage = showWarning;
    await vscode.commands.executeCommand('specwright.stopAllTasks', featureDir);
    await config().update('agent', agentBefore, vscode.ConfigurationTarget.Workspace);
    await config().update('custom.command', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('custom.args', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(path.join(root, '.specify'), { recursive: true, force: true });
    fs.rmSync(featureDir, { recursive: true, force: true });
    fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
  });

  it('lists the artefacts under the feature, the checklist with its progress, and opens each on click', async () => {
    const rows = await until('the artefact rows', async () => {
      const found = await api.featureRows(featureDir);
      return found.some((r) => r.label === 'checklists/requirements.md') ? found : undefined;
    });
    const byLabel = new Map(rows.map((r) => [r.label, r]));
    for (const label of ['spec.md', 'plan.md', 'tasks.md', 'research.md', 'data-model.md', 'quickstart.md', 'contracts/invites.yaml', 'checklists/requirements.md']) {
      assert.ok(byLabel.has(label), `${label} row in ${rows.map((r) => r.label).join(', ')}`);
    }
    assert.equal(byLabel.get('checklists/requirements.md').description, 'checklist 2/3');
    for (const label of ['data-model.md', 'contracts/invites.yaml', 'checklists/requirements.md']) {
      const { command } = byLabel.get(label);
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      const opened = await until(`${label} open`, () => {
        const editor = vscode.window.activeTextEditor;
        return editor && editor.document.uri.fsPath === path.join(featureDir, ...label.split('/')) ? editor : undefined;
      }, 15000);
      assert.ok(opened);
    }
  });

  it('marks the feature .specify/feature.json names as current', async () => {
    const statuses = await api.featureStatuses();
    assert.deepEqual(statuses.filter((s) => s.current).map((s) => s.path), [featureDir]);
  });

  it('Run All asks when a checklist is incomplete: stopping runs nothing, going on runs the tasks', async () => {
    const asked = [];
    vscode.window.showWarningMessage = async (message) => { asked.push(message); return undefined; };
    const stopped = await vscode.commands.executeCommand('specwright.runAllReadyTasks', featureDir);
    assert.equal(stopped, undefined, 'no run when the user stops');
    assert.equal(asked.length, 1);
    assert.match(asked[0], /Checklists are not complete: checklists\/requirements\.md 2\/3/);
    assert.equal(api.taskBoard(featureDir).tasks.length, 0, 'nothing queued');

    vscode.window.showWarningMessage = async (message, options, ...items) => { asked.push(message); return items.find((i) => /Run Anyway/.test(String(i))); };
    const runId = await vscode.commands.executeCommand('specwright.runAllReadyTasks', featureDir);
    assert.equal(typeof runId, 'string', 'the run starts when the user goes on');
    assert.equal(asked.length, 2);
    await until('T001 to finish', () => api.taskBoard(featureDir).tasks.some((t) => t.id === 'T001' && ['done', 'failed'].includes(t.status)));
  });
});
