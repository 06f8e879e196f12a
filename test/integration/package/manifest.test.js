// The manifest as installed from the .vsix (what VS Code and the marketplace read): metadata,
// where it may run, which settings an untrusted workspace may not set, setting types, the walkthrough.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const { installedSpecwright } = require('./packageFacts');

describe('The packaged manifest', () => {
  const ext = installedSpecwright();
  const manifest = ext.packageJSON;
  const settings = manifest.contributes.configuration.properties;

  it('has the marketplace metadata: repository, bugs, homepage, keywords, icon', () => {
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/specwright\/specwright(\.git)?$/);
    const repo = manifest.repository.url.replace(/\.git$/, '');
    assert.equal(manifest.bugs.url, `${repo}/issues`);
    assert.ok(manifest.homepage.startsWith(repo), manifest.homepage);
    assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30, 'the marketplace takes at most 30 keywords');
    assert.ok(manifest.categories.includes('AI'));
  });

  it('runs where the workspace is, and not in virtual workspaces', () => {
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    assert.ok(manifest.capabilities.virtualWorkspaces.description.length > 20, 'the reason is given');
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('restricts every setting that names a program (a path, the custom command or its arguments) in untrusted workspaces', () => {
    const namesProgram = (key) => /\.(path|acpPath)$/.test(key) || /^specwright\.custom\.(command|args)$/.test(key);
    const expected = Object.keys(settings).filter(namesProgram).sort();
    assert.ok(expected.length >= 9, `found ${expected.join(', ')}`);
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), expected);
    for (const key of expected) assert.notEqual(settings[key].scope, 'application', `${key} can be set per machine or workspace`);
  });

  it('counts and ports are integers with a minimum', () => {
    const numeric = Object.entries(settings).filter(([, s]) => s.type === 'number' || s.type === 'integer');
    assert.ok(numeric.length >= 7);
    for (const [key, s] of numeric) {
      assert.equal(s.type, 'integer', `${key} is an integer`);
      assert.equal(typeof s.minimum, 'number', `${key} has a minimum`);
      assert.ok(s.default >= s.minimum && (s.maximum === undefined || s.default <= s.maximum), `${key}'s default is in range`);
    }
    // VS Code reads them back with those bounds (the Settings editor refuses what is outside).
    assert.equal(vscode.workspace.getConfiguration('specwright').inspect('server.port').defaultValue, 0);
  });

  it('names other settings only as links (markdownDescription with #setting#), and every link goes to a real setting', () => {
    const plain = (s) => [s.description, ...(s.enumDescriptions ?? [])].filter(Boolean);
    const markdown = (s) => [s.markdownDescription, ...(s.markdownEnumDescriptions ?? [])].filter(Boolean);
    for (const [key, s] of Object.entries(settings)) {
      for (const text of plain(s)) assert.doesNotMatch(text, /\bspecwright\.[a-z]+(\.[A-Za-z]+)?\b/, `${key}: a plain description names a setting; use markdownDescription and a #link#`);
      for (const text of markdown(s)) {
        const bare = text.replace(/`#specwright\.[\w.]+#`/g, '');
        assert.doesNotMatch(bare, /\bspecwright\.[a-z]+(\.[A-Za-z]+)?\b/, `${key}: "${text}" names a setting without a #link#`);
        for (const [, target] of text.matchAll(/#(specwright\.[\w.]+)#/g)) assert.ok(settings[target], `${key} links to ${target}, which does not exist`);
      }
    }
  });

  it('shows its English texts: VS Code resolves every %key% of the manifest from package.nls.json', () => {
    const nls = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.nls.json'), 'utf8'));
    const unresolved = [];
    const walk = (value, at) => {
      if (typeof value === 'string') { if (/^%[^%\s]+%$/.test(value)) unresolved.push(`${at}: ${value}`); }
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
    };
    walk(manifest.contributes, 'contributes');
    walk(manifest.capabilities, 'capabilities');
    assert.deepEqual(unresolved, []);
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough.title, nls[`walkthrough.${walkthrough.id}.title`]);
    assert.equal(settings['specwright.permissions.policy'].enumDescriptions[0], nls['config.permissions.policy.enumDescriptions.ask']);
    assert.equal(manifest.capabilities.virtualWorkspaces.description, nls['capabilities.virtualWorkspaces.description']);
  });

  it('contributes the Get Started walkthrough: agent → feature → spec → plan → tasks → run a task, each done on a real event', async () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['pickAgent', 'createFeature', 'generateSpec', 'generatePlan', 'generateTasks', 'runTask']);
    const api = await ext.activate();
    const keys = Object.keys(api.walkthrough());
    const commands = await vscode.commands.getCommands(true);
    for (const step of walkthrough.steps) {
      // A step completes on a context key the extension sets when the thing happened, not on a click.
      assert.ok(step.completionEvents.length > 0, `${step.id} has completion events`);
      for (const event of step.completionEvents) {
        const key = /^onContext:specwright\.walkthrough\.(\w+)$/.exec(event)?.[1];
        assert.ok(key && keys.includes(key), `${step.id}: ${event} is a key the extension keeps (${keys.join(', ')})`);
      }
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.includes(command), `${step.id}'s button runs ${command}, which exists`);
      assert.ok(fs.existsSync(path.join(ext.extensionPath, step.media.markdown)), `${step.id}'s media ${step.media.markdown} is in the package`);
    }
  });
});
