import type { OperationSummary } from '../../protocol';
import type { StoredEvent } from './eventLog';

/**
 * Where the bus finds events it no longer holds in memory (the journal on disk). A late
 * subscriber or a reconnect after more than the bus's window gets the missing range from here,
 * then the rest from memory, so a long run replays without a gap.
 */
export interface EventArchive {
  /**
   * Yields the operation's stored events with `fromSeq <= seq <= toSeq`, in seq order, a chunk at
   * a time (so a long range never sits in memory at once). Events the archive does not have are
   * simply absent: the bus reports them as a gap.
   */
  readEvents(summary: OperationSummary, fromSeq: number, toSeq: number): AsyncIterable<readonly StoredEvent[]>;
}
