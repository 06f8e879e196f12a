import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AgentEvent } from '../../src/protocol';
import { copilotInvocation, createCopilotAgent, detectCopilot } from '../../src/core/agents/copilot';
import type { AgentRequest } from '../../src/core/ports/agent';

/**
 * The real `@github/copilot` devDependency, run without credentials: detection, `--version`,
 * and the sign-in error path. Everything after sign-in is covered by the recorded streams.
 */
const bin = path.resolve(__dirname, '..', '..', 'node_modules', '.bin');
const request = (root: string, prompt: string): AgentRequest => ({
  kind: 'spec',
  workspaceRoot: root,
  featureDir: path.join(root, 'specs', '001-demo'),
  docPath: path.join(root, 'specs', '001-demo', 'spec.md'),
  userPrompt: prompt,
  prompt,
  env: {},
});

/**
 * No credentials may reach the CLI: a scratch HOME hides ~/.copilot and gh's config, every
 * COPILOT_/GH_/GITHUB_ variable (tokens, BYOK providers) is removed, and so is the D-Bus
 * address a desktop keyring would be reached through. The unpacked CLI (~250 MB, first run)
 * is cached in one temp folder shared by runs instead of in each scratch HOME.
 */
function credentialFreeEnv(home: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_CACHE_HOME: path.join(tmpdir(), 'specwright-test-copilot-cache'),
    DBUS_SESSION_BUS_ADDRESS: undefined,
    COPILOT_GITHUB_TOKEN: undefined,
    GH_TOKEN: undefined,
    GITHUB_TOKEN: undefined,
  };
  for (const name of Object.keys(process.env)) {
    if (/^(COPILOT_|GH_|GITHUB_)/i.test(name)) env[name] = undefined;
  }
  return env;
}

describe('GitHub Copilot CLI (real package, no credentials)', function () {
  this.timeout(60_000);
  let home: string;
  let root: string;

  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'specwright-copilot-home-'));
    root = mkdtempSync(path.join(tmpdir(), 'specwright-copilot-ws-'));
    mkdirSync(path.join(root, 'specs', '001-demo'), { recursive: true });
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  it('is detected with its version, as the native binary rather than the npm loader', async () => {
    const detection = await detectCopilot({ extraPaths: [bin], env: credentialFreeEnv(home) });
    assert.equal(detection.available, true, detection.hint);
    assert.equal(detection.version, '1.0.102');
    // The loader would swallow our SIGTERM; the platform binary receives it.
    assert.match(detection.path ?? '', /copilot-(linux|linuxmusl|darwin|win32)-[a-z0-9]+[\\/]copilot(\.exe)?$/);
  });

  it('reports a missing executable with the install hint', async () => {
    const detection = await detectCopilot({ path: path.join(root, 'no-copilot-here') });
    assert.equal(detection.available, false);
    assert.match(detection.hint ?? '', /npm install -g @github\/copilot/);
  });

  it('ends an unauthenticated run with the sign-in error and a failed outcome', async () => {
    const agent = createCopilotAgent({ extraPaths: [bin], env: credentialFreeEnv(home) });
    const events: AgentEvent[] = [];
    const outcome = await agent.run(
      { ...request(root, 'Reply with the single word ok. Do not use any tools.'), timeoutMs: 45_000 },
      { emit: (e) => events.push(e), signal: new AbortController().signal },
    );

    const errors = events.filter((e) => e.kind === 'error');
    assert.equal(errors.length, 1, JSON.stringify(events));
    assert.equal(errors[0].kind === 'error' && errors[0].code, 'auth');
    assert.match(errors[0].kind === 'error' ? (errors[0].hint ?? '') : '', /\/login/);
    assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
    assert.match(outcome.status === 'failed' ? outcome.reason : '', /exited with code 1: Copilot is not signed in/);
  });

  describe('invocation', () => {
    const found = { id: 'copilot', available: true, path: '/opt/copilot' };

    it('runs non-interactive JSONL confined to the workspace plus the feature folder, prompt as one argument', () => {
      const spec = copilotInvocation(request('/ws', '-starts with a dash "and" $(quotes)'), found);
      assert.equal(spec.command, '/opt/copilot');
      assert.equal(spec.cwd, '/ws');
      assert.equal(spec.stdin, 'ignore');
      assert.deepEqual(spec.args.slice(0, 4), ['--output-format', 'json', '--stream', 'on']);
      assert.ok(spec.args.includes('--allow-all-tools'));
      assert.ok(!spec.args.some((a) => /^--(allow-all|yolo|allow-all-paths|allow-all-urls)$/.test(a)));
      assert.equal(spec.args[spec.args.indexOf('--add-dir') + 1], '/ws/specs/001-demo');
      assert.equal(spec.args.at(-1), '--prompt=-starts with a dash "and" $(quotes)');
      assert.equal(spec.env?.COPILOT_AUTO_UPDATE, 'false');
    });

    it('sends a prompt too long for a command line through stdin instead', () => {
      const long = 'x'.repeat(30_000);
      const spec = copilotInvocation(request('/ws', long), found);
      assert.equal(spec.stdin, 'pipe');
      assert.equal(spec.input, long);
      assert.ok(!spec.args.some((a) => a.startsWith('--prompt')));
    });
  });
});
