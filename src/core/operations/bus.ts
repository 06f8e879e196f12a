import { randomUUID } from 'node:crypto';
import { isTerminal, rememberMessageJson, type AgentEvent, type OperationStatus, type OperationSummaryKind, type OperationSummary, type ServerMessage } from '../../protocol';
import { toDisposable, type Disposable } from '../util/disposable';
import { DeliveryQueue } from './deliveryQueue';
import type { EventArchive } from './eventArchive';
import { EventLog, type StoredEvent } from './eventLog';
import { DEFAULT_OUTPUT_LIMITS, OutputBudget, type OutputLimits } from './outputBudget';
import { isTextDelta, PendingText } from './textCoalescer';

/** Items a subscriber receives; each is exactly a host→client message, so the hub forwards them as they are. */
export type OperationEventItem = Extract<ServerMessage, { type: 'event' }>;
export type OperationGapItem = Extract<ServerMessage, { type: 'gap' }>;
export type OperationFinishedItem = Extract<ServerMessage, { type: 'finished' }>;
export type OperationItem = OperationEventItem | OperationGapItem | OperationFinishedItem;
export type OperationListener = (item: OperationItem) => void;

export interface OperationInit {
  kind: OperationSummaryKind;
  feature: string;
  featureName: string;
  agent: string;
  document?: string;
  /** Set when the operation is a stage of a chain (Generate All). */
  chainId?: string;
  parentId?: string;
  /** Set for a task run (kind `task`); `runId` groups the tasks of one Run All Ready Tasks. */
  task?: OperationSummary['task'];
  runId?: string;
  /** A generation: the user's words; a refine turn also its thread (see protocol/thread.ts). */
  prompt?: string;
  parentOperationId?: string;
  refine?: OperationSummary['refine'];
}

export interface OperationBusOptions {
  /** Events kept in memory per operation; older ones are replayed from the archive (the journal), or reported as a gap without one. */
  maxEventsPerOperation?: number;
  /** Finished operations kept; the oldest finished are forgotten first. Running ones are never dropped. */
  maxFinishedOperations?: number;
  /** How long text deltas may wait to be merged with the next ones. */
  coalesceMs?: number;
  /** Buffered text length that forces a merged event out at once. */
  coalesceMaxChars?: number;
  /** How much agent output one operation keeps (see outputBudget.ts). */
  output?: Partial<OutputLimits>;
  now?: () => number;
  newId?: () => string;
  /** Where listener failures and ignored calls are reported. */
  log?: (message: string) => void;
}

const ALLOWED_NEXT: Record<OperationStatus, readonly OperationStatus[]> = {
  queued: ['running', 'succeeded', 'failed', 'cancelled', 'timedOut'],
  running: ['succeeded', 'failed', 'cancelled', 'timedOut'],
  succeeded: [],
  failed: [],
  cancelled: [],
  timedOut: [],
};

interface Subscriber {
  readonly listener: OperationListener;
  active: boolean;
  /** False until its replay ran: live events must not overtake the replay. */
  replayed: boolean;
  /** Highest seq delivered (starts at the requested afterSeq), so an event is never delivered twice. */
  delivered: number;
  finishedSent: boolean;
}

interface OperationRecord {
  summary: OperationSummary;
  readonly log: EventLog;
  readonly subscribers: Set<Subscriber>;
  readonly budget: OutputBudget;
  pending?: PendingText;
  timer?: NodeJS.Timeout;
}

/**
 * The message of an event read back from the journal: `event` is asked of the stored event only
 * when something reads it, since one read from the journal may not have been parsed at all
 * (journalRange.ts) and a socket only needs its JSON. JSON.stringify gives what it gives for the
 * plain message; like every message it is read, never changed or spread.
 */
class ArchivedEventItem {
  readonly type = 'event';
  readonly seq: number;
  readonly at: number;
  readonly #stored: StoredEvent;
  constructor(readonly operationId: string, stored: StoredEvent) {
    this.#stored = stored;
    this.seq = stored.seq;
    this.at = stored.at;
  }
  get event(): AgentEvent {
    return this.#stored.event;
  }
  toJSON(): OperationEventItem {
    return { type: this.type, operationId: this.operationId, seq: this.seq, at: this.at, event: this.event };
  }
}

