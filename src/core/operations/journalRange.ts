/**
 * Reads a range of events back from one journal file without loading the file: the file is
 * streamed, lines before the range are recognised by their prefix and skipped unparsed, and the
 * events are handed out a chunk at a time. Used by replays that reach past the bus's memory.
 */
import { createReadStream } from 'node:fs';
import type { StoredEvent } from './eventLog';
import { JournalLine } from './journalFormat';

/** Where reading may resume: the byte just after the line of event `seq`. */
export interface JournalCursor {
  seq: number;
  offset: number;
}

export interface RangeOptions {
  /** A cursor from an earlier read of the same file, used when the range starts after it. */
  cursor?: JournalCursor;
  /** Events per chunk. */
  chunkSize?: number;
  /** Told where the last complete event line read ended. */
  onCursor?: (cursor: JournalCursor) => void;
}

const NEWLINE = 0x0a;
/** `ev` lines start like this (journal.ts writes `{ t, seq, at, event }` in that order). */
const EVENT_PREFIX = /^\{"t":"ev","seq":(\d+),/;

/**
 * Yields the file's events with `fromSeq <= seq <= toSeq` in file order (which is seq order: the
 * journal only appends). Unreadable lines and lines outside the range are skipped; a missing
 * file yields nothing. Stops reading at the first event past `toSeq`.
 */
export async function* readJournalRange(path: string, fromSeq: number, toSeq: number, options: RangeOptions = {}): AsyncGenerator<StoredEvent[]> {
  if (toSeq < fromSeq) return;
  const chunkSize = options.chunkSize ?? 500;
  const start = options.cursor && options.cursor.seq < fromSeq ? options.cursor.offset : 0;
  const stream = createReadStream(path, { start, highWaterMark: 256 * 1024 });
  let offset = start;
  let rest: Buffer = Buffer.alloc(0);
  let chunk: StoredEvent[] = [];
  try {
    for await (const data of stream as AsyncIterable<Buffer>) {
      const buffer = rest.length ? Buffer.concat([rest, data]) : data;
      let lineStart = 0;
      for (let end = buffer.indexOf(NEWLINE); end !== -1; end = buffer.indexOf(NEWLINE, lineStart)) {
        const line = buffer.toString('utf8', lineStart, end);
        offset += end + 1 - lineStart;
        lineStart = end + 1;
        const seq = seqOf(line);
        if (seq === undefined || seq < fromSeq) continue;
        if (seq > toSeq) {
          if (chunk.length) yield chunk;
          return;
        }
        const stored = parseEvent(line);
        if (!stored) continue;
        chunk.push(stored);
        options.onCursor?.({ seq, offset });
        if (chunk.length >= chunkSize) {
          yield chunk;
          chunk = [];
        }
      }
      rest = buffer.subarray(lineStart);
    }
    // A last line without its newline was cut short by a crash (or is still being written): skipped.
    if (chunk.length) yield chunk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  } finally {
    stream.destroy();
  }
}

function seqOf(line: string): number | undefined {
  const m = EVENT_PREFIX.exec(line);
  return m ? Number(m[1]) : undefined;
}

function parseEvent(line: string): StoredEvent | undefined {
  let parsed: ReturnType<typeof JournalLine.safeParse>;
  try {
    parsed = JournalLine.safeParse(JSON.parse(line));
  } catch {
    return undefined;
  }
  if (!parsed.success || parsed.data.t !== 'ev') return undefined;
  return { seq: parsed.data.seq, at: parsed.data.at, event: parsed.data.event };
}
