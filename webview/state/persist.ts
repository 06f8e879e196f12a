import * as z from 'zod/mini';
import { AgentEvent, OperationSummary } from '../../src/protocol';
import { currentOperationId, operationList } from './selectors';
import { buildTimeline, type Timeline, type TimelineEntry } from './timeline';
import type { UiState } from './types';

/** Operations whose events we keep across a reload; the others replay from the host on demand. */
const MAX_CACHED_OPERATIONS = 5;
/** Past this many entries an operation is cheaper to replay than to keep in the webview state. */
const MAX_CACHED_ENTRIES = 2000;

const Entry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), seq: z.int().check(z.positive()), at: z.number(), event: AgentEvent }),
  z.object({ kind: z.literal('gap'), seq: z.int(), missed: z.int(), fromSeq: z.int(), toSeq: z.int() }),
]);

export const PersistedUi = z.object({
  v: z.literal(1),
  selectedOperationId: z.optional(z.string()),
  draft: z.object({ prompt: z.string(), feature: z.optional(z.string()), agent: z.optional(z.string()) }),
  /** Whether the list followed new events, and where it was scrolled to when it did not. */
  scroll: z.optional(z.object({ operationId: z.optional(z.string()), follow: z.boolean(), top: z.number() })),
  operations: z.array(z.object({ summary: OperationSummary, entries: z.array(Entry) })),
});
export type PersistedUi = z.infer<typeof PersistedUi>;
export type ScrollState = NonNullable<PersistedUi['scroll']>;

export function toPersisted(state: UiState, scroll?: ScrollState): PersistedUi {
  const current = currentOperationId(state);
  const withEvents = operationList(state).filter((op) => state.timelines[op.id]?.entries.length);
  const ops = [...withEvents.filter((op) => op.id === current), ...withEvents.filter((op) => op.id !== current)]
    .slice(0, MAX_CACHED_OPERATIONS)
    .filter((op) => state.timelines[op.id].entries.length <= MAX_CACHED_ENTRIES);
  return {
    v: 1,
    selectedOperationId: state.selectedOperationId,
    draft: state.draft,
    scroll,
    operations: ops.map((summary) => ({ summary, entries: state.timelines[summary.id].entries as TimelineEntry[] })),
  };
}

/** Reads what `toPersisted` wrote; anything unreadable (an older shape, corruption) starts fresh. */
export function fromPersisted(raw: unknown): { state: Partial<UiState>; scroll?: ScrollState } | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parsed = PersistedUi.safeParse(raw);
  if (!parsed.success) return undefined;
  const saved = parsed.data;
  const operations: Record<string, OperationSummary> = {};
  const timelines: Record<string, Timeline> = {};
  for (const { summary, entries } of saved.operations) {
    operations[summary.id] = summary;
    timelines[summary.id] = buildTimeline([...entries].sort((a, b) => a.seq - b.seq || (a.kind === 'gap' ? -1 : 1)));
  }
  return {
    state: { operations, timelines, selectedOperationId: saved.selectedOperationId, draft: saved.draft },
    scroll: saved.scroll,
  };
}
