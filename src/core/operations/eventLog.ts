import type { AgentEvent } from '../../protocol';

export interface StoredEvent {
  readonly seq: number;
  readonly at: number;
  readonly event: AgentEvent;
  /**
   * `event` as JSON text, when it was read as such (from the journal) and found valid: the
   * message carrying it is then sent without stringifying the event again.
   */
  readonly eventJson?: string;
  /**
   * `"seq":…,"at":…,"event":…`, this event's members of its message as JSON text, when it was
   * read as such: a journal line whose check matched holds exactly that (journalRange.ts).
   */
  readonly membersJson?: string;
}

/** What a reader who has seen everything up to `afterSeq` still gets from the log. */
export interface LogSlice {
  /** Set when some of the requested events were already evicted. */
  readonly gap?: { missed: number; fromSeq: number; toSeq: number };
  readonly events: readonly StoredEvent[];
}

/**
 * One operation's events, numbered from 1 without holes, keeping only the newest `capacity`.
 * Because seqs are contiguous, an event's position is its seq minus the first kept seq, so a
 * replay "after N" is a slice, not a search.
 */
export class EventLog {
  private items: StoredEvent[] = [];
  /** Index of the oldest kept event in `items`; eviction moves it instead of shifting the array. */
  private head = 0;
  private evictedCount = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`EventLog capacity must be a positive integer, got ${capacity}`);
  }

  get lastSeq(): number {
    return this.evictedCount + this.items.length - this.head;
  }

  /** How many events were dropped to stay within capacity. */
  get evicted(): number {
    return this.evictedCount;
  }

  append(event: AgentEvent, at: number): StoredEvent {
    const stored: StoredEvent = { seq: this.lastSeq + 1, at, event };
    this.items.push(stored);
    if (this.items.length - this.head > this.capacity) {
      this.head++;
      this.evictedCount++;
      // Compact once the dead prefix outweighs the live part: amortised O(1) per append.
      if (this.head >= this.capacity) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
    }
    return stored;
  }

  since(afterSeq: number): LogSlice {
    const firstKept = this.evictedCount + 1;
    const from = Math.max(afterSeq + 1, firstKept);
    const events = this.items.slice(this.head + (from - firstKept));
    if (afterSeq + 1 >= firstKept) return { events };
    return { gap: { missed: firstKept - (afterSeq + 1), fromSeq: afterSeq + 1, toSeq: firstKept - 1 }, events };
  }
}
