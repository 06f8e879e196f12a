import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AgentEvent } from '../../src/protocol';
import { probeAcpAgent } from '../../src/core/agents/acp/acpProbe';
import { nodeFileSystem } from '../../src/core/agents/acp/fileSystem';
import type { ComposedAgent } from '../../src/core/agents/composedAgent';
import { createCopilotAgents } from '../../src/core/agents/copilotAcp';
import { COPILOT_SIGN_IN_HINT } from '../../src/core/agents/copilotParser';
import { createGeminiAgent } from '../../src/core/agents/gemini';
import { GEMINI_SETUP } from '../../src/core/agents/agentCatalog';
import { PermissionBroker } from '../../src/core/agents/permissions';
import { AgentRegistry } from '../../src/core/agents/registry';
import { AgentStatusBook } from '../../src/core/agents/agentStatus';
import { credentialFreeEnv, NODE_BIN } from './helpers/agentEnv';

/**
 * Real peers no one here wrote: the `@github/copilot` and `@google/gemini-cli`
 * devDependencies, with no credentials. What can be checked without an account is checked:
 * detection and versions, the ACP handshake, and "not signed in" with the right hint.
 */
describe('Real agents over ACP (Copilot CLI, Gemini CLI; no credentials)', function () {
  this.timeout(60_000);
  let home: string;
  let root: string;
  let env: Record<string, string | undefined>;
  let copilot: ComposedAgent;
  let gemini: ComposedAgent;

  before(() => {
    home = mkdtempSync(path.join(tmpdir(), 'specwright-agents-home-'));
    root = mkdtempSync(path.join(tmpdir(), 'specwright-agents-ws-'));
    mkdirSync(path.join(root, 'specs', '001-demo'), { recursive: true });
    env = credentialFreeEnv(home);
    const runtime = { broker: new PermissionBroker(), policy: () => 'ask' as const, fileSystem: nodeFileSystem, env, killGraceMs: 1000 };
    // One instance each for the whole suite: detections are cached, as they are in the extension.
    copilot = createCopilotAgents({ extraPaths: [NODE_BIN], env, runtime, mode: 'jsonl' });
    gemini = createGeminiAgent({ extraPaths: [NODE_BIN], env, runtime });
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  it('detects both CLIs with their versions and setup commands', async () => {
    const [c, g] = await Promise.all([copilot.detect(), gemini.detect()]);
    assert.equal(c.available, true, c.hint);
    assert.equal(c.version, '1.0.102');
    assert.equal(c.installCommand, 'npm install -g @github/copilot');
    assert.equal(c.loginCommand, 'copilot login');
    assert.equal(g.available, true, g.hint);
    assert.equal(g.version, '0.61.0');
    assert.equal(g.path, path.join(NODE_BIN, 'gemini'));
    assert.equal(g.protocol, 'acp');
    assert.equal(g.installCommand, GEMINI_SETUP.installCommand);
  });

  it('completes the ACP handshake with `copilot --acp` and `gemini --acp`; session/new says "authentication required"', async () => {
    const [c, g] = await Promise.all([copilot.detect(), gemini.detect()]);
    const [cp, gp] = await Promise.all([
      probeAcpAgent({ command: c.path as string, args: ['--acp'], env }),
      probeAcpAgent({ command: g.path as string, args: ['--acp'], env }),
    ]);
    assert.equal(cp.initialized, true, cp.error);
    assert.match(cp.agentName ?? '', /copilot/i);
    assert.equal(cp.signedIn, false);
    assert.equal(gp.initialized, true, gp.error);
    assert.match(gp.agentName ?? '', /gemini/i);
    assert.ok((gp.authMethods ?? []).length > 0, 'Gemini offers ways to sign in');
    assert.equal(gp.signedIn, false);
  });

  it('reports "not signed in" with the agent\'s own hint, even when Copilot runs in JSONL mode', async () => {
    const book = new AgentStatusBook(new AgentRegistry([copilot]));
    const [info] = await book.detectAll({ probeSignIn: true });
    assert.equal(info.available, true);
    assert.equal(info.protocol, 'jsonl');
    assert.equal(info.signedIn, false);
    assert.deepEqual(await copilot.probeSignIn(), { signedIn: false, detail: COPILOT_SIGN_IN_HINT });
  });

  it('ends a Gemini ACP run without credentials with a "not signed in" error and the Gemini hint', async () => {
    const events: AgentEvent[] = [];
    const outcome = await gemini.run(
      { kind: 'spec', workspaceRoot: root, featureDir: path.join(root, 'specs', '001-demo'), docPath: path.join(root, 'specs', '001-demo', 'spec.md'), userPrompt: 'x', prompt: 'Write a spec.', env: {} },
      { emit: (e) => events.push(e), signal: new AbortController().signal },
    );
    assert.equal(outcome.status, 'failed');
    const error = events.find((e) => e.kind === 'error');
    assert.deepEqual(error, { kind: 'error', message: 'Gemini CLI is not signed in.', hint: GEMINI_SETUP.signInHint, code: 'auth' });
  });
});
