import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AgentEvent } from '../../src/protocol';
import { probeAcpAgent } from '../../src/core/agents/acp/acpProbe';
import { runAcpTurn } from '../../src/core/agents/acp/acpRun';
import { nodeFileSystem } from '../../src/core/agents/acp/fileSystem';
import { PermissionBroker, type PermissionPolicy } from '../../src/core/agents/permissions';
import type { AgentOutcome, AgentRequest, RunReport } from '../../src/core/ports/agent';
import { isProcessAlive } from '../../src/core/runner/processTable';

/**
 * The ACP client against a fake agent built on the SDK's agent side
 * (test/fixtures/acp/fake-acp-agent.mjs): a real subprocess speaking real ndjson JSON-RPC.
 */
const FAKE = path.resolve(__dirname, '..', 'fixtures', 'acp', 'fake-acp-agent.mjs');

interface Run {
  outcome: AgentOutcome;
  events: AgentEvent[];
  reports: RunReport[];
  messages: string;
}

interface RunOptions {
  prompt: string;
  policy?: PermissionPolicy;
  flags?: string[];
  broker?: PermissionBroker;
  /** Called for each event as it arrives (answer questions, cancel…). */
  onEvent?: (event: AgentEvent, controller: AbortController) => void;
  timeoutMs?: number;
}

