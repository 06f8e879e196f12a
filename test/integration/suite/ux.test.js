// Specwright as a new user meets it in a real VS Code (issue 12): the conversation gets the room at
// the default sidebar size while a run streams, progress ends when the work ends, the agent picker
// says what `auto` runs, no sign-in is asked at activation, the palette and the Explorer offer
// only what can act, the failed-task CodeLens keeps its actions in view. Screenshots of each go
// to test-results/screenshots/ (git-ignored) when the driver's control port is there.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { until, finished } = require('../waits');
const { shot, query, click, hasDriver } = require('../driver');
const { useTheme, LIGHT, DARK } = require('../theme');

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'agents');
const HELD_AGENT = path.join(FIXTURES, 'held-spec-agent.mjs');
const TASK_AGENT = path.join(FIXTURES, 'task-agent.mjs');

describe('Specwright as a user meets it (issue 12)', () => {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const albums = path.join(root, 'specs', '001-photo-albums');
  const config = () => vscode.workspace.getConfiguration('specwright');
  const manifest = () => vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright').packageJSON;
  let api;

  const useAgent = async (agent, args) => {
    await config().update('custom.command', args ? process.execPath : undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('custom.args', args, vscode.ConfigurationTarget.Workspace);
    await config().update('agent', agent, vscode.ConfigurationTarget.Workspace);
  };
  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    api = await ext.activate();
    await useTheme(DARK);
  });

  after(async () => {
    await useAgent('scaffold', undefined);
    await useTheme(undefined);
  });

  it('reads the GitHub session silently at activation: nothing asks for a sign-in (no Accounts badge)', async () => {
    const requests = await until('the activation-time session read', () => (api.githubSessionRequests().length ? api.githubSessionRequests() : undefined), 20000);
    for (const options of requests) {
      assert.equal(options.silent, true, `read silently: ${JSON.stringify(options)}`);
      assert.ok(!options.createIfNone, 'never createIfNone without a GitHub action');
    }
    if (hasDriver) {
      const accounts = await query('.activitybar .global-activity .action-item, .activitybar .global-activity .badge');
      const mentions = accounts.filter((a) => /Specwright/.test(`${a.text} ${a.label} ${a.title}`));
      assert.deepEqual(mentions, [], 'no "Sign in with GitHub to use Specwright" on Accounts');
    }
  });

  it('keeps the list of feature folders (specs/*, .kiro/specs/*) the Explorer submenu is scoped to', async () => {
    const kiro = path.join(root, '.kiro', 'specs', 'user-auth');
    fs.mkdirSync(kiro, { recursive: true });
    fs.writeFileSync(path.join(kiro, 'requirements.md'), '# Requirements: user auth\n');
    const folders = await until('the feature folders context key', () => {
      const list = api.featureFolders();
      return list.includes(albums) && list.includes(kiro) ? list : undefined;
    }, 20000);
    assert.ok(!folders.includes(path.join(root, 'specs')), 'specs/ itself is not a feature folder');
    assert.ok(!folders.includes(root));

    const menus = manifest().contributes.menus;
    assert.deepEqual(menus['explorer/context'].map((m) => m.submenu), ['specwright.explorer'], 'one Specwright submenu in the Explorer');
    assert.match(menus['explorer/context'][0].when, /resourcePath in specwright\.featureFolders/);
    for (const item of menus['specwright.explorer']) assert.match(item.when, /in specwright\.featureFolders/, `${item.command} is scoped to feature folders`);
    const editorIcon = manifest().contributes.commands.find((c) => c.command === 'specwright.openDocumentEditor').icon;
    assert.ok(!['$(open-preview)', '$(preview)'].includes(editorIcon), `the editor-title icon (${editorIcon}) is not Open Preview's`);
  });

  it('hides context-only commands from the palette, and a palette command with nothing to act on says so', async () => {
    const palette = new Map(manifest().contributes.menus.commandPalette.map((m) => [m.command, m.when]));
    for (const id of ['specwright.retryTask', 'specwright.skipTask', 'specwright.resumeTasks', 'specwright.stopAllTasks', 'specwright.showTaskChanges', 'specwright.cancelOperation']) {
      assert.ok(palette.get(id), `${id} has a when in menus.commandPalette`);
    }
    assert.equal(await vscode.commands.executeCommand('specwright.stopAllTasks'), 0, 'Stop All with nothing running stops nothing');
    assert.equal(await vscode.commands.executeCommand('specwright.resumeTasks', albums), false, 'Resume with nothing paused');
    // 001-photo-albums has no tasks.md: a clear message, not VS Code's "cannot open vscode-remote://…".
    assert.equal(await vscode.commands.executeCommand('specwright.retryTask', albums), undefined);
    assert.equal(await vscode.commands.executeCommand('specwright.skipTask', albums), undefined);
  });

  let streamed;
  it('gives the stream the room at the default sidebar size; the progress names the work and closes when it ends', async () => {
    await useAgent('custom', [HELD_AGENT, '{workspaceRoot}']);
    await vscode.commands.executeCommand('specwright.conversation.focus');
    await until('the conversation webview to say hello', () => api.connectedClients() > 0);

    const operationId = await vscode.commands.executeCommand('specwright.generateSpec', vscode.Uri.file(albums), { prompt: 'Users group photos into albums by date' });
    assert.equal(typeof operationId, 'string');
    const progress = await until('the progress notification with a step', () => {
      const p = api.progress();
      const open = p.notifications.find((n) => n.message);
      return open && p.statusBar.visible ? { ...p, open } : undefined;
    });
    assert.match(progress.open.title, /^Generating spec for 001-photo-albums \(.+\)…$/);
    assert.match(progress.statusBar.text, /\$\(sync~spin\) spec 001-photo-albums/);

    // Streaming (the agent holds until released): the event list has most of the view.
    const layout = await until('the event list to fill with rows', async () => {
      const l = await api.conversationLayout();
      // Rows fill the list (its content is taller than it): the room it has is what counts.
      return l.parts.eventList && l.parts.eventList.scroll > l.parts.eventList.height ? l : undefined;
    });
    console.log(`[layout] view ${layout.viewWidth}×${layout.viewHeight}: ${Object.entries(layout.parts).map(([k, v]) => `${k} ${v.visible}/${v.height}`).join(', ')}`);
    assert.ok(layout.parts.eventList.visible >= layout.viewHeight * 0.5, `event list ${layout.parts.eventList.visible}px of a ${layout.viewHeight}px view`);
    assert.deepEqual(layout.squeezed, [], 'no text squeezed into a narrow column');
    assert.match(layout.texts.agentsSummary, /Agents/, 'the Agents section is there, as one line');
    assert.ok(layout.parts.agents.height < 40, `Agents is one line (${layout.parts.agents.height}px)`);
    await shot('conversation-streaming-dark', 'sidebar');
    await useTheme(LIGHT);
    await shot('conversation-streaming-light', 'sidebar');
    await useTheme(DARK);

    fs.writeFileSync(path.join(root, '.release-held-agent'), '');
    const summary = await finished(api, operationId);
    assert.equal(summary.status, 'succeeded', summary.reason);
    // The follow-up ("spec.md is ready. Next: generate plan") is up and unanswered: the progress must not wait for it.
    await until('the progress notification and the spinner to close', () => {
      const p = api.progress();
      return p.notifications.length === 0 && !p.statusBar.visible;
    }, 20000);
    streamed = operationId;

    // Finished: the next step reads as a line, the failure/next-step texts are not squeezed.
    const done = await until('the next step under the finished spec', async () => {
      const l = await api.conversationLayout();
      return l.parts.nextStep ? l : undefined;
    });
    assert.deepEqual(done.squeezed, [], 'no text squeezed into a narrow column');
    await shot('conversation-next-step-dark', 'sidebar');
    const gitignore = path.join(root, '.specwright', '.gitignore');
    await until('.specwright/.gitignore', () => fs.existsSync(gitignore));
    assert.match(fs.readFileSync(gitignore, 'utf8'), /^\*$/m, 'the versions and the journal stay out of Source Control');

    // The view's own Next step button: plan.md opens in the editor, as the command's would.
    if (hasDriver) {
      await useAgent('scaffold', undefined);
      await new Promise((r) => setTimeout(r, 500));
      await click('.next-step vscode-button');
      const plan = path.join(albums, 'plan.md');
      await until('plan.md to open after the view generated it', () => api.openedFromView().includes(plan));
      await until('plan.md in an editor tab', () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input && t.input.uri && t.input.uri.fsPath === plan)));
      await useAgent('custom', [HELD_AGENT, '{workspaceRoot}']);
    }

    // Cancelled: the same.
    const cancelled = await vscode.commands.executeCommand('specwright.generateSpec', vscode.Uri.file(albums), { prompt: 'Albums again' });
    await until('the second run to show progress', () => api.progress().notifications.length > 0);
    await vscode.commands.executeCommand('specwright.cancelOperation');
    assert.equal((await finished(api, cancelled)).status, 'cancelled');
    await until('the progress to close after a cancel', () => api.progress().notifications.length === 0 && !api.progress().statusBar.visible, 20000);
  });

  it('shows what auto runs in the picker, counts the scaffold as ready and says how to get a better agent', async () => {
    await useAgent('auto', undefined);
    // With a conversation shown the prompt box is one line; going to it brings the pickers back.
    await click('.prompt-box .prompt-input');
    let last;
    const layout = await until('the picker to offer auto', async () => {
      last = await api.conversationLayout();
      return last.texts.autoOption && last.texts.agentValue === 'auto' && /ready/.test(last.texts.agentsSummary ?? '') ? last : undefined;
    }, 30000).catch((error) => { throw new Error(`${error.message}: ${JSON.stringify(last && last.texts)}`); });
    console.log(`[agents] ${JSON.stringify(layout.texts)}`);
    assert.match(layout.texts.autoOption, /^Auto — \S/, 'auto names the agent it runs');
    assert.equal(layout.texts.agentValue, 'auto', 'the picker shows auto, not a blank');
    const ready = Number(/(\d+) ready/.exec(layout.texts.agentsSummary)[1]);
    assert.ok(ready >= 1, 'the offline scaffold counts as ready');
    if (/scaffold/i.test(layout.texts.autoOption)) {
      assert.match(layout.texts.agentsSummary, /scaffold/i, 'the Agents line says the scaffold runs');
      assert.match(layout.texts.agentHint ?? '', /install .+ and sign in/i, 'one line says how to get the better agent');
      // A folder of its own: other suites count the versions of the fixture's features.
      const own = path.join(root, 'specs', '096-auto-tags');
      fs.mkdirSync(own, { recursive: true });
      const id = await vscode.commands.executeCommand('specwright.generateSpec', vscode.Uri.file(own), { prompt: 'Tag photos' });
      const op = await finished(api, id);
      assert.equal(op.agent, 'scaffold', 'what the picker said is what ran');
    }
  });

  it('keeps the failed-task actions first and the reason short (full text in the tooltip)', async () => {
    const featureDir = path.join(root, 'specs', '095-payments');
    const tasksPath = path.join(featureDir, 'tasks.md');
    fs.mkdirSync(featureDir, { recursive: true });
    fs.writeFileSync(path.join(featureDir, 'spec.md'), '# Feature Specification: Payments\n\n- **FR-001**: Users MUST pay.\n');
    fs.writeFileSync(path.join(featureDir, 'plan.md'), '# Implementation Plan: Payments\n\nTypeScript.\n');
    fs.writeFileSync(tasksPath, '# Tasks: Payments\n\n## Phase 1: Setup\n\n- [ ] T001 Connect to the payments sandbox in src/pay.ts (this FAILS: the sandbox refuses the machine)\n- [ ] T002 Receipts in src/receipt.ts\n');
    // With the scaffold (documents only) no ▷ Run is offered; the top lens says why.
    const tasksUri = (await vscode.window.showTextDocument(vscode.Uri.file(tasksPath))).document.uri;
    await useAgent('scaffold', undefined);
    const scaffoldLenses = await until('the lens that says why Run is not offered', async () => {
      const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', tasksUri, 100);
      return (found ?? []).some((l) => l.command && /Run needs a coding agent/.test(l.command.title)) ? found : undefined;
    });
    assert.ok(!scaffoldLenses.some((l) => l.command && /Run task/.test(l.command.title)), 'no Run task with the scaffold');
    await useAgent('custom', [TASK_AGENT, '{workspaceRoot}', '{prompt}']);
    await until('Run task once a coding agent is chosen', async () => {
      const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', tasksUri, 100);
      return (found ?? []).some((l) => l.command && /Run task/.test(l.command.title));
    });
    const id = await vscode.commands.executeCommand('specwright.runTask', featureDir, 'T001');
    const failedOp = await finished(api, id);
    assert.equal(failedOp.status, 'failed');
    // The Conversation view follows the failed run: its reason is said once (the error row), not again in the header.
    const failedLayout = await until('the failed run in the view', async () => {
      const l = await api.conversationLayout();
      return api.renderedSeq(id) >= failedOp.lastSeq ? l : undefined;
    });
    assert.equal(failedLayout.texts.opReason, undefined, 'the header does not repeat the error row');
    assert.deepEqual(failedLayout.squeezed, [], 'the error row reads as lines, its code as one token');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(tasksPath));
    const lenses = await until('the failed lens', async () => {
      const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', editor.document.uri, 100);
      const onT001 = (found ?? []).filter((l) => l.range.start.line === 4 && l.command && l.command.command !== 'specwright.runAllReadyTasks');
      return onT001.some((l) => /Failed/.test(l.command.title)) ? onT001 : undefined;
    });
    const titles = lenses.map((l) => l.command.title);
    console.log(`[codelens] ${JSON.stringify(titles)}`);
    assert.match(titles[0], /Retry/, 'Retry first');
    const failed = lenses.find((l) => /Failed/.test(l.command.title));
    assert.equal(titles.indexOf(failed.command.title), titles.length - 1, 'the reason comes after the actions');
    assert.ok(failed.command.title.replace('$(error) Failed: ', '').length <= 40, `short reason: ${failed.command.title}`);
    assert.ok(failed.command.tooltip.length > failed.command.title.length - 16, 'the whole reason is in the tooltip');
    // The editor asks for lenses again after a change a moment later than the provider answers; this is for the picture.
    await new Promise((r) => setTimeout(r, 2000));
    await shot('tasks-failed-codelens', 'editor');

    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(path.join(root, 'specs', '002-album-sharing', 'tasks.md')), 'specwright.documentEditor');
    await until('the document editor to render', () => (api.documentEditor.renderedVersion(path.join(root, 'specs', '002-album-sharing', 'tasks.md')) ?? -1) >= 0);
    await shot('document-editor-tasks', 'editor');
    await vscode.commands.executeCommand('specwright.features.focus');
    await shot('features-view', 'sidebar');
    await shot('workbench-default-layout', 'window');
    assert.ok(streamed, 'the streaming run above happened');
  });
});
