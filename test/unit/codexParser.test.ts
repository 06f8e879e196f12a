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
      const parser = createCodexParser();
      const unknown = [
        ...parser.line('stdout', '{"type":"item.completed","item":{"id":"item_9","type":"image_generation","status":"completed"}}'),
        ...parser.line('stdout', '{"type":"turn.progress","usage":{}}'),
      ];
      assert.deepEqual(unknown, [{ kind: 'log', text: 'codex item image_generation' }, { kind: 'log', text: 'codex turn.progress' }]);
    });
  });

  describe('sub-agents (codex-subagents.jsonl, collab_tool_call items as 0.171.0 writes them)', () => {
    const { events } = parseStream('codex-subagents.jsonl', (report) => createCodexParser({ report }));
    const models = '019b0c3e-6b22-7e01-8c10-9d3a4b5c6d02';

    it('produces only events the protocol accepts, and no raw item logs', () => {
      for (const event of events) assert.ok(AgentEvent.safeParse(event).success, JSON.stringify(event));
      assert.deepEqual(events.filter((e) => e.kind === 'log' && /collab/.test(e.text)), []);
    });

    it('shows each spawn as a sub-agent step titled by its prompt, and groups later calls about it under that step', () => {
      const tools = events.filter((e) => e.kind === 'tool');
      assert.deepEqual(tools.map((t) => [t.phase, t.id, t.status, t.group ?? '-', t.title]), [
        ['start', 'item_1', 'running', '-', 'Sub-agent: Read src/models and list every entity with its fields.'],
        ['end', 'item_1', 'succeeded', '-', 'Sub-agent: Read src/models and list every entity with its fields.'],
        ['start', 'item_2', 'running', '-', 'Sub-agent: Read src/api and list the routes.'],
        ['end', 'item_2', 'succeeded', '-', 'Sub-agent: Read src/api and list the routes.'],
        ['start', 'item_3', 'running', 'item_1', 'Message to the sub-agent: Include the relations too.'],
        ['end', 'item_3', 'succeeded', 'item_1', 'Message to the sub-agent: Include the relations too.'],
        ['start', 'item_4', 'running', '-', 'Wait for 2 sub-agents'],
        ['end', 'item_4', 'failed', '-', 'Wait for 2 sub-agents'],
        ['start', 'item_5', 'running', 'item_1', 'Close the sub-agent'],
        ['end', 'item_5', 'succeeded', 'item_1', 'Close the sub-agent'],
      ]);
      assert.equal((tools[7] as { detail?: string }).detail, `${models}: completed\n019b0c3e-7c33-7f12-9d21-0e4b5c6d7e03: errored`);
    });

    it('shows what each sub-agent said inside its own step, once, and a failure as a failure', () => {
      const said = events.filter((e) => e.kind === 'message' && e.group);
      assert.deepEqual(said, [
        { kind: 'message', text: 'Album(id, title, photos[]) and Photo(id, url, albumId): an album has many photos.', stream: `codex-agent:${models}`, group: 'item_1' },
        { kind: 'message', text: 'Sub-agent failed: stream disconnected before completion', stream: 'codex-agent:019b0c3e-7c33-7f12-9d21-0e4b5c6d7e03', group: 'item_2' },
      ]);
      assert.equal(textOf(events.filter((e) => !('group' in e) || !e.group), 'message'), 'Wrote specs/001-albums/spec.md from the models; the API routes are still to be read.');
    });
  });

  describe('plan deltas and questions (codex-plan-questions.jsonl, as earlier exec builds wrote them)', () => {
    const { events } = parseStream('codex-plan-questions.jsonl', (report) => createCodexParser({ report }));

    it('puts each question to the user with its header and choices, and says exec cannot take an answer', () => {
      const infos = events.filter((e) => e.kind === 'info').map((e) => e.text);
      assert.deepEqual(infos, [
        'Codex asks: Storage: Where should albums be stored? (SQLite (Recommended) / JSON files)',
        'Codex asks: Scope: Do photos need tags in the first release?',
      ]);
      assert.ok(events.some((e) => e.kind === 'log' && e.level === 'warn' && /cannot put to you/.test(e.text)));
    });

    it('streams the plan from its deltas and adds only what the completed plan item has beyond them', () => {
      const plan = events.filter((e) => e.kind === 'message' && e.stream === 'item_1').map((e) => (e as { text: string }).text);
      assert.deepEqual(plan, ['1. Model albums and photos\n', '2. Store them in SQLite\n', '3. Write the spec\n']);
      assert.equal(textOf(events, 'message'), '1. Model albums and photos\n2. Store them in SQLite\n3. Write the spec\nHere is the plan.');
    });
  });

  it('0.171.0 refuses a question or an approval on stderr: the user reads what happened, not a Rust log line', () => {
    const parser = createCodexParser();
    const thread = '019b0c3e-5a10-7d21-9a44-2f6c0e1d7a01';
    const question = parser.line('stderr', `2026-12-02T18:10:12.766030Z ERROR codex_app_server::bespoke_event_handling: request failed with client error: JSONRPCErrorError { code: -32000, data: None, message: "request_user_input is not supported in exec mode for thread \`${thread}\`" }`);
    assert.deepEqual(question, [{ kind: 'log', level: 'warn', text: 'Codex asked a question, which `codex exec` cannot put to you; it goes on without an answer.' }]);
    const approval = parser.line('stderr', `ERROR codex_app_server::bespoke_event_handling: request failed with client error: JSONRPCErrorError { code: -32000, data: None, message: "command execution approval is not supported in exec mode for thread \`${thread}\`" }`);
    assert.equal(approval.length, 1);
    assert.match((approval[0] as { text: string }).text, /^Codex needed command execution approval, which `codex exec` cannot ask for, so it was refused/);
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
