import assert from 'node:assert/strict';
import { AgentEvent } from '../../src/protocol';
import { CLAUDE_SETUP } from '../../src/core/agents/agentCatalog';
import { claudeInvocation, claudePermissionArgs } from '../../src/core/agents/claude';
import { createClaudeParser } from '../../src/core/agents/claudeParser';
import { parseStream, textOf } from './helpers/streams';

describe('Claude Code stream-json parser', () => {
  describe('a normal run with partial messages (claude-normal.jsonl)', () => {
    const { events, facts } = parseStream('claude-normal.jsonl', createClaudeParser);

    it('produces only events the protocol accepts', () => {
      for (const event of events) assert.ok(AgentEvent.safeParse(event).success, JSON.stringify(event));
    });

    it('streams text and thinking from the deltas, without repeating them when the whole message follows', () => {
      assert.equal(textOf(events, 'message'), "I'll write the spec now.Wrote spec.md.");
      assert.equal(textOf(events, 'thinking'), 'The user wants a spec for albums.');
    });

    it('turns tool_use and its tool_result into one tool with a readable title', () => {
      const tools = events.filter((e) => e.kind === 'tool');
      assert.deepEqual(tools.map((t) => [t.phase, t.status, t.title]), [
        ['start', 'running', 'Write /ws/specs/001-albums/spec.md'],
        ['end', 'succeeded', 'Write /ws/specs/001-albums/spec.md'],
      ]);
    });

    it('reports model, usage with cache tokens, cost and stop reason, and completes', () => {
      assert.deepEqual({ ...facts, session: undefined }, { session: undefined, model: 'claude-sonnet-4-5-20250929', usage: { inputTokens: 13513, outputTokens: 165, costUsd: 0.0421 }, stopReason: 'end_turn' });
      const complete = events.find((e) => e.kind === 'complete');
      assert.deepEqual(complete, { kind: 'complete', stopReason: 'end_turn', summary: '13,513 tokens in · 165 out · $0.0421' });
    });

    it('logs API retries, permission denials and unknown line types instead of failing', () => {
      const logs = events.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
      assert.ok(logs.some((l) => /retry 1\/10: overloaded_error/.test(l)));
      assert.ok(logs.some((l) => /refused 1 tool call by the permission policy: Bash/.test(l)));
      assert.ok(logs.includes('claude rate_limit_event'));
      assert.ok(!events.some((e) => e.kind === 'error'));
    });
  });

  it('says "not signed in" once, with the sign-in hint, for authentication_failed (claude-auth.jsonl)', () => {
    const { events } = parseStream('claude-auth.jsonl', createClaudeParser);
    const errors = events.filter((e) => e.kind === 'error');
    assert.deepEqual(errors, [{ kind: 'error', message: 'Claude Code is not signed in.', hint: CLAUDE_SETUP.signInHint, code: 'auth' }]);
    assert.equal(textOf(events, 'message'), '', 'the error text is not shown as if Claude had answered');
    assert.ok(!events.some((e) => e.kind === 'complete'));
  });

  it('never throws on garbage', () => {
    const parser = createClaudeParser();
    for (const line of ['not json', '{}', '{"type":42}', '{"type":"assistant"}', '{"type":"result","usage":"x"}', '[1,2]', 'null']) {
      assert.doesNotThrow(() => parser.line('stdout', line));
    }
  });

  it('maps the permission policy to claude flags', () => {
    assert.deepEqual(claudePermissionArgs('allowAll', '/ws/specs/001'), ['--dangerously-skip-permissions']);
    const asked = claudePermissionArgs('ask', '/ws/specs/001');
    assert.ok(asked.includes('Write(//ws/specs/001/**)'));
    assert.ok(!asked.some((a) => a.startsWith('Bash')));
    // Tools and modes the current CLI has (issue 14.7): no LS, no MultiEdit, no "default" mode.
    assert.deepEqual(asked, ['--permission-mode', 'dontAsk', '--allowedTools', 'Read', 'Glob', 'Grep', 'Edit(//ws/specs/001/**)', 'Write(//ws/specs/001/**)']);
    const inv = claudeInvocation(
      { kind: 'spec', workspaceRoot: '/ws', featureDir: '/ws/specs/001', docPath: '/ws/specs/001/spec.md', userPrompt: 'x', prompt: '-starts with a dash', env: {} },
      { id: 'claude', available: true, path: '/usr/bin/claude' },
      'allowEditsInFeature',
    );
    assert.deepEqual(inv.args.slice(0, 6), ['-p', '--output-format', 'stream-json', '--verbose', '--include-partial-messages', '--permission-mode']);
    assert.equal(inv.input, '-starts with a dash', 'the prompt goes through stdin');
    assert.equal(inv.stdin, 'pipe');
  });
});
