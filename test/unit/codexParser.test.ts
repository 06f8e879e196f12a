import assert from 'node:assert/strict';
import { AgentEvent } from '../../src/protocol';
import { CODEX_SETUP } from '../../src/core/agents/agentCatalog';
import { codexInvocation } from '../../src/core/agents/codex';
import { createCodexParser } from '../../src/core/agents/codexParser';
import { parseStream, textOf } from './helpers/streams';

describe('Codex exec --json parser', () => {
  describe('a normal run (codex-normal.jsonl)', () => {
    const { events, facts } = parseStream('codex-normal.jsonl', (report) => createCodexParser({ report }));

    it('produces only events the protocol accepts', () => {
      for (const event of events) assert.ok(AgentEvent.safeParse(event).success, JSON.stringify(event));
    });

    it('maps reasoning, the agent message, commands and file changes', () => {
      assert.equal(textOf(events, 'thinking'), '**Reading the template** I need the spec template first.');
      assert.equal(textOf(events, 'message'), 'Wrote specs/001-albums/spec.md.');
      const tools = events.filter((e) => e.kind === 'tool');
      assert.deepEqual(tools.map((t) => [t.phase, t.id, t.status]), [
        ['start', 'item_2', 'running'],
        ['end', 'item_2', 'succeeded'],
        ['start', 'item_3', 'running'],
        ['end', 'item_3', 'succeeded'],
        ['start', 'item_4', 'running'],
        ['end', 'item_4', 'failed'],
      ]);
      assert.equal(tools[0].title, "$ bash -lc 'cat .specify/templates/spec-template.md'");
      assert.equal((tools[3] as { detail?: string }).detail, 'add /ws/specs/001-albums/spec.md');
    });

    it('turns the to-do list into a plan that follows its updates', () => {
      const plans = events.filter((e) => e.kind === 'plan');
      assert.deepEqual(plans.map((p) => p.entries.map((e) => e.status)), [['in_progress', 'pending'], ['completed', 'in_progress']]);
    });

    it('reports usage and completes; unknown item and event types are logs', () => {
      assert.deepEqual({ ...facts, session: undefined }, { session: undefined, stopReason: 'end_turn', usage: { inputTokens: 24763, outputTokens: 122 } });
      assert.deepEqual(events.at(-1), { kind: 'complete', stopReason: 'end_turn', summary: '24,763 tokens in · 122 out' });
      const logs = events.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
      assert.ok(logs.includes('codex item collab_tool_call'));
      assert.ok(logs.includes('codex item.plan.delta'));
    });
  });

  it('tells the watchdog about "Reconnecting…" and keeps it as a warning (codex-offline.jsonl)', () => {
    const retries: string[] = [];
    let progress = 0;
    const { events } = parseStream('codex-offline.jsonl', () => createCodexParser({ onRetry: (m) => retries.push(m), onProgress: () => { progress += 1; } }));
    assert.equal(retries.length, 3);
    assert.match(retries[0], /^Reconnecting\.\.\. 1\/5/);
    assert.equal(progress, 1, 'only turn.started counts as a sign of life');
    assert.ok(!events.some((e) => e.kind === 'error'));
  });

  it('says "not signed in" once for a 401 (codex-auth.jsonl)', () => {
    const { events } = parseStream('codex-auth.jsonl', (report) => createCodexParser({ report }));
    const errors = events.filter((e) => e.kind === 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].kind === 'error' ? errors[0].hint : '', CODEX_SETUP.signInHint);
  });

  it('maps the permission policy to a sandbox, and guards a prompt that starts with a dash', () => {
    const request = { kind: 'spec' as const, workspaceRoot: '/ws', featureDir: '/ws/specs/001', docPath: '/ws/specs/001/spec.md', userPrompt: 'x', prompt: '--help me', env: {} };
    const detection = { id: 'codex', available: true, path: '/usr/bin/codex' };
    const ask = codexInvocation(request, detection, 'ask');
    assert.deepEqual(ask.args.slice(0, 9), ['exec', '--json', '--skip-git-repo-check', '--color', 'never', '--sandbox', 'workspace-write', '--cd', '/ws/specs/001']);
    assert.deepEqual(ask.args.slice(-2), ['--', '--help me']);
    assert.equal(ask.stdin, 'ignore');
    assert.ok(codexInvocation(request, detection, 'allowAll').args.includes('danger-full-access'));
  });
});
