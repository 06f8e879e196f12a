// The Specwright document editor in a real VS Code: the editor is driven through the same message
// path its page uses (SpecwrightApi.documentEditor.dispatch hands a message to the open editor's
// real handler) and checked through the TextDocument and what the page acknowledged as shown.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const VIEW_TYPE = 'specwright.documentEditor';

const { until, finished } = require('../waits');

const sha256 = (text) => require('node:crypto').createHash('sha256').update(text).digest('hex');

/** A kept version's content, read where the version store keeps it (see core/features/versions.ts). */
const readVersion = (docPath, id) => {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  return fs.readFileSync(path.join(root, '.specwright', 'versions', path.basename(path.dirname(docPath)), path.basename(docPath), `${id}.md`), 'utf8');
};

/** Opens a document in the Specwright editor and waits until its page has shown the current text. */
async function openInEditor(api, file) {
  const uri = vscode.Uri.file(file);
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  const doc = await vscode.workspace.openTextDocument(uri);
  await until(`the editor page of ${path.basename(file)} to render`, () => (api.documentEditor.renderedVersion(file) ?? -1) >= doc.version);
  return doc;
}

describe('The Specwright document editor in a real VS Code', () => {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  let api;

  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    api = await ext.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the editor (Open With…) and its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['specwright.openDocumentEditor', 'specwright.showHistory']) assert.ok(commands.includes(id), `${id} registered`);
    const editors = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright').packageJSON.contributes.customEditors;
    assert.deepEqual(editors.map((e) => [e.viewType, e.priority]), [[VIEW_TYPE, 'option']]);
  });

  describe('tasks.md', () => {
    const tasksPath = path.join(root, 'specs', '002-album-sharing', 'tasks.md');
    let doc;

    before(async () => {
      doc = await openInEditor(api, tasksPath);
    });

    it('opens in the Specwright editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      assert.ok(input instanceof vscode.TabInputCustom, 'the active tab is a custom editor');
      assert.equal(input.viewType, VIEW_TYPE);
      assert.equal(input.uri.fsPath, tasksPath);
    });

    it('ticking a task from the page changes exactly one character, the page shows it, and undo restores it', async () => {
      const before = doc.getText();
      const line = before.split(/\r?\n/).findIndex((l) => l.startsWith('- [ ] T003'));
      assert.ok(line > 0, 'the fixture has an open T003');

      const reply = await api.documentEditor.dispatch(tasksPath, { type: 'tick', requestId: 'tick-1', line, done: true, version: doc.version });
      assert.equal(reply.type, 'result');
      assert.equal(reply.ok, true, reply.error);

      const after = doc.getText();
      assert.equal(after.length, before.length);
      // UTF-16 units, as offsets count them (the fixture has an emoji in a phase heading).
      const changed = [];
      for (let i = 0; i < after.length; i++) if (after.charCodeAt(i) !== before.charCodeAt(i)) changed.push(i);
      assert.equal(changed.length, 1, 'exactly one character changed');
      assert.equal(after[changed[0]], 'x');
      assert.equal(doc.positionAt(changed[0]).line, line);
      assert.equal(doc.isDirty, true, 'the edit is an unsaved change like any other');
      assert.equal(reply.version, doc.version);

      // The page is told about every change and acknowledges it once shown.
      await until('the page to show the ticked version', () => api.documentEditor.renderedVersion(tasksPath) >= doc.version);

      await vscode.commands.executeCommand('undo');
      await until('undo to restore the text', () => doc.getText() === before);
      assert.equal(doc.isDirty, false, 'back at the saved state');
      await until('the page to show the restored text', () => api.documentEditor.renderedVersion(tasksPath) >= doc.version);
    });

    it('a message that does not match the protocol gets a clear error and changes nothing', async () => {
      const before = doc.getText();
      const reply = await api.documentEditor.dispatch(tasksPath, { type: 'tick', requestId: 'bad-1', line: -3, done: 'yes' });
      assert.equal(reply.type, 'error');
      assert.match(reply.message, /line/);
      assert.equal(doc.getText(), before);
    });

    it('a tick against an older version of the text is refused instead of ticking the wrong line', async () => {
      const before = doc.getText();
      const line = before.split(/\r?\n/).findIndex((l) => l.startsWith('- [ ] T004'));
      const reply = await api.documentEditor.dispatch(tasksPath, { type: 'tick', requestId: 'stale-1', line, done: true, version: doc.version - 1 });
      assert.equal(reply.ok, false);
      assert.match(reply.error, /changed/);
      assert.equal(doc.getText(), before);
    });
  });

  describe('spec.md clarifications', () => {
    const specPath = path.join(root, 'specs', '002-album-sharing', 'spec.md');

    it('answering a marker from the form replaces it and records the Q&A, as one undoable edit', async () => {
      const doc = await openInEditor(api, specPath);
      const before = doc.getText();
      const offset = before.indexOf('[NEEDS CLARIFICATION: how long does a link stay valid?]');
      assert.ok(offset > 0, 'the fixture has the marker');
      const reply = await api.documentEditor.dispatch(specPath, {
        type: 'answerClarification', requestId: 'c1', offset, question: 'how long does a link stay valid?', answer: '30 days',
      });
      assert.equal(reply.ok, true, reply.error);
      const after = doc.getText();
      assert.match(after, /keep links valid for 30 days\./);
      assert.match(after, /## Clarifications\n\n### Session \d{4}-\d{2}-\d{2}\n\n- Q: how long does a link stay valid\? → A: 30 days\n/);
      assert.doesNotMatch(after, /NEEDS CLARIFICATION/);
      await vscode.commands.executeCommand('undo');
      await until('one undo to take the whole answer back', () => doc.getText() === before);
    });
  });

  describe('versions', () => {
    const specPath = path.join(root, 'specs', '003-photo-tags', 'spec.md');

    it('regenerate three times, then restore the first: the first content is back and all four versions are listed', async () => {
      const first = fs.readFileSync(specPath, 'utf8');
      const doc = await openInEditor(api, specPath);
      assert.equal(doc.getText(), first);

      const prompts = [
        'Users tag photos with words and filter the library by tag',
        'Families share tags across their albums and rename a tag everywhere at once',
        'Photographers suggest tags from the camera metadata and accept them with one click',
      ];
      for (const [i, prompt] of prompts.entries()) {
        const reply = await api.documentEditor.dispatch(specPath, { type: 'generate', requestId: `gen-${i}`, prompt });
        assert.equal(reply.ok, true, reply.error);
        const summary = await finished(api, reply.operationId);
        assert.equal(summary.status, 'succeeded', summary.reason);
        assert.equal(summary.agent, 'scaffold');
        // The agent wrote the file; the open document (and so the editor) follows it live.
        await until(`the editor to show generation ${i + 1}`, () => doc.getText() === fs.readFileSync(specPath, 'utf8') && !doc.isDirty);
        await until('the page to show it', () => api.documentEditor.renderedVersion(specPath) >= doc.version);
      }
      const latest = doc.getText();
      assert.notEqual(latest, first);

      const kept = await api.documentEditor.versions(specPath);
      assert.equal(kept.length, 3, 'one version kept before each regeneration');
      const oldest = kept[kept.length - 1];
      assert.equal(oldest.reason, 'before-generation');

      await api.documentEditor.restoreVersion(specPath, oldest.id);
      assert.equal(doc.getText(), first, 'the first content is back in the editor');
      assert.equal(fs.readFileSync(specPath, 'utf8'), first, 'and saved, since there were no unsaved edits');

      const all = await api.documentEditor.versions(specPath);
      assert.equal(all.length, 4, 'the content the restore replaced is kept too');
      assert.equal(all[0].reason, 'restore');

      // Restoring is one undoable edit.
      await vscode.commands.executeCommand('undo');
      await until('undo of the restore', () => doc.getText() === latest);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    it('a restore right after the file changed on disk, before VS Code read it back, keeps the file and restores', async () => {
      const doc = await openInEditor(api, specPath);
      await until('the editor to follow the file', () => doc.getText() === fs.readFileSync(specPath, 'utf8') && !doc.isDirty);
      const shown = doc.getText();
      const kept = await api.documentEditor.versions(specPath);
      const target = kept.find((v) => v.sha256 !== sha256(shown));
      assert.ok(target, 'a version other than the text shown');
      const targetText = await readVersion(specPath, target.id);

      // An agent writes the file; the restore comes before the file watcher told VS Code.
      const written = `${shown}\n## Written on disk by an agent just now\n`;
      fs.writeFileSync(specPath, written);
      await api.documentEditor.restoreVersion(specPath, target.id);

      await until('the restored spec on disk', () => fs.readFileSync(specPath, 'utf8') === targetText);
      await until('the editor to show it', () => doc.getText() === targetText && !doc.isDirty);
      const after = await api.documentEditor.versions(specPath);
      assert.ok(after.some((v) => v.reason === 'restore' && v.sha256 === sha256(written)), 'what was on disk is kept as a version, not the text VS Code showed before');
    });
  });
});
