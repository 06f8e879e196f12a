import { StringDecoder } from 'node:string_decoder';

/** Lines longer than this are delivered in pieces; 1 MiB of UTF-16 code units. */
export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

/**
 * Turns a byte stream into lines, whatever the chunk boundaries: a chunk may end mid-line or in
 * the middle of a multi-byte UTF-8 character. Line endings are `\n`, `\r\n` and a lone `\r` (the
 * same rule as Node's readline), so Windows output and carriage-return progress updates become
 * lines without a stray `\r`. Invalid UTF-8 becomes U+FFFD instead of an exception.
 *
 * Memory is bounded by `maxLineLength`: only the unfinished line is kept, and it is delivered in
 * pieces once it grows past the limit, so a newline-free flood cannot grow the buffer.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  /** The previous chunk ended in `\r`: a `\n` opening the next chunk belongs to that line ending. */
  private swallowLineFeed = false;
  private ended = false;
  /** Per instance: a shared global regex's lastIndex would break if onLine pushes to another splitter. */
  private readonly lineBreak = /[\r\n]/g;

  constructor(
    private readonly onLine: (text: string) => void,
    private readonly maxLineLength: number = DEFAULT_MAX_LINE_LENGTH,
  ) {
    if (!(maxLineLength >= 1)) throw new RangeError(`maxLineLength must be at least 1, got ${maxLineLength}`);
  }

  push(chunk: Uint8Array): void {
    if (this.ended) return;
    this.pushText(this.decoder.write(chunk));
  }

  /** Flushes what the decoder holds and delivers a final line that had no line ending. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.pushText(this.decoder.end());
    this.ended = true;
    if (this.pending.length > 0) this.deliver(this.pending);
    this.pending = '';
  }

  private pushText(text: string): void {
    if (text.length === 0) return;
    let start = 0;
    if (this.swallowLineFeed && text.charCodeAt(0) === 0x0a) start = 1;
    this.swallowLineFeed = false;

    // Only the new text is scanned: `pending` never holds a line break, so a long line that
    // arrives in many chunks costs linear time, not quadratic.
    this.lineBreak.lastIndex = start;
    for (let match = this.lineBreak.exec(text); match !== null; match = this.lineBreak.exec(text)) {
      let end = match.index;
      this.deliver(this.pending + text.slice(start, end));
      this.pending = '';
      if (text.charCodeAt(end) === 0x0d) {
        if (end + 1 === text.length) this.swallowLineFeed = true;
        else if (text.charCodeAt(end + 1) === 0x0a) end += 1;
      }
      start = end + 1;
      this.lineBreak.lastIndex = start;
    }

    if (start < text.length) {
      this.pending += text.slice(start);
      while (this.pending.length > this.maxLineLength) {
        const cut = safeCut(this.pending, this.maxLineLength);
        this.onLine(this.pending.slice(0, cut));
        this.pending = this.pending.slice(cut);
      }
    }
  }

  private deliver(line: string): void {
    let rest = line;
    while (rest.length > this.maxLineLength) {
      const cut = safeCut(rest, this.maxLineLength);
      this.onLine(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    this.onLine(rest);
  }
}

/** A cut position at or before `limit` that does not split a surrogate pair (an emoji stays whole). */
function safeCut(text: string, limit: number): number {
  const before = text.charCodeAt(limit - 1);
  const isHighSurrogate = before >= 0xd800 && before <= 0xdbff;
  return isHighSurrogate && limit > 1 ? limit - 1 : limit;
}
