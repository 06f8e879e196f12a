import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { probeAcpAgent } from '../../src/core/agents/acp/acpProbe';
import { nodeFileSystem } from '../../src/core/agents/acp/fileSystem';
import { CLAUDE_SETUP } from '../../src/core/agents/agentCatalog';
import { CLAUDE_EDIT_TOOLS, CLAUDE_READ_TOOLS, claudeInvocation, claudeSignIn, createClaudeAgent } from '../../src/core/agents/claude';
import { codexInvocation, createCodexAgent } from '../../src/core/agents/codex';
import { copilotInvocation, nativeBinaryFor } from '../../src/core/agents/copilot';
import { GEMINI_ACP_ARGS, geminiInvocation } from '../../src/core/agents/gemini';
import { PermissionBroker, type PermissionPolicy } from '../../src/core/agents/permissions';
import type { AgentDetection, AgentRequest } from '../../src/core/ports/agent';
import { runProcess } from '../../src/core/runner/runner';
import type { AgentEvent } from '../../src/protocol';
import { credentialFreeEnv, NODE_BIN } from './helpers/agentEnv';

/**
 * Contract tests against the agent CLIs pinned in package.json's devDependencies (issue 14.8):
 * every flag, subcommand and choice Specwright passes must be in the real CLI's `--help`, the
 * resume flags the session record relies on must exist, and a run with no credentials (a fake
 * HOME) must end with the message a user should see. A new pin that drops a flag fails here.
 */
const PKG = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const bin = (name: string) => path.join(NODE_BIN, name);

