import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AgentEvent } from '../../src/protocol';
import { COPILOT_NETWORK_HINT, COPILOT_SIGN_IN_HINT, createCopilotParser } from '../../src/core/agents/copilotParser';

const streams = path.join(__dirname, '..', 'fixtures', 'streams');

function parse(lines: readonly string[], stream: 'stdout' | 'stderr' = 'stdout'): AgentEvent[] {
  const parser = createCopilotParser();
  const events = lines.flatMap((line) => parser.line(stream, line));
  return [...events, ...(parser.end?.() ?? [])];
}

function parseFixture(name: string): AgentEvent[] {
  return parse(readFileSync(path.join(streams, name), 'utf8').split('\n'));
}

function text(events: readonly AgentEvent[], kind: 'message' | 'thinking'): string {
  return events.map((e) => (e.kind === kind ? e.text : '')).join('');
}

describe('Copilot JSONL parser', () => {
  describe('a normal run (copilot-normal.jsonl)', () => {
    const events = parseFixture('copilot-normal.jsonl');

    it('produces only events the protocol accepts', () => {
      for (const event of events) assert.ok(AgentEvent.safeParse(event).success, JSON.stringify(event));
    });

    it('announces the CLI version and model', () => {
      assert.deepEqual(events[0], { kind: 'info', text: 'GitHub Copilot CLI 1.0.102 · model claude-sonnet-4.5' });
    });

    it('streams reasoning once, keyed by its reasoning id', () => {
      assert.equal(text(events, 'thinking'), 'The user wants a spec. I should read the template first.');
      assert.ok(events.every((e) => e.kind !== 'thinking' || e.stream === 'rs_1'));
    });

    it('shows each message once: deltas, not the final repeat; a final without deltas in full', () => {
      assert.equal(text(events, 'message'), 'Reading the spec template.The spec is in specs/001-photo-albums/spec.md.');
      const streamsSeen = events.flatMap((e) => (e.kind === 'message' ? [e.stream] : []));
      assert.deepEqual(streamsSeen, ['msg_1', 'msg_1', 'msg_2']);
    });

    it('turns tool executions into start/end pairs with readable titles', () => {
      const tools = events.filter((e) => e.kind === 'tool');
      assert.deepEqual(
        tools.map((t) => [t.phase, t.id, t.status, t.title]),
        [
          ['start', 'call_1', 'running', 'view /work/photos/.specify/templates/spec-template.md'],
          ['end', 'call_1', 'succeeded', 'view /work/photos/.specify/templates/spec-template.md'],
          ['start', 'call_2', 'running', 'create /work/photos/specs/001-photo-albums/spec.md'],
          ['end', 'call_2', 'succeeded', 'create /work/photos/specs/001-photo-albums/spec.md'],
        ],
      );
    });

    it('ends with one complete event summarising usage, and hides turn bookkeeping', () => {
      assert.deepEqual(events.at(-1), { kind: 'complete', summary: '1 premium request · 1 file modified', stopReason: 'end_turn' });
      assert.equal(events.filter((e) => e.kind === 'complete').length, 1);
      assert.deepEqual(events.filter((e) => e.kind === 'log'), []);
    });
  });

  describe('an error run (copilot-error.jsonl)', () => {
    const events = parseFixture('copilot-error.jsonl');

    it('reports the failed tool and the session error, and does not claim completion', () => {
      const end = events.find((e) => e.kind === 'tool' && e.phase === 'end');
      assert.deepEqual(end, {
        kind: 'tool',
        phase: 'end',
        id: 'call_9',
        title: 'bash cat plan.md',
        status: 'failed',
        detail: 'cat: plan.md: No such file or directory',
      });
      assert.ok(
        events.some(
          (e) => e.kind === 'error' && e.code === 'rate_limit' && e.message.startsWith('Sorry, you have been rate-limited'),
        ),
      );
      assert.equal(events.some((e) => e.kind === 'complete'), false);
    });
  });

  describe('unknown types and garbage (copilot-garbage.jsonl)', () => {
    const events = parseFixture('copilot-garbage.jsonl');

    it('never throws and keeps what it cannot map as logs', () => {
      for (const event of events) assert.ok(AgentEvent.safeParse(event).success, JSON.stringify(event));
      const logs = events.flatMap((e) => (e.kind === 'log' ? [e.text] : []));
      assert.ok(logs.some((t) => t.startsWith('copilot session.mcp_servers_loaded')));
      assert.ok(logs.some((t) => t.startsWith('copilot session.title_changed_v2')));
      assert.ok(logs.includes('Error: something that is not JSON'));
      assert.ok(logs.includes('{"type":'));
      assert.ok(logs.includes('[1,2,3]'));
      assert.ok(logs.includes('copilot tool.execution_start in an unexpected shape'));
      assert.ok(logs.includes('Copilot result line in an unexpected shape'));
    });

    it('adds only the unstreamed tail when a final message extends its deltas', () => {
      assert.equal(text(events, 'message'), 'Hello, world');
    });
  });

  describe('sign-in', () => {
    const realStderr = [
      'Error: No authentication information found.',
      '',
      'Copilot can be authenticated with GitHub using an OAuth Token or a Fine-Grained Personal Access Token.',
    ];

    it('turns the CLI\'s missing-credentials message into one error telling how to sign in', () => {
      const events = parse(realStderr, 'stderr');
      assert.deepEqual(events[0], { kind: 'error', message: 'Copilot is not signed in.', hint: COPILOT_SIGN_IN_HINT, code: 'auth' });
      assert.match(COPILOT_SIGN_IN_HINT, /\/login/);
      assert.match(COPILOT_SIGN_IN_HINT, /COPILOT_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN/);
      assert.deepEqual(events.slice(1), [{ kind: 'log', text: realStderr[2] }]);
    });

    it('recognises it on stdout and as a session.error, and reports it once', () => {
      const parser = createCopilotParser();
      const events = [
        ...parser.line('stdout', 'Error: No authentication information found.'),
        ...parser.line('stdout', JSON.stringify({ type: 'session.error', data: { errorType: 'authentication', message: 'Token expired' } })),
        ...parser.line('stderr', 'Error: No authentication information found.'),
      ];
      assert.deepEqual(events.map((e) => e.kind), ['error']);
    });

    it('keeps the CLI\'s own wording when an authentication error is not the missing-credentials one', () => {
      const events = parse([JSON.stringify({ type: 'session.error', data: { errorType: 'authentication', message: 'Token expired' } })]);
      assert.deepEqual(events, [{ kind: 'error', message: 'Token expired', hint: COPILOT_SIGN_IN_HINT, code: 'auth' }]);
    });
  });

  it('completes once on session.idle (SDK streams) even when a result line follows', () => {
    const events = parse([
      JSON.stringify({ type: 'session.idle', data: {}, ephemeral: true }),
      JSON.stringify({ type: 'result', exitCode: 0, sessionId: 's' }),
    ]);
    assert.deepEqual(events, [{ kind: 'complete', stopReason: 'idle' }]);
  });
});

describe('Copilot: a token that could not be validated is a network problem, not "signed out" (issue 14.2)', () => {
  const LINE = 'Error: Authentication token found but could not be validated: TypeError: network fetch failed';
  for (const [where, stream, text] of [
    ['stderr', 'stderr', LINE],
    ['stdout', 'stdout', LINE],
    ['a session.error', 'stdout', JSON.stringify({ type: 'session.error', data: { errorType: 'authentication', message: LINE } })],
  ] as const) {
    it(`says so when it comes on ${where}`, () => {
      const events = parse([text], stream);
      assert.deepEqual(events.filter((e) => e.kind === 'error'), [{ kind: 'error', message: 'Copilot could not reach GitHub to validate the token (network).', hint: COPILOT_NETWORK_HINT, code: 'network' }]);
    });
  }
});
