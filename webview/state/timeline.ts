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
  | (ItemBase & { type: 'tool'; id: string; title?: string; status: ToolStatus; detail?: string; ended: boolean; endedAt?: number })
  | (ItemBase & { type: 'plan'; entries: PlanEntry[] })
  | (ItemBase & { type: 'permission'; id: string; question: string; options: PermissionOption[]; resolved?: PermissionResolution })
  | (ItemBase & { type: 'logs'; lines: LogLine[] })
  | (ItemBase & { type: 'info'; text: string })
  | (ItemBase & { type: 'error'; message: string; hint?: string; code?: string })
  | (ItemBase & { type: 'complete'; summary?: string; stopReason?: string })
  | (ItemBase & { type: 'gap'; missed: number; fromSeq: number; toSeq: number });

export type TimelineItemType = TimelineItem['type'];

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

/** Adds an entry; returns the same timeline when it is a duplicate (same seq, or same gap). */
export function addEntry(timeline: Timeline, entry: TimelineEntry): Timeline {
  const lastSeq = Math.max(timeline.lastSeq, entry.kind === 'gap' ? entry.toSeq : entry.seq);
  const last = timeline.entries[timeline.entries.length - 1];
  // Fast path, the common case of live events: strictly after everything we have.
  if (!last || entry.seq > last.seq || (entry.seq === last.seq && entry.kind === 'event' && last.kind === 'gap')) {
    const built = appendItem(timeline, entry);
    return { ...built, entries: [...timeline.entries, entry], lastSeq };
  }
  const at = insertionIndex(timeline.entries, entry);
  if (at < 0) return timeline;
  const entries = [...timeline.entries.slice(0, at), entry, ...timeline.entries.slice(at)];
  return { ...buildTimeline(entries), lastSeq };
}

/** Rebuilds the render items from scratch (after an out-of-order arrival or a restore). */
export function buildTimeline(entries: readonly TimelineEntry[]): Timeline {
  let timeline: Timeline = { ...emptyTimeline, entries };
  for (const entry of entries) timeline = appendItem(timeline, entry);
  const lastSeq = entries.reduce((max, e) => Math.max(max, e.kind === 'gap' ? e.toSeq : e.seq), 0);
  return { ...timeline, entries, lastSeq };
}

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

function replaceAt(items: readonly TimelineItem[], index: number, item: TimelineItem): TimelineItem[] {
  const next = items.slice();
  next[index] = item;
  return next;
}

/** Folds one entry into the items (entries are appended separately by the caller). */
function appendItem(timeline: Timeline, entry: TimelineEntry): Timeline {
  const { items } = timeline;
  if (entry.kind === 'gap') {
    const item: TimelineItem = {
      key: `gap:${entry.fromSeq}`, seq: entry.seq, lastSeq: entry.seq, at: 0,
      type: 'gap', missed: entry.missed, fromSeq: entry.fromSeq, toSeq: entry.toSeq,
    };
    return { ...timeline, items: [...items, item] };
  }
  const base = { seq: entry.seq, lastSeq: entry.seq, at: entry.at };
  const event = entry.event;
  const prev = items[items.length - 1];
  switch (event.kind) {
    case 'thinking':
    case 'message': {
      if (prev && prev.type === event.kind && event.stream !== undefined && prev.stream === event.stream) {
        return { ...timeline, items: replaceAt(items, items.length - 1, { ...prev, text: prev.text + event.text, lastSeq: entry.seq }) };
      }
      const item: TimelineItem = { ...base, key: `${event.kind}:${entry.seq}`, type: event.kind, stream: event.stream, text: event.text };
      return { ...timeline, items: [...items, item] };
    }
    case 'tool': {
      const ended = event.phase === 'end';
      const index = timeline.toolIndex[event.id];
      const existing = index === undefined ? undefined : items[index];
      if (existing && existing.type === 'tool') {
        const merged: TimelineItem = {
          ...existing,
          lastSeq: entry.seq,
          title: event.title ?? existing.title,
          detail: event.detail ?? existing.detail,
          status: event.status,
          ended: existing.ended || ended,
          endedAt: ended ? entry.at : existing.endedAt,
        };
        return { ...timeline, items: replaceAt(items, index, merged) };
      }
      const item: TimelineItem = {
        ...base,
        key: `tool:${event.id}:${entry.seq}`,
        type: 'tool',
        id: event.id,
        title: event.title,
        status: event.status,
        detail: event.detail,
        ended,
        endedAt: ended ? entry.at : undefined,
      };
      return { ...timeline, items: [...items, item], toolIndex: { ...timeline.toolIndex, [event.id]: items.length } };
    }
    case 'plan': {
      // Agents resend the whole plan on every change: one living checklist, updated in place.
      const index = timeline.planIndex;
      const existing = index === undefined ? undefined : items[index];
      if (index !== undefined && existing && existing.type === 'plan') {
        return { ...timeline, items: replaceAt(items, index, { ...existing, entries: event.entries, lastSeq: entry.seq }) };
      }
      const item: TimelineItem = { ...base, key: `plan:${entry.seq}`, type: 'plan', entries: event.entries };
      return { ...timeline, items: [...items, item], planIndex: items.length };
    }
    case 'log': {
      const line: LogLine = { seq: entry.seq, text: event.text, level: event.level };
      if (prev && prev.type === 'logs') {
        return { ...timeline, items: replaceAt(items, items.length - 1, { ...prev, lines: [...prev.lines, line], lastSeq: entry.seq }) };
      }
      return { ...timeline, items: [...items, { ...base, key: `logs:${entry.seq}`, type: 'logs', lines: [line] }] };
    }
    case 'permission':
      return { ...timeline, items: [...items, { ...base, key: `permission:${entry.seq}`, type: 'permission', id: event.id, question: event.question, options: event.options }] };
    case 'permissionResolved': {
      // Settles the question in place, whichever client answered it.
      const at = items.findIndex((i) => i.type === 'permission' && i.id === event.id);
      const question = items[at];
      if (!question || question.type !== 'permission') return timeline;
      const { kind: _kind, id: _id, ...resolved } = event;
      return { ...timeline, items: replaceAt(items, at, { ...question, resolved, lastSeq: entry.seq }) };
    }
    case 'info':
      return { ...timeline, items: [...items, { ...base, key: `info:${entry.seq}`, type: 'info', text: event.text }] };
    case 'error':
      return { ...timeline, items: [...items, { ...base, key: `error:${entry.seq}`, type: 'error', message: event.message, hint: event.hint, code: event.code }] };
    case 'complete':
      return { ...timeline, items: [...items, { ...base, key: `complete:${entry.seq}`, type: 'complete', summary: event.summary, stopReason: event.stopReason }] };
  }
}
