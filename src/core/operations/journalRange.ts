/**
 * Reads a range of events back from one journal file without loading the file: the file is
 * streamed, lines before the range are recognised by their prefix and skipped unparsed, and the
 * events are handed out a chunk at a time. Used by replays that reach past the bus's memory.
 */
import { createReadStream } from 'node:fs';
import { AgentEvent } from '../../protocol';
import type { StoredEvent } from './eventLog';
import { checkMatches, checkStart, JournalLine } from './journalFormat';

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
 * An `ev` line exactly as journal.ts writes it, up to the event: seq a positive integer and at a
 * JSON number, so the rest of the line minus its closing brace is the event's JSON.
 */
const LINE_START = '{"t":"ev",';
const EVENT_HEAD = /^\{"t":"ev","seq":([1-9]\d*),"at":(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?),"event":/;
const CLOSING_BRACE = 0x7d;

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
  let rest: Buffer = Buffer.alloc(0);
  /** Byte offset in the file of `rest`'s first byte. */
  let restOffset = start;
  let chunk: StoredEvent[] = [];
  let lastSeq = 0;
  let lastOffset = 0;
  let past = false;
  /** One complete line ending at byte `end` of the file (just after its newline). */
  const take = (line: string, end: number): void => {
    const head = EVENT_HEAD.exec(line);
    const seq = head ? Number(head[1]) : seqOf(line);
    if (seq === undefined || seq < fromSeq) return;
    if (seq > toSeq) {
      past = true;
      return;
    }
    const stored = parseEvent(line, head);
    if (!stored) return;
    chunk.push(stored);
    lastSeq = seq;
    lastOffset = end;
  };
  // Told once a chunk, not once a line: only the last position counts.
  const handOut = () => {
    if (lastOffset) options.onCursor?.({ seq: lastSeq, offset: lastOffset });
    const out = chunk;
    chunk = [];
    return out;
  };
  try {
    for await (const data of stream as AsyncIterable<Buffer>) {
      const buffer = rest.length ? Buffer.concat([rest, data]) : data;
      const complete = buffer.lastIndexOf(NEWLINE) + 1;
      // A newline byte is never part of a multi-byte character: the lines decode as a whole.
      const text = buffer.toString('utf8', 0, complete);
      let lineStart = 0;
      if (text.length === complete) {
        // One character per byte (the usual, ASCII journal): string positions are byte offsets.
        for (let end = text.indexOf('\n'); end !== -1 && !past; end = text.indexOf('\n', lineStart)) {
          take(text.slice(lineStart, end), restOffset + end + 1);
          lineStart = end + 1;
          if (chunk.length >= chunkSize) yield handOut();
        }
      } else {
        for (let end = buffer.indexOf(NEWLINE); end !== -1 && end < complete && !past; end = buffer.indexOf(NEWLINE, lineStart)) {
          take(buffer.toString('utf8', lineStart, end), restOffset + end + 1);
          lineStart = end + 1;
          if (chunk.length >= chunkSize) yield handOut();
        }
      }
      if (past) break;
      rest = buffer.subarray(complete);
      restOffset += complete;
    }
    // A last line without its newline was cut short by a crash (or is still being written): skipped.
    if (chunk.length) yield handOut();
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

/**
 * An event read back from a line whose check matched: exactly what the journal wrote, so its
 * JSON is sent on as it is and only parsed if something asks for the event itself (the web UI
 * path never does; the client validates every message it receives in any case).
 */
class CheckedEvent implements StoredEvent {
  private parsed?: AgentEvent;
  /** `membersJson` from where the event starts. */
  private readonly eventStart: number;
  constructor(readonly seq: number, readonly at: number, readonly membersJson: string, eventStart: number) {
    this.eventStart = eventStart;
  }
  get eventJson(): string {
    return this.membersJson.slice(this.eventStart);
  }
  get event(): AgentEvent {
    return (this.parsed ??= JSON.parse(this.eventJson) as AgentEvent);
  }
}

/**
 * One event line read back and checked. A line that ends with a check (journalFormat.ts) is
 * taken only if the check matches (else it is damaged and skipped, a gap): in the exact shape
 * journal.ts writes, its event's JSON is kept as read, unparsed. A line of the older format,
 * without a check, is checked as it always was: in the exact shape journal.ts wrote, its event
 * is parsed on its own and checked against AgentEvent (the same check, without parsing the
 * fixed head again), and when the checked event is exactly what was parsed, its JSON text is
 * kept so it is not stringified again on its way to a socket. Any other line takes the general
 * path (parsed whole, checked against JournalLine).
 */
function parseEvent(line: string, head: RegExpExecArray | null): StoredEvent | undefined {
  const check = checkStart(line);
  if (check >= 0) {
    if (!checkMatches(line, check)) return undefined;
    if (head && line.charCodeAt(check - 1) === CLOSING_BRACE) {
      const seq = Number(head[1]);
      const at = Number(head[2]);
      // The line is `{"t":"ev",` and then the message's members, up to its check.
      if (Number.isSafeInteger(seq) && Number.isFinite(at)) return new CheckedEvent(seq, at, line.slice(LINE_START.length, check), head[0].length - LINE_START.length);
    }
    return parseLine(line);
  }
  if (head && line.charCodeAt(line.length - 1) === CLOSING_BRACE) {
    const seq = Number(head[1]);
    const at = Number(head[2]);
    const eventJson = line.slice(head[0].length, -1);
    let value: unknown;
    try {
      // Throws unless the rest is exactly one JSON value (`{…},"seq":9` is not): then the general path decides.
      value = JSON.parse(eventJson);
    } catch {
      value = undefined;
    }
    if (value !== undefined && Number.isSafeInteger(seq) && Number.isFinite(at)) {
      const checked = AgentEvent.safeParse(value);
      if (!checked.success) return undefined;
      return sameJson(value, checked.data) ? { seq, at, event: checked.data, eventJson } : { seq, at, event: checked.data };
    }
  }
  return parseLine(line);
}

/** Whether `b` (a checked copy of `a`) holds exactly what `a` holds: nothing stripped or changed. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ka = Object.keys(a);
  if (Array.isArray(b) || ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function parseLine(line: string): StoredEvent | undefined {
  let parsed: ReturnType<typeof JournalLine.safeParse>;
  try {
    parsed = JournalLine.safeParse(JSON.parse(line));
  } catch {
    return undefined;
  }
  if (!parsed.success || parsed.data.t !== 'ev') return undefined;
  return { seq: parsed.data.seq, at: parsed.data.at, event: parsed.data.event };
}
