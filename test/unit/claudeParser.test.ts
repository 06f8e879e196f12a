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

    it('logs API retries and permission denials; a rate limit that allows the call says nothing', () => {
      const logs = events.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
      assert.ok(logs.some((l) => /retry 1\/10: overloaded_error/.test(l)));
      assert.ok(logs.some((l) => /refused 1 tool call by the permission policy: Bash/.test(l)));
      assert.ok(!logs.some((l) => /rate_limit_event/.test(l)), 'a rate limit that allows the call says nothing');
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
    assert.deepEqual(asked, ['--permission-mode', 'dontAsk', '--allowedTools', 'Read', 'Edit(//ws/specs/001/**)', 'Write(//ws/specs/001/**)']);
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

describe('Claude Code stream-json: errors and system events with words for the user (issue 14.3)', () => {
  const lines = (values: unknown[]) => {
    const parser = createClaudeParser();
    return values.flatMap((v) => parser.line('stdout', JSON.stringify(v)));
  };

  it('an error result says what went wrong, from result.errors[]', () => {
    const [error] = lines([{ type: 'result', subtype: 'error_during_execution', is_error: true, errors: ['API Error: 529 Overloaded', 'Retries exhausted'], usage: {} }]);
    assert.deepEqual(error, { kind: 'error', message: 'Claude Code stopped (an error during the run): API Error: 529 Overloaded · Retries exhausted', code: 'error_during_execution' });
    const [turns] = lines([{ type: 'result', subtype: 'error_max_turns', is_error: true, errors: [], usage: {} }]);
    assert.equal(turns.kind === 'error' && turns.message, 'Claude Code stopped (it reached the turn limit).');
  });

  it('maps each system event that carries text to an event with that text', () => {
    const events = lines([
      { type: 'system', subtype: 'permission_denied', tool_name: 'Bash', tool_use_id: 't1', decision_reason: 'dontAsk mode', message: 'Permission to use Bash has been denied.' },
      { type: 'system', subtype: 'model_refusal_no_fallback', original_model: 'claude-opus-4', content: 'I cannot help with that.', request_id: null },
      { type: 'auth_status', isAuthenticating: false, output: ['Opening the browser to sign in…'] },
      { type: 'auth_status', isAuthenticating: false, output: [], error: 'OAuth token has expired' },
      { type: 'rate_limit_event', rate_limit_info: { status: 'rejected', resetsAt: 1795000000, rateLimitType: 'five_hour' } },
      { type: 'rate_limit_event', rate_limit_info: { status: 'allowed' } },
      { type: 'system', subtype: 'notification', key: 'k', text: 'Auto-update failed; run claude doctor', priority: 'high' },
      { type: 'system', subtype: 'task_started', task_id: 'a1', description: 'Explore the data model' },
      { type: 'system', subtype: 'task_progress', task_id: 'a1', description: 'Explore', usage: {}, last_tool_name: 'Grep' },
      { type: 'system', subtype: 'task_notification', task_id: 'a1', status: 'completed', summary: 'Found 3 entities', output_file: '/tmp/o' },
      { type: 'tool_use_summary', summary: 'Read 4 files and edited spec.md', preceding_tool_use_ids: [] },
    ]);
    assert.deepEqual(events, [
      { kind: 'log', level: 'warn', text: 'Claude Code was not allowed to use Bash (dontAsk mode): Permission to use Bash has been denied.' },
      { kind: 'error', message: 'claude-opus-4 declined the request: I cannot help with that.', code: 'refusal' },
      { kind: 'info', text: 'Opening the browser to sign in…' },
      { kind: 'error', message: 'Claude Code is not signed in.', hint: CLAUDE_SETUP.signInHint, code: 'auth' },
      { kind: 'error', message: 'Claude usage limit reached (five hour). It resets at 2026-11-18 11:06 UTC.', code: 'rate_limit' },
      { kind: 'info', text: 'Auto-update failed; run claude doctor' },
      { kind: 'tool', phase: 'start', id: 'task:a1', title: 'Task: Explore the data model', status: 'running' },
      { kind: 'tool', phase: 'update', id: 'task:a1', status: 'running', detail: 'using Grep' },
      { kind: 'tool', phase: 'end', id: 'task:a1', status: 'succeeded', detail: 'Found 3 entities' },
      { kind: 'info', text: 'Read 4 files and edited spec.md' },
    ]);
    assert.ok(!events.some((e) => e.kind === 'log' && /^claude system/.test(e.text)), 'no bare "claude system X" lines');
  });
});