let headOf = { operationId: '', json: '' };
/**
 * The message carrying a stored event. One read from the journal comes with its JSON (its
 * event's, or all its members'), so the message's JSON is put together around it instead of
 * stringifying the event again (a replay of 100,000 events sends them all; see messageJson).
 */
function eventItem(operationId: string, stored: StoredEvent): OperationEventItem {
  const { membersJson } = stored;
  const eventJson = membersJson === undefined ? stored.eventJson : undefined;
  if (membersJson === undefined && eventJson === undefined) return { type: 'event', operationId, seq: stored.seq, at: stored.at, event: stored.event };
  const item: OperationEventItem = new ArchivedEventItem(operationId, stored);
  if (headOf.operationId !== operationId) headOf = { operationId, json: `{"type":"event","operationId":${JSON.stringify(operationId)},` };
  rememberMessageJson(item, membersJson !== undefined ? `${headOf.json}${membersJson}}` : `${headOf.json}"seq":${stored.seq},"at":${stored.at},"event":${eventJson}}`);
  return item;
}

/**
 * Holds every operation's status and seq-numbered events in bounded memory, and lets any number
 * of listeners follow an operation from any seq: "everything after N, then live", gap-free and
 * without duplicates, which is what makes client reconnects cheap.
 */
export class OperationBus implements Disposable {
  private readonly operations = new Map<string, OperationRecord>();
  /** Ids of finished operations, oldest first, for pruning. */
  private readonly finished: string[] = [];
  private readonly operationListeners = new Set<(summary: OperationSummary) => void>();
  private readonly queue: DeliveryQueue;
  private readonly maxEvents: number;
  private readonly maxFinished: number;
  private readonly coalesceMs: number;
  private readonly coalesceMaxChars: number;
  private readonly outputLimits: OutputLimits;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly log: (message: string) => void;
  private archive?: EventArchive;
  private disposed = false;

  constructor(options: OperationBusOptions = {}) {
    this.maxEvents = options.maxEventsPerOperation ?? 1_000;
    this.maxFinished = options.maxFinishedOperations ?? 200;
    this.coalesceMs = options.coalesceMs ?? 50;
    this.coalesceMaxChars = options.coalesceMaxChars ?? 64 * 1024;
    this.outputLimits = { ...DEFAULT_OUTPUT_LIMITS, ...options.output };
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.log = options.log ?? (() => undefined);
    this.queue = new DeliveryQueue((error) => this.reportListenerError(error));
  }

  create(init: OperationInit): OperationSummary {
    const id = this.newId();
    if (this.operations.has(id)) throw new Error(`Operation id ${id} is already in use.`);
    const summary: OperationSummary = {
      id, kind: init.kind, feature: init.feature, featureName: init.featureName, agent: init.agent,
      status: 'queued', createdAt: this.now(), lastSeq: 0,
      ...(init.document === undefined ? {} : { document: init.document }),
      ...(init.chainId === undefined ? {} : { chainId: init.chainId }),
      ...(init.parentId === undefined ? {} : { parentId: init.parentId }),
      ...(init.task === undefined ? {} : { task: init.task }),
      ...(init.runId === undefined ? {} : { runId: init.runId }),
      ...(init.prompt === undefined ? {} : { prompt: init.prompt }),
      ...(init.parentOperationId === undefined ? {} : { parentOperationId: init.parentOperationId }),
      ...(init.refine === undefined ? {} : { refine: init.refine }),
    };
    this.operations.set(id, { summary, log: new EventLog(this.maxEvents), subscribers: new Set(), budget: new OutputBudget(this.outputLimits) });
    this.notifyOperation(summary);
    return { ...summary };
  }

  get(id: string): OperationSummary | undefined {
    const record = this.operations.get(id);
    return record && { ...record.summary };
  }

