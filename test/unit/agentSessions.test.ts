import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runAcpTurn } from '../../src/core/agents/acp/acpRun';
import { nodeFileSystem } from '../../src/core/agents/acp/fileSystem';
import { createClaudeParser } from '../../src/core/agents/claudeParser';
import { createCodexParser } from '../../src/core/agents/codexParser';
import { createCopilotParser } from '../../src/core/agents/copilotParser';
import { createGeminiParser } from '../../src/core/agents/geminiParser';
import { PermissionBroker } from '../../src/core/agents/permissions';
import type { RunReport } from '../../src/core/ports/agent';
import { GenerationService } from '../../src/core/features/generationService';
import { VersionStore } from '../../src/core/features/versions';
import { OperationBus } from '../../src/core/operations/bus';
import { Journal } from '../../src/core/operations/journal';
import { journalDirOf } from '../../src/core/operations/journalFormat';
import { OperationSummary } from '../../src/protocol';
import { ScriptedAgent } from '../fixtures/agents/fakeAgents';
import { parseStream } from './helpers/streams';

const FAKE_ACP = path.resolve(__dirname, '..', 'fixtures', 'acp', 'fake-acp-agent.mjs');

/** Item 9 of issue 14: each CLI's own session id, from its stream into the summary and the journal. */
describe('Agent sessions (resumable runs)', () => {
  it('reads the session id each CLI names in its stream', () => {
    assert.deepEqual(parseStream('copilot-normal.jsonl', createCopilotParser).facts.session,
      { agent: 'copilot', id: '9d3c4a8e-1f2b-4c5d-8e9f-0a1b2c3d4e5f', resumable: true, via: 'jsonl' });
    assert.deepEqual(parseStream('claude-normal.jsonl', createClaudeParser).facts.session,
      { agent: 'claude', id: '5e1c2a7f-0000-4000-8000-000000000001', resumable: true, via: 'stream-json' });
    assert.deepEqual(parseStream('gemini-normal.jsonl', createGeminiParser).facts.session,
      { agent: 'gemini', id: 'a1b2c3', resumable: true, via: 'stream-json' });
    assert.deepEqual(parseStream('codex-normal.jsonl', (report) => createCodexParser({ report })).facts.session,
      { agent: 'codex', id: '0199a213-81c0-7800-8aa1-bbab2a035a53', resumable: true, via: 'exec' });
  });

  it('takes Copilot\'s id from the result line when the stream had no session.start', () => {
    const facts: RunReport = {};
    const parser = createCopilotParser((f) => Object.assign(facts, f));
    parser.line('stdout', JSON.stringify({ type: 'result', exitCode: 0, sessionId: 'from-result' }));
    assert.equal(facts.session?.id, 'from-result');
  });

  describe('ACP', function () {
    this.timeout(20_000);
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(path.join(tmpdir(), 'specwright-session-'));
      mkdirSync(path.join(root, 'specs', '001-a'), { recursive: true });
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const turn = async (flags: string[]) => {
      const reports: RunReport[] = [];
      const featureDir = path.join(root, 'specs', '001-a');
      await runAcpTurn({
        label: 'Fake agent', agentId: 'custom',
        spec: { command: process.execPath, args: [FAKE_ACP, ...flags], cwd: root },
        request: { kind: 'spec', workspaceRoot: root, featureDir, docPath: path.join(featureDir, 'spec.md'), userPrompt: 'x', prompt: 'scenario=none', env: {} },
        ctx: { signal: new AbortController().signal, emit: () => undefined, report: (f) => reports.push(f) },
        broker: new PermissionBroker(), policy: 'ask', fileSystem: nodeFileSystem, signInHint: '', killGraceMs: 300,
      });
      return reports.find((r) => r.session)?.session;
    };

    it('records session/new\'s id, resumable only when the agent offers loadSession', async () => {
      assert.deepEqual(await turn([]), { agent: 'custom', id: 'fake-session', resumable: false, via: 'acp' });
      assert.deepEqual(await turn(['--load-session']), { agent: 'custom', id: 'fake-session', resumable: true, via: 'acp' });
    });
  });

  it('puts the session on the operation summary and in the journal, and reads it back', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'specwright-session-ws-'));
    try {
      const featureDir = path.join(root, 'specs', '001-a');
      mkdirSync(featureDir, { recursive: true });
      const bus = new OperationBus({ coalesceMs: 0 });
      const journal = new Journal({ dirOf: () => journalDirOf(root) });
      journal.attach(bus);
      const agent = new ScriptedAgent('claude', async (request, ctx) => {
        ctx.report?.({ session: { agent: 'claude', id: 'sess-42', resumable: true, via: 'stream-json' } });
        const { writeFile } = await import('node:fs/promises');
        await writeFile(request.docPath, '# Feature Specification: A\n');
        return { status: 'succeeded' };
      });
      const service = new GenerationService({ bus, workspaceRootFor: () => root, versionsFor: () => new VersionStore(root), resolveAgent: async () => agent });
      const { done } = await service.start({ kind: 'spec', featureDir, userPrompt: 'x' });
      const summary = await done;
      assert.deepEqual(summary.session, { agent: 'claude', id: 'sess-42', resumable: true, via: 'stream-json' });
      await journal.flushed();
      const [file] = readdirSync(journalDirOf(root));
      const lines = readFileSync(path.join(journalDirOf(root), file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: string; summary?: unknown });
      const last = OperationSummary.parse(lines.filter((l) => l.t === 'op').at(-1)?.summary);
      assert.equal(last.session?.id, 'sess-42');
      const [loaded] = await new Journal({ dirOf: () => undefined }).load(journalDirOf(root));
      assert.equal(loaded.summary.session?.id, 'sess-42');
      assert.equal(OperationSummary.safeParse({ ...summary, session: { agent: 'claude', id: 1 } }).success, false, 'a malformed session is refused at the boundary');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
