import type { AgentEvent, ToolStatus } from '../../src/protocol';

/** One received thing of an operation, ordered by `seq`: an agent event or a "some were dropped" marker. */
export type TimelineEntry =
  | { kind: 'event'; seq: number; at: number; event: AgentEvent }
  | { kind: 'gap'; seq: number; missed: number; fromSeq: number; toSeq: number };

type PlanEntry = Extract<AgentEvent, { kind: 'plan' }>['entries'][number];
type PermissionOption = Extract<AgentEvent, { kind: 'permission' }>['options'][number];
export type PermissionResolution = Omit<Extract<AgentEvent, { kind: 'permissionResolved' }>, 'kind' | 'id'>;

interface ItemBase {
  /** Stable across updates of the same item, so rows keep their DOM and their memo. */
  key: string;
  /** A sub-agent did this: the id of its tool step, and that step's title when it arrived. */
  group?: string;
  groupTitle?: string;
  /** seq of the first and the last entry folded into this item. */
  seq: number;
  lastSeq: number;
  at: number;
}

export interface LogLine {
  seq: number;
  text: string;
  level?: 'info' | 'warn' | 'error';
}

/** What the conversation renders: entries after coalescing deltas and merging tool phases. */
export type TimelineItem =
  | (ItemBase & { type: 'thinking'; stream?: string; text: string })
  | (ItemBase & { type: 'message'; stream?: string; text: string })
  | (ItemBase & { type: 'tool'; id: string; title?: string; status: ToolStatus; detail?: string; output?: string; ended: boolean; endedAt?: number })
  | (ItemBase & { type: 'plan'; entries: PlanEntry[] })
  | (ItemBase & { type: 'permission'; id: string; question: string; options: PermissionOption[]; resolved?: PermissionResolution })
  | (ItemBase & { type: 'logs'; lines: LogLine[] })
  | (ItemBase & { type: 'info'; text: string })
  | (ItemBase & { type: 'error'; message: string; hint?: string; code?: string })
  | (ItemBase & { type: 'complete'; summary?: string; stopReason?: string })
  | (ItemBase & { type: 'gap'; missed: number; fromSeq: number; toSeq: number });

export interface Timeline {
  entries: readonly TimelineEntry[];
  /** Highest seq received or covered by a gap: the point to resume after. */
  lastSeq: number;
  items: readonly TimelineItem[];
  /** Where merged items sit in `items`, so later phases update them in place. */
  toolIndex: Readonly<Record<string, number>>;
  planIndex?: number;
}

export const emptyTimeline: Timeline = { entries: [], lastSeq: 0, items: [], toolIndex: {} };

/** A step keeps the end of its live output: a long build log is for the tail, not for memory. */
const MAX_TOOL_OUTPUT = 32 * 1024;
const appendOutput = (before: string | undefined, chunk: string | undefined): string | undefined => {
  if (chunk === undefined) return before;
  const all = (before ?? '') + chunk;
  return all.length > MAX_TOOL_OUTPUT ? `…${all.slice(-MAX_TOOL_OUTPUT)}` : all;
};

/**
 * Adds a batch of entries in one step: the arrays are copied once per batch, not once per entry,
 * so a replay of 50,000 events costs about as much as building them. Returns the same timeline
 * when every entry was a duplicate. Entries after everything held (live events, a replay) are
 * folded in place; one arriving out of order makes the items rebuild from the sorted entries.
 */
export function addEntries(timeline: Timeline, batch: readonly TimelineEntry[]): Timeline {
  if (batch.length === 0) return timeline;
  const appended: TimelineEntry[] = [];
  const late: TimelineEntry[] = [];
  let last = timeline.entries[timeline.entries.length - 1];
  for (const entry of batch) {
    if (!last || comesAfter(entry, last)) {
      appended.push(entry);
      last = entry;
    } else late.push(entry);
  }
  if (late.length === 0) {
    const builder = new TimelineBuilder(timeline);
    for (const entry of appended) builder.add(entry);
    return builder.finish(timeline.entries.concat(appended), Math.max(timeline.lastSeq, maxSeq(appended)));
  }
  const entries = timeline.entries.concat(appended);
  let added = appended.length;
  for (const entry of late) {
    const at = insertionIndex(entries, entry);
    if (at < 0) continue;
    entries.splice(at, 0, entry);
    added++;
  }
  if (added === 0) return timeline;
  return buildTimeline(entries);
}

/** Rebuilds the render items from scratch (after an out-of-order arrival or a restore); entries must be sorted. */
export function buildTimeline(entries: readonly TimelineEntry[]): Timeline {
  const builder = new TimelineBuilder(emptyTimeline);
  for (const entry of entries) builder.add(entry);
  return builder.finish(entries, maxSeq(entries));
}

/** The point an entry covers: its seq, or the end of the range a gap stands for. */
const coveredSeq = (e: TimelineEntry): number => (e.kind === 'gap' ? e.toSeq : e.seq);

function maxSeq(entries: readonly TimelineEntry[]): number {
  let max = 0;
  for (const e of entries) max = Math.max(max, coveredSeq(e));
  return max;
}

/** Strictly after `last` in timeline order (a gap sorts before an event of the same seq). */
const comesAfter = (entry: TimelineEntry, last: TimelineEntry): boolean =>
  entry.seq > last.seq || (entry.seq === last.seq && entry.kind === 'event' && last.kind === 'gap');