describe('ACP client (fake ACP agent)', function () {
  this.timeout(20_000);
  let root: string;
  let feature: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'specwright-acp-'));
    feature = path.join(root, 'specs', '001-albums');
    mkdirSync(feature, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const request = (prompt: string, timeoutMs?: number): AgentRequest => ({
    kind: 'spec',
    workspaceRoot: root,
    featureDir: feature,
    docPath: path.join(feature, 'spec.md'),
    userPrompt: prompt,
    prompt,
    env: {},
    ...(timeoutMs ? { timeoutMs } : {}),
  });

  async function run(options: RunOptions): Promise<Run> {
    const events: AgentEvent[] = [];
    const reports: RunReport[] = [];
    const controller = new AbortController();
    const outcome = await runAcpTurn({
      label: 'Fake agent',
      spec: { command: process.execPath, args: [FAKE, ...(options.flags ?? [])], cwd: root },
      request: request(options.prompt, options.timeoutMs),
      ctx: {
        signal: controller.signal,
        emit: (event) => {
          events.push(event);
          options.onEvent?.(event, controller);
        },
        report: (facts) => reports.push(facts),
      },
      broker: options.broker ?? new PermissionBroker(),
      policy: options.policy ?? 'ask',
      fileSystem: nodeFileSystem,
      signInHint: 'Sign in with `fake login`.',
      cancelGraceMs: 500,
      killGraceMs: 300,
    });
    const messages = events.filter((e) => e.kind === 'message').map((e) => (e as { text: string }).text).join('');
    return { outcome, events, reports, messages };
  }

  it('streams thinking, message chunks, a plan and a tool call with its updates, and reports model, usage and stop reason', async () => {
    const doc = path.join(feature, 'spec.md');
    const { outcome, events, reports, messages } = await run({ prompt: `scenario=stream; doc=${doc}` });
    assert.deepEqual(outcome, { status: 'succeeded' });
    assert.equal(messages, 'Wrote the spec.');
    assert.equal(events.filter((e) => e.kind === 'message').length, 3, 'each chunk arrives as its own delta');
    assert.ok(events.every((e) => e.kind !== 'message' || e.stream === 'm1'), 'chunks of one message share a stream');
    assert.equal(events.filter((e) => e.kind === 'thinking').map((e) => (e as { text: string }).text).join(''), 'Reading the feature folder. Drafting the spec.');
    const plan = events.find((e) => e.kind === 'plan');
    assert.deepEqual(plan, { kind: 'plan', entries: [{ content: 'Read the template', status: 'completed' }, { content: 'Write spec.md', status: 'in_progress' }] });
    const tools = events.filter((e) => e.kind === 'tool');
    assert.deepEqual(tools.map((t) => [t.phase, t.status, t.title]), [
      ['start', 'pending', 'Write spec.md'],
      ['update', 'running', 'Write spec.md'],
      ['end', 'succeeded', 'Write spec.md'],
    ]);
    assert.match((tools[2] as { detail?: string }).detail ?? '', /Wrote 1 line/);
    assert.equal(readFileSync(doc, 'utf8'), '# Feature Specification: Albums\n', 'a write inside the feature folder needs no question');
    assert.ok(!events.some((e) => e.kind === 'permission'));
    const complete = events.find((e) => e.kind === 'complete');
    assert.equal(complete?.kind === 'complete' ? complete.stopReason : undefined, 'end_turn');
    const merged = Object.assign({}, ...reports) as RunReport;
    assert.equal(merged.model, 'fake-model-1');
    assert.deepEqual(merged.usage, { inputTokens: 1200, outputTokens: 300, costUsd: 0.0123 });
    assert.equal(merged.stopReason, 'end_turn');
    assert.ok(events.some((e) => e.kind === 'info' && /Fake ACP Agent 9\.8\.7/.test(e.text)), 'the agent introduces itself');
  });

  for (const [choice, expected] of [['allow-once', true], ['reject-once', false]] as const) {
    it(`asks the user and sends the answer back to the agent (${choice})`, async () => {
      const target = path.join(feature, 'notes.md');
      const broker = new PermissionBroker();
      let asked: Extract<AgentEvent, { kind: 'permission' }> | undefined;
      const { outcome, messages } = await run({
        prompt: `scenario=permission; path=${target}`,
        broker,
        onEvent: (event) => {
          if (event.kind !== 'permission') return;
          asked = event;
          setTimeout(() => assert.equal(broker.answer(event.id, choice), 'accepted'), 20);
        },
      });
      assert.equal(outcome.status, 'succeeded');
      assert.ok(asked, 'a permission event reached the conversation');
      assert.match(asked.question, /Fake agent wants to: Edit/);
      assert.deepEqual(asked.options, [{ id: 'allow-once', label: 'Allow once' }, { id: 'reject-once', label: 'Reject' }]);
      assert.match(messages, new RegExp(`permission: ${choice}`));
      assert.equal(existsSync(target), expected);
      assert.equal(broker.pendingCount(), 0);
    });
  }

  it('grants edits inside the feature folder without asking under "allowEditsInFeature", but asks for edits elsewhere', async () => {
    const inside = await run({ prompt: `scenario=permission; path=${path.join(feature, 'a.md')}`, policy: 'allowEditsInFeature' });
    assert.match(inside.messages, /permission: allow-once/);
    assert.ok(!inside.events.some((e) => e.kind === 'permission'));
    assert.ok(inside.events.some((e) => e.kind === 'info' && /Allowed by the “allow edits in the feature folder” policy/.test(e.text)));

    const broker = new PermissionBroker();
    const outside = await run({
      prompt: `scenario=permission; path=${path.join(root, 'README.md')}`,
      policy: 'allowEditsInFeature',
      broker,
      onEvent: (event) => { if (event.kind === 'permission') broker.answer(event.id, 'reject-once'); },
    });
    assert.ok(outside.events.some((e) => e.kind === 'permission'), 'an edit outside the feature folder is asked');
    assert.match(outside.messages, /permission: reject-once/);
  });

  it('rejects a question nobody answers once the timeout passes', async () => {
    const broker = new PermissionBroker({ timeoutMs: () => 150 });
    const { messages, events } = await run({ prompt: `scenario=permission; path=${path.join(feature, 'x.md')}`, broker });
    assert.match(messages, /permission: reject-once/);
    assert.ok(events.some((e) => e.kind === 'info' && /No answer within/.test(e.text)));
    assert.equal(existsSync(path.join(feature, 'x.md')), false);
  });

  it('refuses a write outside the feature folder unless the user allows it', async () => {
    const target = path.join(root, 'README.md');
    const broker = new PermissionBroker();
    const refused = await run({
      prompt: `scenario=write; path=${target}`,
      broker,
      onEvent: (event) => { if (event.kind === 'permission') broker.answer(event.id, 'reject'); },
    });
    assert.match(refused.messages, /write refused: .*did not allow/);
    assert.equal(existsSync(target), false);

    const allowed = await run({
      prompt: `scenario=write; path=${target}`,
      broker,
      onEvent: (event) => { if (event.kind === 'permission') broker.answer(event.id, 'allow'); },
    });
    assert.match(allowed.messages, /write ok/);
    assert.equal(readFileSync(target, 'utf8'), 'written by the fake agent\n');
  });

  it('refuses writes and reads outside the workspace without asking', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'specwright-elsewhere-'));
    try {
      const target = path.join(elsewhere, 'evil.txt');
      const write = await run({ prompt: `scenario=write; path=${target}`, policy: 'allowAll' });
      assert.match(write.messages, /write refused: .*outside the workspace/);
      assert.equal(existsSync(target), false);
      assert.ok(!write.events.some((e) => e.kind === 'permission'));

      writeFileSync(target, 'secret');
      const read = await run({ prompt: `scenario=read; path=${target}` });
      assert.equal(read.outcome.status, 'failed', 'the fake agent does not catch a refused read');
      assert.doesNotMatch(read.messages, /secret/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('answers reads inside the workspace, honouring line and limit', async () => {
    writeFileSync(path.join(root, 'notes.txt'), 'one\ntwo\nthree\nfour');
    const { messages } = await run({ prompt: `scenario=read; path=${path.join(root, 'notes.txt')}; line=2; limit=2` });
    assert.equal(messages, 'read: two\nthree');
  });

  it('cancels mid-stream with session/cancel, and the agent ends its turn', async () => {
    const started = Date.now();
    const { outcome, events } = await run({
      prompt: 'scenario=hang',
      onEvent: (event, controller) => { if (event.kind === 'message') controller.abort(); },
    });
    assert.deepEqual(outcome, { status: 'cancelled' });
    assert.ok(events.some((e) => e.kind === 'message'));
    assert.ok(Date.now() - started < 5000);
  });

  it('ends the process tree of an agent that ignores cancel and SIGTERM', async () => {
    let childPid: number | undefined;
    const { outcome } = await run({
      prompt: 'scenario=deaf',
      flags: ['--child'],
      onEvent: (event, controller) => {
        if (event.kind === 'log') childPid ??= Number(/child pid (\d+)/.exec(event.text)?.[1]) || undefined;
        if (event.kind === 'message') controller.abort();
      },
    });
    assert.deepEqual(outcome, { status: 'cancelled' });
    assert.ok(childPid, 'the fake agent reported its child');
    assert.equal(isProcessAlive(childPid), false, 'the grandchild is gone too');
  });

  it('reports an agent that crashes mid-session with its exit code and last stderr line', async () => {
    const { outcome, events } = await run({ prompt: 'scenario=crash' });
    assert.equal(outcome.status, 'failed');
    const reason = outcome.status === 'failed' ? outcome.reason : '';
    assert.match(reason, /Fake agent stopped unexpectedly in the middle of the session \(exit code 3\): fatal: boom/);
    const error = events.find((e) => e.kind === 'error');
    assert.equal(error?.kind === 'error' ? error.code : undefined, 'agent_crashed');
  });

  it('shows an agent\'s own error with the stderr line that explains it, not a made-up crash (issue 14.1)', async () => {
    const { outcome, events } = await run({ prompt: 'scenario=refuse' });
    assert.equal(outcome.status, 'failed');
    const reason = outcome.status === 'failed' ? outcome.reason : '';
    assert.match(reason, /Fake agent reported an error: Internal error: Query closed before response received/);
    assert.match(reason, /--dangerously-skip-permissions cannot be used as root/);
    assert.doesNotMatch(reason, /stopped unexpectedly|SIGTERM/);
    const errors = events.filter((e) => e.kind === 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].kind === 'error' ? errors[0].code : undefined, 'agent_error');
  });

  it('does not take words like "closed" or "ended" in an agent\'s error for a crash', async () => {
    const { outcome, events } = await run({ prompt: 'scenario=closedwords' });
    assert.equal(outcome.status === 'failed' ? outcome.reason : '', 'Fake agent reported an error: The model ended the stream: context window closed');
    assert.equal(events.find((e) => e.kind === 'error')?.kind === 'error' ? (events.find((e) => e.kind === 'error') as { code?: string }).code : undefined, 'agent_error');
  });

  it('says "not signed in", with the sign-in hint, when session/new answers -32000', async () => {
    const { outcome, events } = await run({ prompt: 'scenario=stream', flags: ['--auth-required'] });
    assert.equal(outcome.status, 'failed');
    const error = events.find((e) => e.kind === 'error');
    assert.deepEqual(error, { kind: 'error', message: 'Fake agent is not signed in.', hint: 'Sign in with `fake login`.', code: 'auth' });
  });

  it('stops an agent that runs past the time limit', async () => {
    const { outcome } = await run({ prompt: 'scenario=hang', timeoutMs: 400 });
    assert.equal(outcome.status, 'timedOut');
  });
});

describe('ACP sign-in probe (issue 14.2)', function () {
  this.timeout(20_000);
  it('"token found but could not be validated" is not "signed out": the probe cannot tell, and says why', async () => {
    const unreachable = await probeAcpAgent({ command: process.execPath, args: [FAKE, '--auth-unreachable'] });
    assert.equal(unreachable.signedIn, undefined);
    assert.match(unreachable.error ?? '', /could not be validated/);
    assert.equal((await probeAcpAgent({ command: process.execPath, args: [FAKE, '--auth-required'] })).signedIn, false);
  });
});