describe('Contracts with the pinned agent CLIs', function () {
  this.timeout(90_000);
  let home: string;
  let root: string;
  let env: Record<string, string | undefined>;
  const help = new Map<string, Promise<string>>();

  before(() => {
    home = mkdtempSync(path.join(tmpdir(), 'specwright-contract-home-'));
    root = mkdtempSync(path.join(tmpdir(), 'specwright-contract-ws-'));
    mkdirSync(path.join(root, 'specs', '001-demo'), { recursive: true });
    env = credentialFreeEnv(home);
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  /** stdout + stderr of a short command (help, status), cached per command line. */
  function output(command: string, args: string[], timeoutMs = 60_000): Promise<string> {
    const key = [command, ...args].join(' ');
    let pending = help.get(key);
    if (!pending) {
      const lines: string[] = [];
      pending = runProcess({ command, args, cwd: root, env: { ...env, NO_COLOR: '1' }, stdin: 'ignore', timeoutMs, onLine: (l) => lines.push(l.text) }).then(() => lines.join('\n'));
      help.set(key, pending);
    }
    return pending;
  }
  const flagsOf = (text: string) => new Set(text.match(/--[a-z][\w-]*/g) ?? []);
  const passed = (args: readonly string[]) => [...new Set(args.filter((a) => a.startsWith('--')).map((a) => a.replace(/=.*$/, '')).filter((a) => a !== '--'))];
  const request = (prompt = 'Write the spec.'): AgentRequest => ({
    kind: 'spec', workspaceRoot: root, featureDir: path.join(root, 'specs', '001-demo'), docPath: path.join(root, 'specs', '001-demo', 'spec.md'), userPrompt: prompt, prompt, env: {},
  });
  const found = (p: string): AgentDetection => ({ id: 'x', available: true, path: p });
  /** A refine turn that continues a recorded session (issue 15.1). */
  const resuming = (agent: string, via: string): AgentRequest => ({ ...request('Follow-up.'), resume: { session: { agent, id: '0cb916db-26aa-40f2-86b5-1ba81b225fd2', resumable: true, via }, freshPrompt: 'x' } });
  const assertFlags = (text: string, flags: readonly string[], what: string) => {
    const have = flagsOf(text);
    const missing = flags.filter((f) => !have.has(f));
    assert.deepEqual(missing, [], `${what}: flags Specwright passes that --help does not list`);
  };
  const choices = (text: string, flag: string): string[] => {
    const line = text.slice(text.indexOf(flag));
    const m = /choices: ([^\]\)]+)[\]\)]|possible values: ([^\]]+)\]/.exec(line.slice(0, 1200));
    return (m?.[1] ?? m?.[2] ?? '').split(',').map((c) => c.trim().replace(/^"|"$/g, '')).filter(Boolean);
  };
  const runtime = () => ({ broker: new PermissionBroker(), policy: () => 'ask' as PermissionPolicy, fileSystem: nodeFileSystem, env, killGraceMs: 500, cancelGraceMs: 500 });

  it('pins each CLI (newest on Node 20 where the latest needs Node 22)', () => {
    assert.deepEqual(
      Object.fromEntries(['@github/copilot', '@google/gemini-cli', '@anthropic-ai/claude-code', '@zed-industries/claude-agent-acp', '@openai/codex'].map((p) => [p, PKG.devDependencies[p]])),
      { '@github/copilot': '1.0.102', '@google/gemini-cli': '0.61.0', '@anthropic-ai/claude-code': '2.1.197', '@zed-industries/claude-agent-acp': '0.23.1', '@openai/codex': '0.171.0' },
    );
  });

  describe('GitHub Copilot CLI', () => {
    const copilot = () => nativeBinaryFor(bin('copilot')) ?? bin('copilot');
    it('has every flag of the JSONL run, --acp, and --resume for a recorded session', async () => {
      const text = await output(copilot(), ['--help']);
      assertFlags(text, [...passed(copilotInvocation(request(), found('copilot')).args), '--acp', '--resume'], 'copilot');
      assert.match(text, /-r, --resume/);
      // The `=` form of a refine turn: a bare --resume opens the picker.
      assertFlags(text, passed(copilotInvocation(resuming('copilot', 'jsonl'), found('copilot')).args), 'copilot refine turn');
      assert.match(text, /copilot --resume=<session-id>/);
    });
  });

  describe('Claude Code', () => {
    it('has every flag, the permission mode and the resume flag Specwright uses', async () => {
      const text = await output(bin('claude'), ['--help']);
      for (const policy of ['ask', 'allowAll'] as const) assertFlags(text, passed(claudeInvocation(request(), found('claude'), policy).args), `claude (${policy})`);
      assert.ok(choices(text, '--permission-mode').includes('dontAsk'), `--permission-mode choices: ${choices(text, '--permission-mode').join(', ')}`);
      assertFlags(text, ['--resume'], 'claude resume');
      for (const policy of ['ask', 'allowAll'] as const) assertFlags(text, passed(claudeInvocation(resuming('claude', 'stream-json'), found('claude'), policy).args), `claude refine turn (${policy})`);
      assert.match(text, /-r, --resume \[value\]\s+Resume a conversation by session ID/);
      assert.match(await output(bin('claude'), ['auth', '--help']), /status/);
    });

    it('lists every tool Specwright allows in its system/init line, and the run stops at sign-in with the sign-in message', async () => {
      const events: AgentEvent[] = [];
      const tools: string[] = [];
      const agent = createClaudeAgent({ extraPaths: [NODE_BIN], env, runtime: runtime(), mode: 'stream-json', searchInstallFolders: false });
      const outcome = await agent.run({ ...request('Reply with ok.'), timeoutMs: 60_000 }, {
        emit: (e) => events.push(e), signal: new AbortController().signal,
        report: (f) => { if (f.session) tools.push('session'); },
      });
      assert.equal(outcome.status, 'failed');
      assert.deepEqual(events.filter((e) => e.kind === 'error'), [{ kind: 'error', message: 'Claude Code is not signed in.', hint: CLAUDE_SETUP.signInHint, code: 'auth' }]);
      assert.ok(tools.includes('session'), 'the init line names a session');
      const init = await output(bin('claude'), ['-p', '--output-format', 'stream-json', '--verbose', 'Reply with ok.']);
      const listed = (JSON.parse(init.split('\n').find((l) => l.includes('"subtype":"init"')) ?? '{}') as { tools?: string[] }).tools ?? [];
      assert.deepEqual([...CLAUDE_READ_TOOLS, ...CLAUDE_EDIT_TOOLS].filter((t) => !listed.includes(t)), [], `tools of this build: ${listed.join(', ')}`);
    });

    it('`claude auth status` says signed out with a fake HOME', async () => {
      assert.deepEqual(await claudeSignIn({ extraPaths: [NODE_BIN], env, runtime: runtime(), searchInstallFolders: false }), { signedIn: false, detail: CLAUDE_SETUP.signInHint });
    });

    it('claude-agent-acp answers the ACP handshake', async () => {
      const probe = await probeAcpAgent({ command: bin('claude-agent-acp'), args: [], env }, { timeoutMs: 60_000 });
      assert.equal(probe.initialized, true, probe.error);
    });
  });

  describe('Gemini CLI', () => {
    it('has every flag of the stream-json run, the ACP flags, the approval modes and --resume', async () => {
      const text = await output(bin('gemini'), ['--help']);
      for (const policy of ['ask', 'allowAll'] as const) assertFlags(text, passed(geminiInvocation(request(), found('gemini'), policy).args), `gemini (${policy})`);
      assertFlags(text, [...GEMINI_ACP_ARGS, '--resume'], 'gemini acp/resume');
      assertFlags(text, passed(geminiInvocation(resuming('gemini', 'stream-json'), found('gemini'), 'ask').args), 'gemini refine turn');
      // --help names "latest" and an index; the session's uuid is accepted too, as the CLI's own hint says.
      const bundle = path.join(NODE_BIN, '..', '@google', 'gemini-cli', 'bundle');
      assert.ok(readdirSync(bundle).some((f) => f.endsWith('.js') && readFileSync(path.join(bundle, f), 'utf8').includes('--resume {uuid}')), 'gemini takes --resume <uuid>');
      const modes = choices(text, '--approval-mode');
      for (const mode of ['auto_edit', 'yolo']) assert.ok(modes.includes(mode), `--approval-mode choices: ${modes.join(', ')}`);
    });
  });

  describe('Codex CLI', () => {
    it('has every flag of `codex exec`, the sandbox values, `login status` and `exec resume`', async () => {
      const text = await output(bin('codex'), ['exec', '--help']);
      for (const policy of ['ask', 'allowAll'] as const) {
        const args = codexInvocation(request(), found('codex'), policy).args;
        assert.equal(args[0], 'exec');
        assertFlags(text, passed(args), `codex exec (${policy})`);
      }
      const sandboxes = choices(text, '--sandbox');
      for (const s of ['workspace-write', 'danger-full-access']) assert.ok(sandboxes.includes(s), `--sandbox values: ${sandboxes.join(', ')}`);
      assert.match(text, /resume\s+Resume a previous session by id/);
      // A refine turn: `exec resume` has fewer options than `exec` (no --sandbox, --cd, --color).
      const resumeHelp = await output(bin('codex'), ['exec', 'resume', '--help']);
      assert.match(resumeHelp, /Usage: codex exec resume \[OPTIONS\] \[SESSION_ID\] \[PROMPT\]/);
      for (const policy of ['ask', 'allowAll'] as const) {
        const args = codexInvocation(resuming('codex', 'exec'), found('codex'), policy).args;
        assert.deepEqual(args.slice(0, 2), ['exec', 'resume']);
        assertFlags(resumeHelp, passed(args), `codex exec resume (${policy})`);
        if (policy === 'ask') assert.ok(args.includes('-c') && /-c, --config <key=value>/.test(resumeHelp));
      }
      assert.match(await output(bin('codex'), ['login', '--help']), /status/);
    });

    it('`codex login status` says "Not logged in", which the sign-in probe turns into its hint', async () => {
      const codex = createCodexAgent({ extraPaths: [NODE_BIN], env, runtime: runtime(), searchInstallFolders: false });
      const status = await codex.probeSignIn();
      assert.equal(status.signedIn, false, status.detail);
    });
  });

  // OpenCode (opencode-ai) and Qwen Code are not pinned: their per-platform optional packages
  // (opencode-darwin-*, @teddyzhu/clipboard-*) cannot be resolved from the registry CI reaches,
  // and a lock without them fails `npm ci`. Their adapters are tested against fakes.
});
