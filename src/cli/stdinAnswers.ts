import { createInterface, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { PermissionBroker } from '../core/agents/permissions';
import type { AgentEvent } from '../protocol';

type Question = Extract<AgentEvent, { kind: 'permission' }>;

/** What a program driving `--json` sends on stdin to answer a `permission` event it read. */
export const STDIN_ANSWER_HELP = 'Answer it with a JSON line on stdin: {"permissionId":"<id>","optionId":"<option id>"}, or run with --permissions allowEditsInFeature or allowAll.';

/**
 * `--json` mode's answers to permission questions: JSON lines on stdin, one per answer. stdin is
 * read from the first question on (not before: a CLI that is never asked must not hold stdin).
 * When stdin is closed, or closes while questions wait, they are declined at once, with a message
 * naming --permissions, instead of waiting out the permission timeout.
 */
export class StdinAnswers {
  private reader: Interface | undefined;
  private ended = false;
  private readonly waiting = new Map<string, Question>();

  constructor(
    private readonly broker: Pick<PermissionBroker, 'answer' | 'decline'>,
    private readonly input: Readable = process.stdin,
    private readonly warn: (text: string) => void = (t) => process.stderr.write(`${t}\n`),
  ) {}

  ask(question: Question): void {
    if (this.ended) {
      this.declineNow(question);
      return;
    }
    this.waiting.set(question.id, question);
    this.start();
  }

  /** The question was settled (answered here or elsewhere, timed out, run over). */
  settled(id: string): void {
    this.waiting.delete(id);
  }

  dispose(): void {
    this.reader?.close();
    this.input.pause();
  }

  private start(): void {
    if (this.reader) return;
    this.reader = createInterface({ input: this.input, terminal: false });
    this.reader.on('line', (line) => this.onLine(line));
    this.reader.on('close', () => {
      this.ended = true;
      for (const question of [...this.waiting.values()]) this.declineNow(question);
    });
  }

  private onLine(line: string): void {
    if (!line.trim()) return;
    let value: { permissionId?: unknown; optionId?: unknown };
    try {
      value = JSON.parse(line) as typeof value;
    } catch {
      this.warn(`specwright: not a JSON answer, ignored: ${line.slice(0, 200)}`);
      return;
    }
    if (typeof value.permissionId !== 'string' || typeof value.optionId !== 'string') {
      this.warn('specwright: an answer needs "permissionId" and "optionId" (strings); ignored.');
      return;
    }
    const result = this.broker.answer(value.permissionId, value.optionId);
    if (result === 'accepted') this.waiting.delete(value.permissionId);
    else this.warn(`specwright: answer to ${value.permissionId} ${result === 'unknown' ? 'came too late (no such open question)' : `names no offered option ("${value.optionId}")`}.`);
  }

  private declineNow(question: Question): void {
    this.waiting.delete(question.id);
    this.warn(`specwright: "${question.question}" was declined: stdin is closed, so no answer can come. ${STDIN_ANSWER_HELP}`);
    this.broker.decline(question.id);
  }
}