  /** All kept operations, newest first. */
  list(): OperationSummary[] {
    return [...this.operations.values()].reverse().map((r) => ({ ...r.summary }));
  }

  /**
   * Moves an operation along queued → running → a terminal status. Returns false (and changes
   * nothing) for an unknown operation or a move the lifecycle does not allow, such as leaving a
   * terminal status: a late cancel racing a normal end must not rewrite the outcome.
   */
  setStatus(id: string, status: OperationStatus, reason?: string): boolean {
    const record = this.operations.get(id);
    if (!record) {
      this.log(`setStatus(${status}) ignored: unknown operation ${id}`);
      return false;
    }
    const from = record.summary.status;
    if (!ALLOWED_NEXT[from].includes(status)) {
      this.log(`setStatus ignored: operation ${id} cannot go from ${from} to ${status}`);
      return false;
    }
    // Text still buffered belongs before the status change, and before `finished` above all.
    this.flushRecord(record);
    const truncated = isTerminal(status) ? record.budget.summary() : undefined;
    if (truncated) this.store(record, truncated, this.now());
    const at = this.now();
    const summary: OperationSummary = { ...record.summary, status };
    if (status === 'running') summary.startedAt = at;
    if (isTerminal(status)) summary.endedAt = at;
    if (reason !== undefined) summary.reason = reason;
    record.summary = summary;

    if (isTerminal(status)) {
      this.queue.run(() => {
        for (const sub of record.subscribers) this.sendFinished(record, sub);
        record.subscribers.clear();
      });
    }
    this.notifyOperation(summary);
    if (isTerminal(status)) this.retire(id);
    return true;
  }

  /**
   * Merges facts the agent reported (model, usage, stop reason, its session) into the summary and tells
   * listeners. Ignored once the operation is finished, like any late publish.
   */
  annotate(id: string, facts: Partial<Pick<OperationSummary, 'model' | 'usage' | 'stopReason' | 'git' | 'touched' | 'session' | 'doneCommit'>>): boolean {
    const record = this.operations.get(id);
    if (!record || isTerminal(record.summary.status)) return false;
    const defined = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
    record.summary = { ...record.summary, ...defined };
    this.notifyOperation(record.summary);
    return true;
  }

  /**
   * Adds an event; thinking/message deltas are merged with their neighbours before being stored.
   * What one operation keeps is bounded (OutputBudget): long texts are cut, and bulk output past
   * the budget is dropped, with one notice in the conversation when that starts and one at the end.
   */
  publish(id: string, published: AgentEvent): boolean {
    const record = this.operations.get(id);
    if (!record || isTerminal(record.summary.status)) {
      this.log(`publish(${published.kind}) ignored: operation ${id} is ${record ? record.summary.status : 'unknown'}`);
      return false;
    }
    const { event, notice } = record.budget.admit(published);
    if (notice) {
      this.flushRecord(record);
      this.store(record, notice, this.now());
    }
    if (!event) return true;
    if (!isTextDelta(event)) {
      this.flushRecord(record);
      this.store(record, event, this.now());
      return true;
    }
    if (record.pending && !record.pending.accepts(event)) this.flushRecord(record);
    if (!record.pending) {
      record.pending = new PendingText(event.kind, event.stream, this.now(), event.group);
      record.timer = setTimeout(() => this.flushRecord(record), this.coalesceMs);
      record.timer.unref();
    }
    record.pending.append(event.text);
    if (record.pending.length >= this.coalesceMaxChars) this.flushRecord(record);
    return true;
  }

  /** Stores buffered text now, for one operation or all of them. */
  flush(id?: string): void {
    if (id === undefined) for (const record of this.operations.values()) this.flushRecord(record);
    else {
      const record = this.operations.get(id);
      if (record) this.flushRecord(record);
    }
  }

