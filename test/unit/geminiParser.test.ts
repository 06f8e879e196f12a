import assert from 'node:assert/strict';
import { AgentEvent } from '../../src/protocol';
import { GEMINI_SETUP } from '../../src/core/agents/agentCatalog';
import { geminiApprovalMode, geminiInvocation } from '../../src/core/agents/gemini';
import { createGeminiParser } from '../../src/core/agents/geminiParser';
import { parseStream, textOf } from './helpers/streams';

describe('Gemini CLI stream-json parser', () => {
  describe('a normal run (gemini-normal.jsonl)', () => {
    const { events, facts } = parseStream('gemini-normal.jsonl', createGeminiParser);

    it('produces only events the protocol accepts', () => {
      for (const event of events) assert.ok(AgentEvent.safeParse(event).success, JSON.stringify(event));
    });

    it('streams the assistant text, one block per stretch between tools, and skips the echoed prompt', () => {
      assert.equal(textOf(events, 'message'), "I'll read the template first.Done: spec.md is written.");
      const streams = new Set(events.filter((e) => e.kind === 'message').map((e) => (e as { stream?: string }).stream));
      assert.equal(streams.size, 2);
    });

    it('pairs tool_use with tool_result, failures included', () => {
      const tools = events.filter((e) => e.kind === 'tool');
      assert.deepEqual(tools.map((t) => [t.phase, t.id, t.status, t.title]), [
        ['start', 'read_file-1', 'running', 'read_file /ws/.specify/templates/spec-template.md'],
        ['end', 'read_file-1', 'succeeded', 'read_file /ws/.specify/templates/spec-template.md'],
        ['start', 'run_shell_command-2', 'running', 'run_shell_command rm -rf /'],
        ['end', 'run_shell_command-2', 'failed', 'run_shell_command rm -rf /'],
        ['start', 'write_file-3', 'running', 'write_file /ws/specs/001-albums/spec.md'],
        ['end', 'write_file-3', 'succeeded', 'write_file /ws/specs/001-albums/spec.md'],
      ]);
      assert.equal((tools[3] as { detail?: string }).detail, 'Tool execution denied by policy.');
    });

    it('reports model, tokens and stop reason; keeps warnings and unknown types as logs', () => {
      assert.deepEqual({ ...facts, session: undefined }, { session: undefined, model: 'gemini-2.5-pro', usage: { inputTokens: 5000, outputTokens: 400 }, stopReason: 'end_turn' });
      assert.deepEqual(events.at(-1), { kind: 'complete', stopReason: 'end_turn', summary: '5,000 tokens in · 400 out' });
      const logs = events.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
      assert.ok(logs.includes('Loop detection is off'));
      assert.ok(logs.includes('gemini thought_summary'));
    });
  });

  it('turns the missing-credentials result into "not signed in" with the hint (gemini-error.jsonl)', () => {
    const { events, facts } = parseStream('gemini-error.jsonl', createGeminiParser);
    assert.deepEqual(events.filter((e) => e.kind === 'error'), [{ kind: 'error', message: 'Gemini CLI is not signed in.', hint: GEMINI_SETUP.signInHint, code: 'auth' }]);
    assert.equal(facts.stopReason, 'FatalAuthenticationError');
    assert.ok(events.some((e) => e.kind === 'log' && e.text === 'Loaded cached credentials.'), 'non-JSON lines are logs');
  });

  it('recognises the same message on stderr, as the real CLI prints it', () => {
    const parser = createGeminiParser();
    const events = parser.line('stderr', 'Please set an Auth method in your /home/u/.gemini/settings.json or specify one of the following environment variables before running: GEMINI_API_KEY');
    assert.equal(events[0]?.kind === 'error' ? events[0].code : undefined, 'auth');
  });

  it('maps the permission policy to an approval mode, and keeps stdin closed for short prompts', () => {
    assert.equal(geminiApprovalMode('ask'), 'auto_edit');
    assert.equal(geminiApprovalMode('allowAll'), 'yolo');
    const inv = geminiInvocation(
      { kind: 'spec', workspaceRoot: '/ws', featureDir: '/ws/specs/001', docPath: '/ws/specs/001/spec.md', userPrompt: 'x', prompt: 'Write it', env: {} },
      { id: 'gemini', available: true, path: '/usr/bin/gemini' },
      'ask',
    );
    assert.ok(inv.args.includes('--prompt=Write it'));
    assert.deepEqual(inv.args.slice(0, 4), ['--output-format', 'stream-json', '--approval-mode', 'auto_edit']);
    assert.equal(inv.stdin, 'ignore');
  });
});
