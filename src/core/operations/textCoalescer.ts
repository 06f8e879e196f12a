import type { AgentEvent } from '../../protocol';

type TextEvent = Extract<AgentEvent, { kind: 'thinking' | 'message' }>;

export const isTextDelta = (event: AgentEvent): event is TextEvent => event.kind === 'thinking' || event.kind === 'message';

/**
 * Consecutive thinking/message deltas of one stream, waiting to be stored as a single event.
 * Agents emit text a few characters at a time; storing each chunk would flood the history
 * (and its bounded memory) and every client with tiny events.
 */
export class PendingText {
  private readonly chunks: string[] = [];
  private size = 0;

  constructor(
    readonly kind: TextEvent['kind'],
    readonly stream: string | undefined,
    /** When the first chunk arrived: the merged event is stamped with it. */
    readonly at: number,
    /** The sub-agent step the text belongs to (see AgentEvent's `group`). */
    readonly group?: string,
  ) {}

  accepts(event: TextEvent): boolean {
    return event.kind === this.kind && event.stream === this.stream && event.group === this.group;
  }

  append(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
  }

  /** Buffered length in UTF-16 code units (close enough to bytes for a flush threshold). */
  get length(): number {
    return this.size;
  }

  toEvent(): TextEvent {
    const text = this.chunks.join('');
    return { kind: this.kind, text, ...(this.stream === undefined ? {} : { stream: this.stream }), ...(this.group === undefined ? {} : { group: this.group }) };
  }
}
