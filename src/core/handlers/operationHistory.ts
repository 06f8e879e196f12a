/**
 * The history as the hub, the History view and `specwright history` read it: the operations
 * narrowed by a filter, and one operation's events from the bus or, once evicted, the journal.
 */
import type { OperationSummary } from '../../protocol';
import type { OperationBus } from '../operations/bus';
import type { JournalEvent } from '../operations/journalFormat';

/** Events of an operation the bus no longer holds, from the journal. */
export type ReadJournal = (operationId: string) => Promise<{ summary: OperationSummary; events: JournalEvent[] } | undefined>;

export interface HistoryFilter {
  feature?: string;
  kind?: OperationSummary['kind'];
  status?: OperationSummary['status'];
  agent?: string;
  limit?: number;
}

/** Newest first, narrowed by feature (path or folder name), kind, status and agent. */
export function filterHistory(operations: readonly OperationSummary[], filter: HistoryFilter): OperationSummary[] {
  const out = operations
    .filter((op) => filter.feature === undefined || op.feature === filter.feature || op.featureName === filter.feature)
    .filter((op) => filter.kind === undefined || op.kind === filter.kind)
    .filter((op) => filter.status === undefined || op.status === filter.status)
    .filter((op) => filter.agent === undefined || op.agent === filter.agent)
    .sort((a, b) => b.createdAt - a.createdAt);
  return filter.limit === undefined ? out : out.slice(0, filter.limit);
}

/** An operation's summary and kept events: from the bus, else from the journal. */
export async function eventsOf(
  bus: OperationBus, operationId: string, readJournal?: ReadJournal,
): Promise<{ summary: OperationSummary; events: JournalEvent[] } | undefined> {
  const summary = bus.get(operationId);
  if (!summary) return readJournal?.(operationId);
  const events: JournalEvent[] = [];
  // Replay of the kept events is synchronous; the subscription is dropped at once.
  const sub = bus.subscribe(operationId, 0, (item) => {
    if (item.type === 'event') events.push({ seq: item.seq, at: item.at, event: item.event });
  });
  sub.dispose();
  if (events.length < summary.lastSeq && readJournal) {
    // Older events were evicted from memory; the journal still has them all.
    const fromDisk = await readJournal(operationId);
    if (fromDisk && fromDisk.events.length > events.length) return { summary, events: fromDisk.events };
  }
  return { summary, events };
}
