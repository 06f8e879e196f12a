import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AgentEvent } from '../../src/protocol';
import { nodeFileSystem } from '../../src/core/agents/acp/fileSystem';
import { performAgentAction } from '../../src/core/agents/agentActions';
import { buildLineup } from '../../src/core/agents/agentLineup';
import { AgentStatusBook } from '../../src/core/agents/agentStatus';
import { CLAUDE_SETUP } from '../../src/core/agents/agentCatalog';
import { createClaudeAgent } from '../../src/core/agents/claude';
import { createCodexAgent } from '../../src/core/agents/codex';
import { createGeminiAgent } from '../../src/core/agents/gemini';
import { launchFor, parseCmdShim, wellKnownBinDirs } from '../../src/core/agents/detectionPaths';
import { PermissionBroker } from '../../src/core/agents/permissions';
import { AgentRegistry } from '../../src/core/agents/registry';
import type { AgentRequest, RunReport } from '../../src/core/ports/agent';
import { DEFAULT_SETTINGS } from '../../src/core/settings/coreSettings';
import { isProcessAlive } from '../../src/core/runner/processTable';

/** Fake agent CLIs named like the real ones (claude, codex, opencode, qwen, claude-agent-acp). */
const FAKES = path.resolve(__dirname, '..', 'fixtures', 'fake-agents');

