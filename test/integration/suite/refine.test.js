// Refine in a real VS Code (issue 15.1): generate a spec, refine it twice; the three turns are one
// thread (each refine turn points at the generation), the spec has three versions, and restoring
// the version before the last refine (History's Restore) undoes that refine.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { until, finished } = require('../waits');

describe('Refine in a real VS Code', () => {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const featureDir = path.join(root, 'specs', '096-refine');
  const specPath = path.join(featureDir, 'spec.md');
  let api;

  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    api = await ext.activate();
    fs.mkdirSync(featureDir, { recursive: true });
  });

  it('contributes the Refine command', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('specwright.refine'));
  });

  it('generate, refine twice: one thread of three turns, three versions, and History restore undoes the last refine', async () => {
    const firstId = await vscode.commands.executeCommand('specwright.generateSpec', vscode.Uri.file(featureDir), { prompt: 'Users organise photos into albums by date', agent: 'scaffold' });
    const first = await finished(api, firstId);
    assert.equal(first.status, 'succeeded', first.reason);

    const texts = [];
    const turns = [];
    for (const prompt of ['Users share an album with a read-only link', 'Albums can be viewed offline']) {
      const id = await vscode.commands.executeCommand('specwright.refine', vscode.Uri.file(specPath), { prompt });
      assert.ok(id, 'the refine turn started');
      const turn = await finished(api, id);
      assert.equal(turn.status, 'succeeded', turn.reason);
      turns.push(turn);
      texts.push(fs.readFileSync(specPath, 'utf8'));
    }
    assert.match(texts[0], /read-only link/);
    assert.match(texts[1], /viewed offline/);

    assert.deepEqual(turns.map((t) => t.parentOperationId), [firstId, firstId], 'both turns belong to the thread the generation started');
    assert.deepEqual(turns.map((t) => t.refine && t.refine.turn), [2, 3]);
    assert.deepEqual([first, ...turns].map((t) => t.prompt), ['Users organise photos into albums by date', 'Users share an album with a read-only link', 'Albums can be viewed offline']);

    const versions = await api.documentEditor.versions(specPath);
    assert.equal(versions.length, 3, versions.map((v) => `${v.reason}: ${v.prompt}`).join('\n'));
    assert.deepEqual(versions.map((v) => v.reason).sort(), ['before-generation', 'refine', 'refine']);

    // History → Restore the version the second turn left: the third turn is undone.
    const doc = await vscode.workspace.openTextDocument(specPath);
    await vscode.window.showTextDocument(doc);
    const beforeLast = versions.find((v) => v.reason === 'refine' && v.prompt === 'Users share an album with a read-only link');
    assert.ok(beforeLast, 'the second turn\'s document is a version with its words');
    await api.documentEditor.restoreVersion(specPath, beforeLast.id);
    await until('the restored spec on disk', () => fs.readFileSync(specPath, 'utf8') === texts[0]);
    assert.equal(doc.getText(), texts[0]);
    // What the restore replaced (the third turn's spec) is still a version: nothing is lost.
    const after = await api.documentEditor.versions(specPath);
    assert.ok(after.some((v) => v.reason === 'refine' && v.prompt === 'Albums can be viewed offline'));
  });
});
