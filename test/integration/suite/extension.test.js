// Runs inside the VS Code extension host (code-server), against the built dist/extension.js.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { until } = require('../waits');

describe('Specwright in a real VS Code', () => {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const featureDir = path.join(root, 'specs', '001-photo-albums');
  let api;

  it('activates and contributes its commands and view', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'specwright');
    assert.ok(ext, 'extension is installed in the test host');
    api = await ext.activate();
    assert.ok(ext.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['specwright.generateSpec', 'specwright.cancelOperation', 'specwright.selectAgent', 'specwright.showLog']) {
      assert.ok(commands.includes(id), `${id} registered`);
    }
  });

  it('Generate Spec with the offline agent writes spec.md and the conversation view receives its events', async () => {
    await vscode.commands.executeCommand('specwright.conversation.focus');
    await until('the conversation webview to say hello', () => api.connectedClients() > 0);

    const operationId = await vscode.commands.executeCommand('specwright.generateSpec', vscode.Uri.file(featureDir), {
      prompt: 'Users group photos into albums by date and share an album with a read-only link',
    });
    assert.equal(typeof operationId, 'string');
    const summary = await until('the operation to finish', () => {
      const op = api.operation(operationId);
      return op && ['succeeded', 'failed', 'cancelled', 'timedOut'].includes(op.status) ? op : undefined;
    });
    assert.equal(summary.status, 'succeeded', summary.reason);
    assert.equal(summary.agent, 'scaffold');

    const spec = fs.readFileSync(path.join(featureDir, 'spec.md'), 'utf8');
    for (const heading of ['## User Scenarios & Testing', '### Edge Cases', '## Requirements', '### Key Entities', '## Success Criteria', '## Assumptions']) {
      assert.ok(spec.includes(heading), `spec.md has ${heading}`);
    }
    assert.match(spec, /\*\*FR-001\*\*: System MUST/);

    // The webview acknowledges what it rendered: it must have caught up with the last event.
    await until('the conversation view to render every event', () => api.renderedSeq(operationId) >= summary.lastSeq);
    assert.ok(summary.lastSeq > 3, 'the operation streamed several events');
  });
});