  /**
   * Delivers every event with seq > afterSeq, then live events, then `finished`. Events evicted
   * from memory come from the archive when there is one (asynchronously; the rest follows in
   * order); what neither holds is reported as a `gap` item in its place. Throws for an unknown operation: callers check `get` first.
   */
  subscribe(id: string, afterSeq: number, listener: OperationListener): Disposable {
    const record = this.operations.get(id);
    if (!record) throw new Error(`Cannot subscribe to unknown operation ${id}.`);
    const sub: Subscriber = { listener, active: true, replayed: false, delivered: Number.isFinite(afterSeq) ? Math.max(0, Math.floor(afterSeq)) : 0, finishedSent: false };
    if (!isTerminal(record.summary.status)) record.subscribers.add(sub);
    this.queue.run(() => this.replay(record, sub));
    return toDisposable(() => {
      sub.active = false;
      record.subscribers.delete(sub);
    });
  }

  /**
   * Lets replays reach past the in-memory window: evicted events are read from the archive (the
   * journal attaches itself), and only what it lacks too is reported as a gap.
   */
  setArchive(archive: EventArchive): Disposable {
    this.archive = archive;
    return toDisposable(() => {
      if (this.archive === archive) this.archive = undefined;
    });
  }

  /** Fires on every create and status change, with the summary as it was at that moment. */
  onOperation(listener: (summary: OperationSummary) => void): Disposable {
    this.operationListeners.add(listener);
    return toDisposable(() => this.operationListeners.delete(listener));
  }

  /**
   * Takes back finished operations read from the journal (after a reload or a crash): listed
   * behind everything newer, replayable from seq 1 like any other. Ids already known and
   * unfinished summaries are ignored; onOperation listeners are not told (this is history, not
   * news) and the usual retention applies, restored operations retiring first.
   */
  restore(entries: readonly { summary: OperationSummary; events: readonly { at: number; event: AgentEvent }[] }[]): number {
    const fresh = entries
      .filter((e) => !this.operations.has(e.summary.id) && isTerminal(e.summary.status))
      .sort((a, b) => a.summary.createdAt - b.summary.createdAt);
    if (!fresh.length) return 0;
    const current = [...this.operations.entries()];
    this.operations.clear();
    for (const { summary, events } of fresh) {
      const log = new EventLog(this.maxEvents);
      for (const e of events) log.append(e.event, e.at);
      this.operations.set(summary.id, { summary: { ...summary, lastSeq: log.lastSeq }, log, subscribers: new Set(), budget: new OutputBudget(this.outputLimits) });
    }
    for (const [id, record] of current) this.operations.set(id, record);
    this.finished.unshift(...fresh.map((e) => e.summary.id));
    while (this.finished.length > this.maxFinished) {
      const oldest = this.finished.shift();
      if (oldest !== undefined) this.operations.delete(oldest);
    }
    return fresh.length;
  }

  dispose(): void {
    this.disposed = true;
    this.flush();
    for (const record of this.operations.values()) {
      record.subscribers.clear();
    }
    this.operationListeners.clear();
  }

  private flushRecord(record: OperationRecord): void {
    const pending = record.pending;
    if (record.timer) clearTimeout(record.timer);
    record.timer = undefined;
    record.pending = undefined;
    if (pending) this.store(record, pending.toEvent(), pending.at);
  }

  /** The only place seqs are assigned, so stored events are always numbered without holes. */
  private store(record: OperationRecord, event: AgentEvent, at: number): void {
    const stored = record.log.append(event, at);
    // Changed in place: this runs per event, and the summary is only ever handed out as a copy.
    record.summary.lastSeq = stored.seq;
    this.queue.run(() => {
      // One item for every live subscriber: transports that serialise it can do so once (wsTransport).
      let item: OperationEventItem | undefined;
      for (const sub of record.subscribers) if (sub.replayed) item = this.sendEvent(record, sub, stored, item);
    });
  }

