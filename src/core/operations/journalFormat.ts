/**
 * The journal's on-disk format: one JSONL file per operation, `<createdAt>-<id>.jsonl`, in
 * `<workspace folder>/.specwright/journal/`. Each line is either the operation's summary as it
 * was at that moment (`{"t":"op","summary":…}`, the last one wins) or one event
 * (`{"t":"ev","seq":…,"at":…,"event":…}`). Lines are only ever appended, so a crash can at worst
 * cut the last line short; readers skip such a line.
 */
import { join } from 'node:path';
import * as z from 'zod/mini';
import { AgentEvent, OperationSummary } from '../../protocol';

export const JOURNAL_DIR = ['.specwright', 'journal'] as const;
export const journalDirOf = (workspaceRoot: string): string => join(workspaceRoot, ...JOURNAL_DIR);

export const JournalLine = z.discriminatedUnion('t', [
  z.object({ t: z.literal('op'), summary: OperationSummary }),
  z.object({ t: z.literal('ev'), seq: z.int().check(z.positive()), at: z.number(), event: AgentEvent }),
]);
export type JournalLine = z.infer<typeof JournalLine>;

export interface JournalEvent {
  seq: number;
  at: number;
  event: AgentEvent;
}

/** One operation read back: its last summary and its events in seq order. */
export interface JournalEntry {
  summary: OperationSummary;
  events: JournalEvent[];
  /** The file it was read from. */
  file: string;
  /** Lines that could not be read (a line cut short by a crash). */
  skippedLines: number;
}

/** File names sort by creation time: the time is zero-padded in front. */
export const journalFileName = (summary: Pick<OperationSummary, 'createdAt' | 'id'>): string =>
  `${String(Math.max(0, Math.floor(summary.createdAt))).padStart(15, '0')}-${summary.id.replace(/[^\w.-]/g, '_')}.jsonl`;

/** The creation time a journal file name starts with; undefined for files that are not the journal's. */
export function createdAtOfFile(name: string): number | undefined {
  const m = /^(\d{1,15})-[\w.-]+\.jsonl$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

export const INTERRUPTED_REASON = 'Interrupted: Specwright stopped (window closed, reloaded or crashed) while this was running.';

/**
 * Reads one journal file's text. Lines that do not parse are skipped (the last one may be cut
 * short by a crash); an operation that never reached a final status was interrupted and is
 * returned as failed with that reason.
 */
export function parseJournal(text: string, file: string): JournalEntry | undefined {
  let summary: OperationSummary | undefined;
  const events = new Map<number, JournalEvent>();
  let skippedLines = 0;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let parsed: ReturnType<typeof JournalLine.safeParse>;
    try {
      parsed = JournalLine.safeParse(JSON.parse(raw));
    } catch {
      skippedLines += 1;
      continue;
    }
    if (!parsed.success) {
      skippedLines += 1;
      continue;
    }
    const line = parsed.data;
    if (line.t === 'op') summary = line.summary;
    else events.set(line.seq, { seq: line.seq, at: line.at, event: line.event });
  }
  if (!summary) return undefined;
  const ordered = [...events.values()].sort((a, b) => a.seq - b.seq);
  if (summary.status === 'queued' || summary.status === 'running') {
    const endedAt = ordered.at(-1)?.at ?? summary.startedAt ?? summary.createdAt;
    summary = { ...summary, status: 'failed', reason: INTERRUPTED_REASON, endedAt };
  }
  return { summary: { ...summary, lastSeq: ordered.at(-1)?.seq ?? 0 }, events: ordered, file, skippedLines };
}
