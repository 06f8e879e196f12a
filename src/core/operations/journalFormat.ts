/**
 * The journal's on-disk format: one JSONL file per operation, `<createdAt>-<id>.jsonl`, in
 * `<workspace folder>/.specwright/journal/`. Each line is either the operation's summary as it
 * was at that moment (`{"t":"op","summary":…}`, the last one wins) or one event
 * (`{"t":"ev","seq":…,"at":…,"event":…,"crc":…}`). Lines are only ever appended, so a crash can
 * at worst cut the last line short; readers skip such a line.
 *
 * An event line ends with its check, `"crc"`: the CRC-32 of the line's UTF-8 bytes before
 * `,"crc":` (see withCheck). A line whose check does not match was damaged after it was written
 * and is skipped, even when what is left still parses; a line whose check matches is exactly
 * what the journal wrote, which lets a replay send its event's JSON on without parsing it
 * (journalRange.ts). Lines written before the check existed have none and are parsed and
 * checked against the schema as they always were; readers that predate the check read the new
 * lines too (the schema ignores the extra key).
 */
import { join } from 'node:path';
import * as z from 'zod/mini';
import { AgentEvent, OperationSummary } from '../../protocol';
import { crc32 } from '../util/crc32';

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

const CHECK_MEMBER = ',"crc":';
const CLOSING_BRACE = 0x7d;
/** The most `,"crc":4294967295}` adds to a line. */
export const CHECK_MAX_CHARS = CHECK_MEMBER.length + 11;

/** An `ev` line's JSON (one object, as JSON.stringify wrote it) with its check added at the end. */
export function withCheck(lineJson: string): string {
  const covered = lineJson.slice(0, -1);
  return `${covered}${CHECK_MEMBER}${crc32(covered)}}`;
}

/**
 * Where the check of a line starts (the index of `,"crc":`), when the line ends with one; -1
 * when it has none (a line of the older format, or a summary line).
 */
export function checkStart(line: string): number {
  const end = line.length - 1;
  if (line.charCodeAt(end) !== CLOSING_BRACE) return -1;
  const start = line.lastIndexOf(CHECK_MEMBER, end - CHECK_MEMBER.length - 1);
  if (start < 0) return -1;
  const digits = start + CHECK_MEMBER.length;
  if (end - digits > 10) return -1;
  for (let i = digits; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
  }
  return start;
}

/** Whether the check starting at `start` (checkStart) is the CRC-32 of what comes before it. */
export function checkMatches(line: string, start: number): boolean {
  return crc32(line.slice(0, start)) === Number(line.slice(start + CHECK_MEMBER.length, -1));
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
 * Reads one journal file's text. Lines that do not parse, and lines whose check does not match,
 * are skipped (the last one may be cut short by a crash); an operation that never reached a final status was interrupted and is
 * returned as failed with that reason.
 */
export function parseJournal(text: string, file: string): JournalEntry | undefined {
  let summary: OperationSummary | undefined;
  const events = new Map<number, JournalEvent>();
  let skippedLines = 0;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    const check = checkStart(raw);
    if (check >= 0 && !checkMatches(raw, check)) {
      skippedLines += 1;
      continue;
    }
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