/** Gaps sort before an event of the same seq; returns -1 for a duplicate. */
function insertionIndex(entries: readonly TimelineEntry[], entry: TimelineEntry): number {
  const rank = (e: TimelineEntry) => e.seq * 2 + (e.kind === 'event' ? 1 : 0);
  const target = rank(entry);
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rank(entries[mid]) < target) lo = mid + 1;
    else hi = mid;
  }
  if (lo < entries.length && rank(entries[lo]) === target) return -1;
  return lo;
}

/**
 * Folds entries into render items. It owns copies of the timeline's item list and indexes, made
 * once, and changes them in place; the timeline it started from is left as it was.
 */
class TimelineBuilder {
  private readonly items: TimelineItem[];
  private readonly toolIndex: Record<string, number>;
  private planIndex: number | undefined;

  constructor(from: Timeline) {
    this.items = from.items.slice();
    this.toolIndex = { ...from.toolIndex };
    this.planIndex = from.planIndex;
  }

  finish(entries: readonly TimelineEntry[], lastSeq: number): Timeline {
    return { entries, lastSeq, items: this.items, toolIndex: this.toolIndex, planIndex: this.planIndex };
  }

  /** The title of the step a sub-agent's work belongs to, as far as it is known yet. */
  private titleOf(group: string): { groupTitle?: string } {
    const index = this.toolIndex[group];
    const item = index === undefined ? undefined : this.items[index];
    return item && item.type === 'tool' && item.title ? { groupTitle: item.title } : {};
  }

  add(entry: TimelineEntry): void {
    const items = this.items;
    if (entry.kind === 'gap') {
      items.push({
        key: `gap:${entry.fromSeq}`, seq: entry.seq, lastSeq: entry.seq, at: 0,
        type: 'gap', missed: entry.missed, fromSeq: entry.fromSeq, toSeq: entry.toSeq,
      });
      return;
    }
    const event = entry.event;
    const grouping = 'group' in event && event.group ? { group: event.group, ...this.titleOf(event.group) } : {};
    const base = { seq: entry.seq, lastSeq: entry.seq, at: entry.at, ...grouping };
    const lastIndex = items.length - 1;
    const prev = items[lastIndex];
    switch (event.kind) {
      case 'thinking':
      case 'message': {
        if (prev && prev.type === event.kind && event.stream !== undefined && prev.stream === event.stream && prev.group === event.group) {
          items[lastIndex] = { ...prev, text: prev.text + event.text, lastSeq: entry.seq };
          return;
        }
        items.push({ ...base, key: `${event.kind}:${entry.seq}`, type: event.kind, stream: event.stream, text: event.text });
        return;
      }
      case 'tool': {
        const ended = event.phase === 'end';
        const index = this.toolIndex[event.id];
        const existing = index === undefined ? undefined : items[index];
        if (existing && existing.type === 'tool') {
          items[index] = {
            ...existing,
            lastSeq: entry.seq,
            title: event.title ?? existing.title,
            detail: event.detail ?? existing.detail,
            output: appendOutput(existing.output, event.output),
            status: event.status,
            ended: existing.ended || ended,
            endedAt: ended ? entry.at : existing.endedAt,
          };
          return;
        }
        this.toolIndex[event.id] = items.length;
        items.push({
          ...base,
          key: `tool:${event.id}:${entry.seq}`,
          type: 'tool',
          id: event.id,
          title: event.title,
          status: event.status,
          detail: event.detail,
          output: appendOutput(undefined, event.output),
          ended,
          endedAt: ended ? entry.at : undefined,
        });
        return;
      }
      case 'plan': {
        // Agents resend the whole plan on every change: one living checklist, updated in place.
        const index = this.planIndex;
        const existing = index === undefined ? undefined : items[index];
        if (index !== undefined && existing && existing.type === 'plan') {
          items[index] = { ...existing, entries: event.entries, lastSeq: entry.seq };
          return;
        }
        this.planIndex = items.length;
        items.push({ ...base, key: `plan:${entry.seq}`, type: 'plan', entries: event.entries });
        return;
      }
      case 'log': {
        const line: LogLine = { seq: entry.seq, text: event.text, level: event.level };
        if (prev && prev.type === 'logs') {
          items[lastIndex] = { ...prev, lines: [...prev.lines, line], lastSeq: entry.seq };
          return;
        }
        items.push({ ...base, key: `logs:${entry.seq}`, type: 'logs', lines: [line] });
        return;
      }
      case 'permission':
        items.push({ ...base, key: `permission:${entry.seq}`, type: 'permission', id: event.id, question: event.question, options: event.options });
        return;
      case 'permissionResolved': {
        // Settles the question in place, whichever client answered it.
        const at = items.findIndex((i) => i.type === 'permission' && i.id === event.id);
        const question = items[at];
        if (!question || question.type !== 'permission') return;
        const { kind: _kind, id: _id, ...resolved } = event;
        items[at] = { ...question, resolved, lastSeq: entry.seq };
        return;
      }
      case 'info':
        items.push({ ...base, key: `info:${entry.seq}`, type: 'info', text: event.text });
        return;
      case 'error':
        items.push({ ...base, key: `error:${entry.seq}`, type: 'error', message: event.message, hint: event.hint, code: event.code });
        return;
      case 'complete':
        items.push({ ...base, key: `complete:${entry.seq}`, type: 'complete', summary: event.summary, stopReason: event.stopReason });
        return;
    }
  }
}
