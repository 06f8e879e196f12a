import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../src/core/agents/acp/fileSystem';
import { createClaudeAgent } from '../../src/core/agents/claude';
import { createCodexAgent } from '../../src/core/agents/codex';
import { createCopilotAgent } from '../../src/core/agents/copilot';
import { createGeminiAgent } from '../../src/core/agents/gemini';
import { PermissionBroker } from '../../src/core/agents/permissions';
import type { Agent, AgentRequest, RunReport } from '../../src/core/ports/agent';
import type { RunOutcome, RunSpec } from '../../src/core/runner/types';
import type { AgentEvent, AgentSession } from '../../src/protocol';

const STREAMS = path.join(__dirname, '..', 'fixtures', 'streams');
/** Any executable file: detection only checks that it exists, the fake runner answers for it. */
const EXECUTABLE = path.join(__dirname, '..', 'fixtures', 'fake-agents', 'copilot');

/**
 * Issue 15.1: each CLI adapter continues a recorded session with its own resume flag, and reads
 * the recorded stream of a resumed run (the same session id comes back). The flags themselves are
 * checked against the pinned CLIs' --help in contracts.test.ts.
 */
describe('Refine: resuming each CLI\'s session', () => {
  const root = '/ws';
  const featureDir = '/ws/specs/001-albums';
  const runtime = { broker: new PermissionBroker(), policy: () => 'ask' as const, fileSystem: nodeFileSystem };

  /** A runner that answers `--version`, records the run's spec and plays a recorded stream. */
  function recorded(stream: string) {
    const specs: RunSpec[] = [];
    const runProcess = async (spec: RunSpec): Promise<RunOutcome> => {
      if (spec.args.includes('--version')) {
        spec.onLine?.({ stream: 'stdout', text: 'fake 1.2.3' });
        return { status: 'succeeded', exitCode: 0, durationMs: 1 };
      }
      specs.push(spec);
      for (const text of readFileSync(path.join(STREAMS, stream), 'utf8').split('\n')) if (text) spec.onLine?.({ stream: 'stdout', text });
      return { status: 'succeeded', exitCode: 0, durationMs: 1 };
    };
    return { specs, runProcess };
  }

  const request = (session?: AgentSession): AgentRequest => ({
    kind: 'spec', workspaceRoot: root, featureDir, docPath: `${featureDir}/spec.md`, userPrompt: 'make the stories smaller',
    prompt: 'Follow-up on spec.md: make the stories smaller.', env: {},
    ...(session ? { resume: { session, freshPrompt: 'FULL CONTEXT' } } : {}),
  });

  async function resume(agent: Agent, session: AgentSession) {
    assert.equal(await agent.resumes?.(session), true, `${agent.id} resumes its own ${session.via} session`);
    assert.equal(await agent.resumes?.({ ...session, via: 'acp' }), false, `${agent.id} does not resume a session opened another way`);
    assert.equal(await agent.resumes?.({ ...session, agent: 'someone-else' }), false);
    const events: AgentEvent[] = [];
    const facts: RunReport = {};
    const outcome = await agent.run(request(session), { emit: (e) => events.push(e), signal: new AbortController().signal, report: (f) => Object.assign(facts, f) });
    assert.equal(outcome.status, 'succeeded');
    const said = events.map((e) => (e.kind === 'message' ? e.text : '')).join('');
    assert.match(said, /the three stories I wrote earlier/);
    assert.deepEqual(facts.session, session, 'the resumed run reports the same session');
    return events;
  }

  it('Copilot CLI: --resume=<sessionId> before the prompt, the id from the result line', async () => {
    const { specs, runProcess } = recorded('copilot-resume.jsonl');
    const agent = createCopilotAgent({ path: EXECUTABLE, runProcess });
    const session = { agent: 'copilot', id: '9d3c4a8e-1f2b-4c5d-8e9f-0a1b2c3d4e5f', resumable: true, via: 'jsonl' };
    await resume(agent, session);
    const args = specs[0].args;
    assert.ok(args.includes(`--resume=${session.id}`), args.join(' '));
    assert.ok(args.indexOf(`--resume=${session.id}`) < args.findIndex((a) => a.startsWith('--prompt=')));
    assert.ok(args.includes('--prompt=Follow-up on spec.md: make the stories smaller.'), 'the short follow-up prompt, not the full context');
  });

  it('Claude Code: --resume <session_id> with the same permission flags', async () => {
    const { specs, runProcess } = recorded('claude-resume.jsonl');
    const agent = createClaudeAgent({ mode: 'stream-json', path: EXECUTABLE, runProcess, runtime, searchInstallFolders: false });
    const session = { agent: 'claude', id: '5e1c2a7f-0000-4000-8000-000000000001', resumable: true, via: 'stream-json' };
    await resume(agent, session);
    const args = specs[0].args;
    assert.deepEqual(args.slice(args.indexOf('--resume'), args.indexOf('--resume') + 2), ['--resume', session.id]);
    assert.ok(args.includes('--permission-mode'));
    assert.equal(specs[0].input, 'Follow-up on spec.md: make the stories smaller.');
  });

  it('Gemini CLI (stream-json): --resume=<uuid>', async () => {
    const { specs, runProcess } = recorded('gemini-resume.jsonl');
    const agent = createGeminiAgent({ mode: 'stream-json', path: EXECUTABLE, runProcess, runtime, searchInstallFolders: false });
    const session = { agent: 'gemini', id: 'a1b2c3', resumable: true, via: 'stream-json' };
    await resume(agent, session);
    assert.ok(specs[0].args.includes('--resume=a1b2c3'), specs[0].args.join(' '));
  });

  it('Codex CLI: codex exec resume <id> <prompt>, the sandbox as config, the first run\'s folder as cwd', async () => {
    const { specs, runProcess } = recorded('codex-resume.jsonl');
    const agent = createCodexAgent({ path: EXECUTABLE, runProcess, runtime, searchInstallFolders: false });
    const session = { agent: 'codex', id: '0199a213-81c0-7800-8aa1-bbab2a035a53', resumable: true, via: 'exec' };
    await resume(agent, session);
    const { args, cwd } = specs[0];
    assert.deepEqual(args.slice(0, 2), ['exec', 'resume']);
    assert.deepEqual(args.slice(-3), ['--', session.id, 'Follow-up on spec.md: make the stories smaller.']);
    assert.ok(args.includes('sandbox_mode="workspace-write"'));
    assert.ok(!args.includes('--sandbox') && !args.includes('--cd'), 'exec resume takes neither');
    assert.equal(cwd, featureDir);
  });

  it('a run without a session to resume has no resume flag', async () => {
    const { specs, runProcess } = recorded('copilot-resume.jsonl');
    await createCopilotAgent({ path: EXECUTABLE, runProcess }).run(request(), { emit: () => undefined, signal: new AbortController().signal });
    assert.ok(!specs[0].args.some((a) => a.startsWith('--resume')));
  });
});
