import assert from 'node:assert/strict';
import type { AgentEvent } from '../../src/protocol';
import { CliAgent } from '../../src/core/agents/cliAgent';
import { AgentRegistry } from '../../src/core/agents/registry';
import type { Agent, AgentDetection, AgentRequest, CliAgentSpec, OutputParser } from '../../src/core/ports/agent';
import type { OutputLine, RunOutcome, RunSpec } from '../../src/core/runner/types';

const request: AgentRequest = {
  kind: 'spec',
  workspaceRoot: '/ws',
  featureDir: '/ws/specs/001-a',
  docPath: '/ws/specs/001-a/spec.md',
  userPrompt: 'albums',
  prompt: 'Write the spec: albums',
  env: { SPECIFY_FEATURE_DIRECTORY: '/ws/specs/001-a' },
  timeoutMs: 5000,
};

const found: AgentDetection = { id: 'fake', available: true, path: '/bin/fake', version: '1.0.0' };

/** A parser that echoes lines as messages, or throws on demand. */
function echoParser(throwOn?: string): OutputParser {
  return {
    line(stream, text) {
      if (text === throwOn) throw new Error('boom');
      return [stream === 'stdout' ? { kind: 'message', text } : { kind: 'log', text }];
    },
    end: () => [{ kind: 'info', text: 'parser end' }],
  };
}

interface Harness {
  agent: CliAgent;
  events: AgentEvent[];
  specs: RunSpec[];
  detections: number;
}

function harness(options: {
  outcome?: RunOutcome | Error;
  lines?: OutputLine[];
  detection?: AgentDetection;
  parser?: () => OutputParser;
}): Harness {
  const h: Harness = { events: [], specs: [], detections: 0, agent: undefined as unknown as CliAgent };
  const spec: CliAgentSpec = {
    invocation: (_req, detection) => ({ command: detection.path ?? 'fake', args: ['-x'], cwd: '/ws', env: { OWN: '1' } }),
    createParser: options.parser ?? (() => echoParser()),
  };
  h.agent = new CliAgent({
    id: 'fake',
    label: 'Fake CLI',
    spec,
    installHint: 'npm install -g fake',
    detect: async () => {
      h.detections++;
      return options.detection ?? found;
    },
    runProcess: async (runSpec) => {
      h.specs.push(runSpec);
      for (const line of options.lines ?? []) runSpec.onLine(line);
      if (options.outcome instanceof Error) throw options.outcome;
      return options.outcome ?? { status: 'succeeded', exitCode: 0, durationMs: 1 };
    },
  });
  return h;
}

async function run(h: Harness, signal = new AbortController().signal) {
  return h.agent.run(request, { emit: (e) => h.events.push(e), signal });
}

