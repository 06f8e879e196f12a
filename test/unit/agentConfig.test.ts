import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AGENT_FLAGS_USAGE, cliSettingHints, cliSettings, SettingsError } from '../../src/cli/cliSettings';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import { createSpecwright } from '../../src/core/app/specwright';
import { layerSettingsFile, parseSettingsFile, readSettingsFile } from '../../src/core/settings/settingsFile';

const REPO = path.join(__dirname, '..', '..');
const PRINT = path.join(__dirname, '..', 'fixtures', 'bin', 'print-document.js');
const FAKE_ACP = path.join(__dirname, '..', 'fixtures', 'acp', 'fake-acp-agent.mjs');

/** Issue 14 item 5: any agent from the CLI, the same configuration as VS Code. */
describe('Agent configuration: flags, environment, .specwright/config.json', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'specwright-config-'));
    mkdirSync(path.join(root, 'specs', '001-photo-albums'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const writeConfig = (value: unknown, name = path.join('.specwright', 'config.json')) => {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), typeof value === 'string' ? value : JSON.stringify(value));
  };

  describe('the settings file', () => {
    it('reads .specwright/config.json before specwright.json, nested keys as VS Code names them', () => {
      writeConfig({ agent: 'gemini', gemini: { mode: 'stream-json' } }, 'specwright.json');
      assert.deepEqual(readSettingsFile(root, { trusted: true }).settings, { agent: 'gemini', geminiMode: 'stream-json' });
      writeConfig({ agent: 'custom', custom: { command: './bin/agent', args: ['--p', '{prompt}'], protocol: 'acp' }, permissions: { policy: 'allowEditsInFeature' } });
      const read = readSettingsFile(root, { trusted: true });
      assert.equal(read.file, path.join(root, '.specwright', 'config.json'));
      assert.deepEqual(read.settings, { agent: 'custom', customCommand: './bin/agent', customArgs: ['--p', '{prompt}'], customProtocol: 'acp', permissionPolicy: 'allowEditsInFeature' });
    });

    it('ignores every setting that names a program in an untrusted workspace, and says which', () => {
      const text = JSON.stringify({ agent: 'custom', custom: { command: '/tmp/evil', args: ['x'] }, copilot: { path: '/tmp/evil-copilot', mode: 'acp' }, claude: { acpPath: '/tmp/x' } });
      const untrusted = parseSettingsFile('/ws/.specwright/config.json', text, { trusted: false });
      assert.deepEqual(untrusted.settings, { agent: 'custom', copilotMode: 'acp' });
      assert.deepEqual(untrusted.ignored, ['copilotPath', 'claudeAcpPath', 'customCommand', 'customArgs']);
      assert.equal(parseSettingsFile('/ws/.specwright/config.json', text, { trusted: true }).settings.customCommand, '/tmp/evil');
    });

    it('says what is wrong, naming the file and the key, and uses nothing of a bad file', () => {
      assert.match(parseSettingsFile('/ws/specwright.json', '{"agent": ', { trusted: true }).problem ?? '', /^\/ws\/specwright\.json is not valid JSON/);
      const wrong = parseSettingsFile('/ws/specwright.json', JSON.stringify({ gemini: { mode: 'fast' } }), { trusted: true });
      assert.match(wrong.problem ?? '', /specwright\.json: "gemini\.mode": /);
      assert.deepEqual(wrong.settings, {});
      assert.match(parseSettingsFile('/ws/specwright.json', JSON.stringify({ custom: { comand: 'x' } }), { trusted: true }).problem ?? '', /comand/);
    });

    it('a changed file reaches the next detection and run even when no watcher told the core (no refresh)', async () => {
      let settings = { ...DEFAULT_SETTINGS, agent: 'scaffold' };
      const core = createSpecwright({ roots: () => [root], settings: () => settings, isTrusted: () => true, log: () => undefined });
      try {
        const custom = async () => (await core.detectAgents()).find((a) => a.id === 'custom');
        assert.equal((await custom())?.available, false);
        writeConfig({ custom: { command: process.execPath, args: [PRINT, 'ok'], protocol: 'text' } });
        settings = layerSettingsFile(settings, new Set(), readSettingsFile(root, { trusted: true }).settings);
        assert.equal((await custom())?.path, process.execPath);
      } finally {
        core.dispose();
      }
    });

    it('in VS Code, a setting the user set wins over the file, the file over the default', () => {
      const base = { ...DEFAULT_SETTINGS, agent: 'claude', geminiMode: 'acp' as const };
      const layered = layerSettingsFile(base, new Set(['agent']), { agent: 'custom', geminiMode: 'stream-json', customCommand: './a' });
      assert.equal(layered.agent, 'claude');
      assert.equal(layered.geminiMode, 'stream-json');
      assert.equal(layered.customCommand, './a');
    });
  });

  describe('the CLI', () => {
    it('layers defaults < file < environment < flags', () => {
      writeConfig({ agent: 'gemini', timeoutMinutes: 3, custom: { command: 'from-file' } });
      assert.equal(cliSettings(root, {}, {}).settings.agent, 'gemini');
      assert.equal(cliSettings(root, {}, { SPECWRIGHT_AGENT: 'codex' }).settings.agent, 'codex');
      assert.equal(cliSettings(root, { agent: 'claude' }, { SPECWRIGHT_AGENT: 'codex' }).settings.agent, 'claude');
      assert.equal(cliSettings(root, {}, { SPECWRIGHT_CUSTOM_COMMAND: 'from-env' }).settings.customCommand, 'from-env');
      assert.equal(cliSettings(root, { agentCommand: 'from-flag' }, { SPECWRIGHT_CUSTOM_COMMAND: 'from-env' }).settings.customCommand, 'from-flag');
      assert.equal(cliSettings(root, {}, {}).settings.timeoutMinutes, 3);
    });

    it('--agent-command is the custom agent; --acp picks ACP for it and for the CLIs that have both', () => {
      assert.deepEqual(pick(cliSettings(root, { agentCommand: '/bin/agent', agentArgs: ['-q', '{prompt}'] }, {}).settings), { agent: 'custom', customCommand: '/bin/agent', customArgs: ['-q', '{prompt}'] });
      assert.equal(cliSettings(root, { agentCommand: '/bin/agent', acp: true }, {}).settings.customProtocol, 'acp');
      assert.equal(cliSettings(root, { agent: 'gemini', acp: true }, {}).settings.geminiMode, 'acp');
      assert.equal(cliSettings(root, { agent: 'claude', mode: 'stream-json' }, {}).settings.claudeMode, 'stream-json');
      assert.equal(cliSettings(root, { acp: true }, {}).settings.copilotMode, 'acp', 'auto runs Copilot first');
      assert.throws(() => cliSettings(root, { agent: 'scaffold', acp: true }, {}), SettingsError);
      assert.throws(() => cliSettings(root, { agent: 'gemini', mode: 'exec' }, {}), /--mode for gemini takes acp, stream-json/);
      assert.throws(() => cliSettings(root, { agent: 'claude', agentCommand: 'x' }, {}), /goes with --agent custom/);
      assert.throws(() => cliSettings(root, {}, { SPECWRIGHT_CUSTOM_ARGS: 'not json' }), /SPECWRIGHT_CUSTOM_ARGS must be a JSON array/);
      assert.throws(() => cliSettings(root, {}, { SPECWRIGHT_GEMINI_MODE: 'fast' }), /SPECWRIGHT_GEMINI_MODE takes acp, stream-json/);
    });

    it('hints name the CLI\'s way, never a VS Code setting', () => {
      const hint = cliSettingHints.set('customCommand', 'an executable');
      assert.match(hint, /--agent-command <executable>/);
      assert.match(hint, /SPECWRIGHT_CUSTOM_COMMAND/);
      assert.match(hint, /"custom\.command" in \.specwright[\\/]config\.json/);
      assert.doesNotMatch(hint, /specwright\.custom/);
      for (const v of ['SPECWRIGHT_CUSTOM_COMMAND', 'SPECWRIGHT_CUSTOM_ARGS', 'SPECWRIGHT_GEMINI_MODE', '--agent-command', '--agent-arg', '--acp', '--mode']) assert.ok(AGENT_FLAGS_USAGE.includes(v), v);
    });
  });

  describe('end to end (the CLI from source)', function () {
    this.timeout(60_000);
    const cli = (args: string[], env: Record<string, string> = {}) => {
      const r = spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), path.join(REPO, 'src', 'cli.ts'), ...args], {
        cwd: root, encoding: 'utf8', timeout: 50_000, env: { ...process.env, SPECWRIGHT_AGENT: '', SPECWRIGHT_CUSTOM_COMMAND: '', SPECWRIGHT_CUSTOM_ARGS: '', ...env },
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const feature = () => path.join(root, 'specs', '001-photo-albums');
    const spec = () => readFileSync(path.join(feature(), 'spec.md'), 'utf8');

    it('generate --agent custom with SPECWRIGHT_CUSTOM_COMMAND runs it (it used to say "Set specwright.custom.command")', () => {
      const r = cli(['generate', 'spec', feature(), '--prompt', 'albums', '--agent', 'custom'], { SPECWRIGHT_CUSTOM_COMMAND: process.execPath, SPECWRIGHT_CUSTOM_ARGS: JSON.stringify([PRINT, 'ok']) });
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(spec(), /^# Feature Specification: 写真アルバム/);
    });

    it('generate --agent-command … --agent-arg …: any command, no configuration', () => {
      const r = cli(['generate', 'spec', feature(), '--prompt', 'albums', '--agent-command', process.execPath, '--agent-arg', PRINT, '--agent-arg', 'ok']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(spec(), /FR-001/);
    });

    it('an ACP agent from .specwright/config.json', () => {
      writeConfig({ agent: 'custom', custom: { command: process.execPath, args: [FAKE_ACP], protocol: 'acp' } });
      const r = cli(['generate', 'spec', feature(), '--prompt', `scenario=stream; doc=${path.join(feature(), 'spec.md')}`]);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, /with custom/);
      assert.match(spec(), /Albums/);
    });

    it('--acp with --agent-command speaks ACP to it', () => {
      const r = cli(['generate', 'spec', feature(), '--prompt', `scenario=stream; doc=${path.join(feature(), 'spec.md')}`, '--agent-command', process.execPath, '--agent-arg', FAKE_ACP, '--acp', '--json']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, /"kind":"plan"/);
    });

    it('a missing custom command is explained the CLI\'s way', () => {
      const r = cli(['generate', 'spec', feature(), '--prompt', 'albums', '--agent', 'custom']);
      assert.equal(r.code, 1);
      assert.match(r.err, /--agent-command <executable>/);
      assert.doesNotMatch(r.err, /specwright\.custom\.command/);
    });

    it('a bad agent option is a usage error (exit 2)', () => {
      const r = cli(['generate', 'spec', feature(), '--prompt', 'albums', '--agent', 'scaffold', '--acp']);
      assert.equal(r.code, 2);
      assert.match(r.err, /--acp does not apply to --agent scaffold/);
    });
  });
});

function pick(s: ReturnType<typeof cliSettings>['settings']) {
  return { agent: s.agent, customCommand: s.customCommand, customArgs: s.customArgs };
}
