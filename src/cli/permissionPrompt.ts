import { createInterface } from 'node:readline/promises';
import type { AgentEvent } from '../protocol';

type Question = Extract<AgentEvent, { kind: 'permission' }>;

/**
 * Asks an agent's permission question on the terminal (only when stdin is one): the options are
 * numbered, the answer is the number. Without a terminal the question waits for its timeout.
 */
export async function askOnTerminal(question: Question, signal: AbortSignal): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const menu = question.options.map((o, i) => `  ${i + 1}) ${o.label}`).join('\n');
    for (;;) {
      const reply = await rl.question(`? ${question.question}\n${menu}\nChoose 1-${question.options.length}: `, { signal });
      const picked = question.options[Number(reply.trim()) - 1];
      if (picked) return picked.id;
    }
  } catch {
    return undefined; // cancelled, or the question was settled elsewhere
  } finally {
    rl.close();
  }
}