describe('CliAgent', () => {
  it('runs the invocation with the request env, timeout and signal, forwarding parser events in order', async () => {
    const h = harness({ lines: [{ stream: 'stdout', text: 'hello' }, { stream: 'stderr', text: 'warn' }] });
    const outcome = await run(h);
    assert.deepEqual(outcome, { status: 'succeeded' });
    assert.deepEqual(h.specs[0].env, { SPECIFY_FEATURE_DIRECTORY: '/ws/specs/001-a', OWN: '1' });
    assert.equal(h.specs[0].timeoutMs, 5000);
    assert.ok(h.specs[0].signal);
    assert.deepEqual(h.events, [
      { kind: 'message', text: 'hello' },
      { kind: 'log', text: 'warn' },
      { kind: 'info', text: 'parser end' },
    ]);
  });

  it('detects once and reuses an available detection for later runs', async () => {
    const h = harness({});
    await run(h);
    await run(h);
    assert.equal(h.detections, 1);
  });

  it('fails with the install hint when detection finds nothing, without running', async () => {
    const h = harness({ detection: { id: 'fake', available: false, hint: 'install it like so' } });
    const outcome = await run(h);
    assert.equal(outcome.status, 'failed');
    assert.equal(h.specs.length, 0);
    assert.deepEqual(h.events, [{ kind: 'error', message: 'Fake CLI was not found', hint: 'install it like so', code: 'agent_unavailable' }]);
  });

  it('maps notFound from the runner to an error event with the install hint and a failed outcome', async () => {
    const h = harness({ outcome: { status: 'notFound', command: '/bin/fake', durationMs: 1 } });
    const outcome = await run(h);
    assert.deepEqual(outcome, { status: 'failed', reason: 'Fake CLI was not found (/bin/fake)' });
    assert.deepEqual(h.events.at(-1), { kind: 'error', message: 'Fake CLI was not found (/bin/fake)', hint: 'npm install -g fake', code: 'agent_not_found' });
  });

  it('explains a failure with the exit code and the last stderr lines', async () => {
    const h = harness({ outcome: { status: 'failed', exitCode: 2, stderrTail: ['first', 'second', '', 'third  '], durationMs: 1 } });
    assert.deepEqual(await run(h), { status: 'failed', reason: 'Fake CLI exited with code 2: second third' });
  });

  it('prefers the parser\'s error message over stderr, and names a killing signal', async () => {
    const h = harness({
      outcome: { status: 'failed', signal: 'SIGSEGV', stderrTail: ['noise'], durationMs: 1 },
      parser: () => ({ line: () => [{ kind: 'error', message: 'Not signed in.' }] }),
      lines: [{ stream: 'stderr', text: 'Error: …' }],
    });
    assert.deepEqual(await run(h), { status: 'failed', reason: 'Fake CLI was stopped by SIGSEGV: Not signed in.' });
  });

  it('maps timedOut and cancelled', async () => {
    assert.deepEqual(await run(harness({ outcome: { status: 'timedOut', timeoutMs: 600_000, durationMs: 600_000 } })), {
      status: 'timedOut',
      reason: 'Fake CLI did not finish within 10 min',
    });
    assert.deepEqual(await run(harness({ outcome: { status: 'cancelled', durationMs: 3 } })), { status: 'cancelled' });
  });

  it('does not start when the signal is already aborted', async () => {
    const h = harness({});
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(await run(h, controller.signal), { status: 'cancelled' });
    assert.equal(h.specs.length, 0);
  });

  it('turns a parser exception into a log event and keeps going', async () => {
    const h = harness({
      parser: () => echoParser('bad'),
      lines: [
        { stream: 'stdout', text: 'bad' },
        { stream: 'stdout', text: 'good' },
      ],
    });
    assert.deepEqual(await run(h), { status: 'succeeded' });
    assert.deepEqual(h.events.slice(0, 2), [
      { kind: 'log', level: 'warn', text: 'Output parser failed: boom' },
      { kind: 'message', text: 'good' },
    ]);
  });

  it('reports a throwing runner as a failed run with an error event', async () => {
    const h = harness({ outcome: new Error('spawn EACCES') });
    const outcome = await run(h);
    assert.deepEqual(outcome, { status: 'failed', reason: 'Fake CLI could not be started: spawn EACCES' });
    assert.equal(h.events.at(-1)?.kind, 'error');
  });
});

describe('AgentRegistry', () => {
  function stub(id: string, available: boolean | Error): Agent & { calls: number } {
    const agent = {
      id,
      label: id,
      calls: 0,
      async detect(): Promise<AgentDetection> {
        agent.calls++;
        if (available instanceof Error) throw available;
        return { id, available };
      },
      run: async () => ({ status: 'succeeded' as const }),
    };
    return agent;
  }

  it('picks the preferred agent when available, else Copilot, else the scaffold', async () => {
    const registry = new AgentRegistry([stub('scaffold', true), stub('copilot', true), stub('custom', false)]);
    assert.equal((await registry.pickDefault('custom'))?.id, 'copilot');
    assert.equal((await registry.pickDefault('auto'))?.id, 'copilot');
    assert.equal((await registry.pickDefault('scaffold'))?.id, 'scaffold');
    const offline = new AgentRegistry([stub('scaffold', true), stub('copilot', false)]);
    assert.equal((await offline.pickDefault())?.id, 'scaffold');
  });

  it('caches detections until detectAll, and reports a throwing detection as unavailable', async () => {
    const copilot = stub('copilot', true);
    const broken = stub('custom', new Error('EACCES'));
    const registry = new AgentRegistry([copilot, broken]);
    await registry.pickDefault();
    await registry.pickDefault();
    assert.equal(copilot.calls, 1);
    const all = await registry.detectAll();
    assert.equal(copilot.calls, 2);
    assert.deepEqual(all[1], { id: 'custom', available: false, hint: 'Detection failed: EACCES' });
  });
});