describe('Agent adapters (fake CLIs)', function () {
  this.timeout(20_000);
  let root: string;
  let feature: string;
  const runtime = () => ({ broker: new PermissionBroker(), policy: () => 'ask' as const, fileSystem: nodeFileSystem, killGraceMs: 300, cancelGraceMs: 300 });
  /** Only the fakes: PATH is emptied so a real agent on this machine cannot be picked up. */
  const env = { PATH: path.dirname(process.execPath) };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'specwright-agents-'));
    feature = path.join(root, 'specs', '001-albums');
    mkdirSync(feature, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const request = (prompt: string): AgentRequest => ({
    kind: 'spec', workspaceRoot: root, featureDir: feature, docPath: path.join(feature, 'spec.md'), userPrompt: prompt, prompt, env: {},
  });

  async function run(agent: { run: (r: AgentRequest, c: { emit: (e: AgentEvent) => void; signal: AbortSignal; report: (f: RunReport) => void }) => Promise<unknown> }, prompt: string, abortOn?: (e: AgentEvent) => boolean) {
    const events: AgentEvent[] = [];
    const facts: RunReport = {};
    const controller = new AbortController();
    const outcome = await agent.run(request(prompt), {
      emit: (e) => { events.push(e); if (abortOn?.(e)) controller.abort(); },
      signal: controller.signal,
      report: (f) => Object.assign(facts, f),
    });
    return { outcome, events, facts };
  }

  it('Claude Code: prefers the ACP adapter when it is installed, else runs `claude -p` stream-json', async () => {
    const acpFirst = createClaudeAgent({ extraPaths: [FAKES], env, runtime: runtime() });
    const detection = await acpFirst.detect();
    assert.equal(detection.protocol, 'acp');
    assert.equal(detection.path, path.join(FAKES, 'claude-agent-acp'));
    const viaAcp = await run(acpFirst, `scenario=stream; doc=${path.join(feature, 'spec.md')}`);
    assert.deepEqual(viaAcp.outcome, { status: 'succeeded' });
    assert.equal(viaAcp.facts.model, 'fake-model-1');

    const print = createClaudeAgent({ extraPaths: [FAKES], env, runtime: runtime(), mode: 'stream-json' });
    assert.equal((await print.detect()).version, '2.1.330');
    const viaPrint = await run(print, `write=${path.join(feature, 'spec.md')}`);
    assert.deepEqual(viaPrint.outcome, { status: 'succeeded' });
    const { session, ...printFacts } = viaPrint.facts;
    assert.deepEqual(printFacts, { model: 'claude-fake-1', usage: { inputTokens: 10, outputTokens: 20, costUsd: 0.5 }, stopReason: 'end_turn' });
    assert.equal(session?.agent, 'claude');
    const args = viaPrint.events.find((e) => e.kind === 'message');
    assert.match(args?.kind === 'message' ? args.text : '', /-p --output-format stream-json --verbose --include-partial-messages --permission-mode dontAsk --allowedTools Read Edit\(/);
    assert.ok(existsSync(path.join(feature, 'spec.md')));
  });

  it('Codex: the watchdog stops a run stuck in "Reconnecting…" with a clear message, and leaves no process', async () => {
    const codex = createCodexAgent({ extraPaths: [FAKES], env, runtime: runtime(), stallMs: 400 });
    const started = Date.now();
    const { outcome, events } = await run(codex, 'scenario=offline');
    assert.equal(outcome && (outcome as { status: string }).status, 'failed');
    assert.match((outcome as { reason: string }).reason, /Codex could not reach its model service: it kept reconnecting for 0\.4 s/);
    const error = events.find((e) => e.kind === 'error');
    assert.equal(error?.kind === 'error' ? error.code : undefined, 'offline');
    assert.ok(Date.now() - started < 6000);
  });

  it('Gemini CLI over ACP is started with --skip-trust, so the project\'s agents, hooks and skills load (issue 14.7)', async () => {
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    symlinkSync(path.join(FAKES, 'claude-agent-acp'), path.join(bin, 'gemini'));
    const gemini = createGeminiAgent({ extraPaths: [bin], env: { ...env, FAKE_ACP_ARGV: '1' }, runtime: { ...runtime(), env: { FAKE_ACP_ARGV: '1' } } });
    const { outcome, events } = await run(gemini, 'scenario=none');
    assert.deepEqual(outcome, { status: 'succeeded' });
    const argv = events.find((e) => e.kind === 'log' && e.text.startsWith('argv:'));
    assert.equal(argv?.kind === 'log' ? argv.text : undefined, 'argv: --acp --skip-trust');
  });

  it('Claude\'s sign-in comes from `claude auth status`, also when it runs through the ACP adapter (issue 14.2)', async () => {
    // The fake claude-agent-acp answers session/new without credentials, as the real adapter does.
    const viaAcp = createClaudeAgent({ extraPaths: [FAKES], env, runtime: runtime() });
    assert.equal((await viaAcp.detect()).protocol, 'acp');
    assert.deepEqual(await viaAcp.probeSignIn(), { signedIn: false, detail: CLAUDE_SETUP.signInHint });
    const signedIn = createClaudeAgent({ extraPaths: [FAKES], env: { ...env, FAKE_CLAUDE_LOGGED_IN: '1' }, runtime: runtime() });
    assert.deepEqual(await signedIn.probeSignIn(), { signedIn: true, detail: 'signed in (claude.ai)' });
    const book = new AgentStatusBook(new AgentRegistry([viaAcp]));
    const [info] = await book.detectAll({ probeSignIn: true });
    assert.equal(info.signedIn, false);
  });

  it('Codex: a normal exec run reports usage; `codex login status` answers the sign-in question', async () => {
    const codex = createCodexAgent({ extraPaths: [FAKES], env, runtime: runtime() });
    const { outcome, facts, events } = await run(codex, 'hello');
    assert.deepEqual(outcome, { status: 'succeeded' });
    assert.deepEqual(facts, { stopReason: 'end_turn', usage: { inputTokens: 5, outputTokens: 7 }, session: { agent: 'codex', id: 't', resumable: true, via: 'exec' } });
    const args = events.find((e) => e.kind === 'message');
    assert.match(args?.kind === 'message' ? args.text : '', new RegExp(`exec --json --skip-git-repo-check --color never --sandbox workspace-write --cd ${feature} -- hello`));
    assert.deepEqual(await codex.probeSignIn(), { signedIn: false, detail: 'Sign in: run `codex login` in a terminal, or set OPENAI_API_KEY.' });
  });

  it('Copilot CLI, JSONL: the model and stop reason from its stream land on the operation', async () => {
    const copilot = buildLineup({ ...DEFAULT_SETTINGS }, { runtime: runtime(), extraPaths: [FAKES], env, searchInstallFolders: false }).find((a) => a.id === 'copilot');
    assert.ok(copilot);
    const { facts } = await run(copilot, 'hello');
    assert.deepEqual(facts, { model: 'claude-sonnet-4.5', stopReason: 'end_turn', session: { agent: 'copilot', id: '9d3c4a8e-1f2b-4c5d-8e9f-0a1b2c3d4e5f', resumable: true, via: 'jsonl' } });
  });

  it('cancel ends a CLI agent and the child it started', async () => {
    const claude = createClaudeAgent({ extraPaths: [FAKES], env, runtime: runtime(), mode: 'stream-json' });
    let child: number | undefined;
    const { outcome } = await run(claude, 'scenario=hang', (e) => {
      if (e.kind === 'log') child = Number(/child pid (\d+)/.exec(e.text)?.[1]) || child;
      return child !== undefined;
    });
    assert.deepEqual(outcome, { status: 'cancelled' });
    assert.ok(child);
    assert.equal(isProcessAlive(child), false);
  });

  it('lists every agent with install and login commands; "not installed" and "not signed in" are different answers', async () => {
    const lineup = buildLineup({ ...DEFAULT_SETTINGS }, { runtime: runtime(), extraPaths: [FAKES], env, searchInstallFolders: false });
    const registry = new AgentRegistry(lineup);
    const infos = await new AgentStatusBook(registry).detectAll({ probeSignIn: true });
    const byId = Object.fromEntries(infos.map((i) => [i.id, i]));
    assert.deepEqual(Object.keys(byId), ['copilot', 'claude', 'gemini', 'codex', 'opencode', 'qwen', 'custom', 'scaffold']);
    // Not installed (the fakes hold no gemini, PATH holds only node).
    assert.equal(byId.gemini.available, false);
    assert.match(byId.gemini.hint ?? '', /^Not installed\. Install: npm install -g @google\/gemini-cli/);
    assert.equal(byId.gemini.signedIn, undefined);
    // Installed but not signed in.
    assert.equal(byId.codex.available, true);
    assert.equal(byId.codex.version, '0.169.0');
    assert.equal(byId.codex.signedIn, false);
    assert.equal(byId.codex.loginCommand, 'codex login');
    // Installed and signed in (the fake ACP agent accepts session/new).
    assert.equal(byId.opencode.available, true);
    assert.equal(byId.opencode.signedIn, true);
    assert.equal(byId.opencode.protocol, 'acp');
    assert.equal(byId.qwen.version, '9.8.7');
    assert.equal(byId.scaffold.available, true);
  });

  it('carries out setup actions through the shell, or says what to do by hand without one', async () => {
    const info = { id: 'codex', label: 'Codex CLI', available: false, installCommand: 'npm install -g @openai/codex', loginCommand: 'codex login' };
    const calls: string[] = [];
    const port = {
      openTerminal: async (name: string, command: string) => { calls.push(`terminal ${name}: ${command}`); },
      copyText: async (text: string) => { calls.push(`copy ${text}`); },
      setDefaultAgent: async (id: string) => { calls.push(`default ${id}`); },
    };
    assert.deepEqual(await performAgentAction('openLogin', info, port), { done: true, message: 'Opened a terminal running `codex login`.' });
    assert.deepEqual(await performAgentAction('copyInstall', info, port), { done: true, message: 'Copied: npm install -g @openai/codex' });
    await performAgentAction('setDefault', info, port);
    assert.deepEqual(calls, ['terminal Sign in: Codex CLI: codex login', 'copy npm install -g @openai/codex', 'default codex']);
    assert.deepEqual(await performAgentAction('copyInstall', info, {}), { done: false, message: 'npm install -g @openai/codex' });
    assert.deepEqual(await performAgentAction('openLogin', info, {}), { done: false, message: 'Run `codex login` in a terminal.' });
  });

  it('finds npm shims on Windows and the usual install folders', () => {
    const shim = [
      '@ECHO off', 'GOTO start', ':find_dp0', 'SET dp0=%~dp0', 'EXIT /b', ':start', 'SETLOCAL', 'CALL :find_dp0',
      'IF EXIST "%dp0%\\node.exe" (', '  SET "_prog=%dp0%\\node.exe"', ') ELSE (', '  SET "_prog=node"', ')',
      'endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & "%_prog%"  "%dp0%\\node_modules\\@google\\gemini-cli\\dist\\index.js" %*',
    ].join('\r\n');
    assert.equal(parseCmdShim(shim), 'node_modules\\@google\\gemini-cli\\dist\\index.js');
    const launch = launchFor('C:\\Users\\u\\AppData\\Roaming\\npm\\gemini.cmd', 'win32', () => shim);
    assert.deepEqual(launch, { command: 'node', args: ['C:\\Users\\u\\AppData\\Roaming\\npm\\node_modules\\@google\\gemini-cli\\dist\\index.js'] });
    assert.deepEqual(launchFor('/usr/local/bin/gemini', 'linux'), { command: '/usr/local/bin/gemini', args: [] });
    const win = wellKnownBinDirs({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u');
    assert.ok(win.includes('C:\\Users\\u\\AppData\\Roaming\\npm'));
    const posix = wellKnownBinDirs({ npm_config_prefix: '/opt/npm' }, 'linux', '/home/u');
    assert.ok(posix.includes('/opt/npm/bin') && posix.includes('/home/u/.local/bin'));
  });

  it('writes through the document the fake agent names, with the answer read back', async () => {
    const claude = createClaudeAgent({ extraPaths: [FAKES], env, runtime: runtime(), mode: 'acp' });
    const doc = path.join(feature, 'spec.md');
    await run(claude, `scenario=stream; doc=${doc}`);
    assert.equal(readFileSync(doc, 'utf8'), '# Feature Specification: Albums\n');
  });
});