  private replay(record: OperationRecord, sub: Subscriber): void {
    if (!sub.active) return;
    // A client claiming more than exists (stale state) gets what comes next rather than nothing.
    sub.delivered = Math.min(sub.delivered, record.log.lastSeq);
    const { gap, events } = record.log.since(sub.delivered);
    if (gap && this.archive) {
      void this.replayFromArchive(record, sub, this.archive, gap.toSeq);
      return;
    }
    if (gap) this.deliver(sub, { type: 'gap', operationId: record.summary.id, ...gap });
    for (const stored of events) this.sendEvent(record, sub, stored);
    sub.replayed = true;
    if (isTerminal(record.summary.status)) this.sendFinished(record, sub);
  }

  /**
   * The evicted part of a replay, read from the archive a chunk at a time; then replay() again
   * for what memory holds by then. Live events wait meanwhile (the subscriber is not `replayed`),
   * and if memory evicted more during the read, the next round reads that from the archive too:
   * each round ends past the previous one's `toSeq`, so the loop always ends.
   */
  private async replayFromArchive(record: OperationRecord, sub: Subscriber, archive: EventArchive, toSeq: number): Promise<void> {
    try {
      for await (const chunk of archive.readEvents({ ...record.summary }, sub.delivered + 1, toSeq)) {
        if (!sub.active || this.disposed) return;
        this.queue.run(() => {
          for (const stored of chunk) this.sendArchived(record, sub, stored, toSeq);
        });
      }
    } catch (error) {
      this.log(`replay of ${record.summary.id} from the journal failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!sub.active || this.disposed) return;
    this.queue.run(() => {
      if (!sub.active) return;
      this.sendGapUpTo(record, sub, toSeq);
      this.replay(record, sub);
    });
  }

  private sendArchived(record: OperationRecord, sub: Subscriber, stored: StoredEvent, toSeq: number): void {
    if (!sub.active || stored.seq <= sub.delivered || stored.seq > toSeq) return;
    this.sendGapUpTo(record, sub, stored.seq - 1);
    this.sendEvent(record, sub, stored);
  }

  /** Events after `delivered` up to `toSeq` are neither in memory nor in the archive: say so once and move past them. */
  private sendGapUpTo(record: OperationRecord, sub: Subscriber, toSeq: number): void {
    if (toSeq <= sub.delivered) return;
    const fromSeq = sub.delivered + 1;
    sub.delivered = toSeq;
    this.deliver(sub, { type: 'gap', operationId: record.summary.id, missed: toSeq - fromSeq + 1, fromSeq, toSeq });
  }

  /** Returns the item it delivered (or was given), so the caller can hand the same one to the next subscriber. */
  private sendEvent(record: OperationRecord, sub: Subscriber, stored: StoredEvent, shared?: OperationEventItem): OperationEventItem | undefined {
    if (!sub.active || stored.seq <= sub.delivered) return shared;
    sub.delivered = stored.seq;
    const item = shared ?? eventItem(record.summary.id, stored);
    this.deliver(sub, item);
    return item;
  }

  private sendFinished(record: OperationRecord, sub: Subscriber): void {
    if (!sub.active || !sub.replayed || sub.finishedSent) return;
    sub.finishedSent = true;
    const { id, status, reason, lastSeq } = record.summary;
    this.deliver(sub, { type: 'finished', operationId: id, status, ...(reason === undefined ? {} : { reason }), lastSeq });
  }

  /** One listener's failure is its own: report it and carry on with the others. */
  private deliver(sub: Subscriber, item: OperationItem): void {
    try {
      sub.listener(item);
    } catch (error) {
      this.reportListenerError(error);
    }
  }

  private notifyOperation(summary: OperationSummary): void {
    const snapshot = { ...summary };
    this.queue.run(() => {
      for (const listener of this.operationListeners) {
        try {
          listener({ ...snapshot });
        } catch (error) {
          this.reportListenerError(error);
        }
      }
    });
  }

  private reportListenerError(error: unknown): void {
    this.log(`operation listener failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }

  /** Keeps at most maxFinished finished operations; running ones are never dropped. */
  private retire(id: string): void {
    this.finished.push(id);
    while (this.finished.length > this.maxFinished) {
      const oldest = this.finished.shift();
      if (oldest !== undefined) this.operations.delete(oldest);
    }
  }
}
