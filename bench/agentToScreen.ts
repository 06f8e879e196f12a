import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClaudeParser } from '../src/core/agents/claudeParser';
import { runProcess } from '../src/core/runner/runner';
import { followLatency, type SteadyResult } from './steady';

const AGENT = join(__dirname, '..', 'test', 'fixtures', 'bench', 'jsonl-agent.mjs');

/**
 * Agent to screen: a real subprocess (test/fixtures/bench/jsonl-agent.mjs) prints Claude
 * stream-json lines at `rate` lines/s, each stamped with its write time; the runner frames them,
 * the Claude parser maps them, the bus, hub and WsTransport carry them to `clients` sockets in a
 * child process. Latency is from the agent's write to the client's receipt.
 */
export function agentToScreen(rate: number, seconds: number, clients = 1): Promise<SteadyResult> {
  const count = Math.round(rate * seconds);
  return followLatency(clients, rate, seconds, 1, async (bus, op) => {
    const parser = createClaudeParser();
    let published = 0;
    const outcome = await runProcess({
      command: process.execPath,
      args: [AGENT, String(rate), String(count)],
      cwd: tmpdir(),
      timeoutMs: (seconds + 60) * 1000,
      onLine: (line) => {
        if (line.stream !== 'stdout') return;
        for (const event of parser.line(line.stream, line.text)) {
          bus.publish(op, event);
          published += 1;
        }
      },
    });
    if (outcome.status !== 'succeeded') throw new Error(`the bench agent ${outcome.status}`);
    return published;
  });
}
