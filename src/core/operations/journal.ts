/**
 * The Journal: every operation and its events appended to disk as JSONL while they happen
 * (format in journalFormat.ts), read back when Specwright starts so the history, and each past
 * conversation, survives a window reload or a crash. Retention keeps the newest `maxOperations`
 * operations and none older than `maxAgeDays`; running operations are never trimmed.
 */
import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isTerminal, type OperationSummary } from '../../protocol';
import { toDisposable, type Disposable } from '../util/disposable';
import type { OperationBus } from './bus';
import type { EventArchive } from './eventArchive';
import type { StoredEvent } from './eventLog';
import { clipEvent } from './outputBudget';
import { CHECK_MAX_CHARS, createdAtOfFile, journalFileName, parseJournal, withCheck, type JournalEntry, type JournalLine } from './journalFormat';
import { readJournalRange, type JournalCursor } from './journalRange';

export interface JournalRetention {
  maxOperations: number;
  maxAgeDays: number;
}

export const DEFAULT_RETENTION: JournalRetention = { maxOperations: 200, maxAgeDays: 30 };

export interface JournalOptions {
  /** The journal folder of the workspace folder an operation belongs to; undefined: not journaled. */
  dirOf: (summary: OperationSummary) => string | undefined;
  retention?: () => JournalRetention;
  now?: () => number;
  log?: (message: string) => void;
}

interface OpenFile {
  path: string;
  /** Appends run one after another, so lines land in the order they were produced. */
  tail: Promise<void>;
  pending: string[];
  subscription?: Disposable;
  lastSummary?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Read positions remembered for replays (operations), so a replay that comes back for more does not rescan the file. */
const MAX_CURSORS = 32;
/** Longest line the journal writes: a reader holds a whole line in memory, and a crash may cut the last one. */
export const MAX_JOURNAL_LINE_CHARS = 1024 * 1024;
/** A too long event line is written again with each text field cut to this. */
const CLIPPED_FIELD_CHARS = 64 * 1024;

/**
 * The line as JSON, an event's with its check (journalFormat.ts), never longer than
 * MAX_JOURNAL_LINE_CHARS for an event (its texts are cut).
 */
export function journalLineText(line: JournalLine): string {
  const text = JSON.stringify(line);
  if (line.t !== 'ev') return text;
  const max = MAX_JOURNAL_LINE_CHARS - CHECK_MAX_CHARS;
  if (text.length <= max) return withCheck(text);
  const clipped = JSON.stringify({ ...line, event: clipEvent(line.event, CLIPPED_FIELD_CHARS) });
  if (clipped.length <= max) return withCheck(clipped);
  // Many long fields at once (or a huge plan): keep the line, say what it was.
  return withCheck(JSON.stringify({ ...line, event: { kind: 'info', text: `(a ${line.event.kind} event of ${text.length.toLocaleString('en-US')} characters was too long to keep in the journal)` } }));
}

export class Journal implements Disposable, EventArchive {
  private readonly open = new Map<string, OpenFile>();
  /** Writes still in flight of operations that just finished, so a replay can wait for them. */
  private readonly settling = new Map<string, Promise<void>>();
  private readonly cursors = new Map<string, JournalCursor>();
  private readonly writes = new Set<Promise<void>>();
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: JournalOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
  }

  private retention(): JournalRetention {
    const r = this.options.retention?.() ?? DEFAULT_RETENTION;
    return { maxOperations: Math.max(1, Math.floor(r.maxOperations)), maxAgeDays: Math.max(0, r.maxAgeDays) };
  }

  /** Starts writing every operation of the bus created from now on, and serves its replays past the bus's memory. */
  attach(bus: OperationBus): Disposable {
    const listener = bus.onOperation((summary) => this.onOperation(bus, summary));
    const archive = bus.setArchive(this);
    return toDisposable(() => {
      listener.dispose();
      archive.dispose();
      for (const file of this.open.values()) file.subscription?.dispose();
    });
  }

  /** Resolves when everything handed to the journal so far is on disk. */
  async flushed(): Promise<void> {
    while (this.writes.size) await Promise.allSettled([...this.writes]);
  }

  /**
   * Reads a journal folder, newest first, within retention (older files are deleted as it goes).
   * A missing folder is an empty history.
   */
  async load(dir: string): Promise<JournalEntry[]> {
    const files = await this.filesOf(dir);
    const { keep, drop } = this.split(files);
    await Promise.all(drop.map((f) => rm(join(dir, f.name), { force: true }).catch(() => undefined)));
    const entries: JournalEntry[] = [];
    for (const f of keep) {
      try {
        const entry = parseJournal(await readFile(join(dir, f.name), 'utf8'), join(dir, f.name));
        if (!entry) continue;
        if (entry.skippedLines) this.log(`journal: skipped ${entry.skippedLines} unreadable line(s) in ${f.name}`);
        entries.push(entry);
      } catch (error) {
        this.log(`journal: cannot read ${f.name}: ${String(error)}`);
      }
    }
    return entries;
  }

  /** One operation's entry, read from its file (for operations the bus no longer holds). */
  async read(dir: string, operationId: string): Promise<JournalEntry | undefined> {
    const safe = operationId.replace(/[^\w.-]/g, '_');
    const name = (await this.filesOf(dir)).find((f) => f.name.endsWith(`-${safe}.jsonl`))?.name;
    if (!name) return undefined;
    return parseJournal(await readFile(join(dir, name), 'utf8'), join(dir, name));
  }

  /**
   * Events `fromSeq..toSeq` of an operation, read from its file in chunks (EventArchive). Lines
   * still on their way to the file are waited for first; an operation without a journal file
   * yields nothing.
   */
  async *readEvents(summary: OperationSummary, fromSeq: number, toSeq: number): AsyncGenerator<StoredEvent[]> {
    // Called from inside a bus delivery: let the deliveries queued behind it reach the journal first.
    await Promise.resolve();
    const dir = this.options.dirOf(summary);
    if (!dir) return;
    await (this.open.get(summary.id)?.tail ?? this.settling.get(summary.id));
    const remember = (cursor: JournalCursor) => {
      this.cursors.delete(summary.id);
      this.cursors.set(summary.id, cursor);
      if (this.cursors.size > MAX_CURSORS) this.cursors.delete(this.cursors.keys().next().value as string);
    };
    yield* readJournalRange(join(dir, journalFileName(summary)), fromSeq, toSeq, { cursor: this.cursors.get(summary.id), onCursor: remember });
  }

  /** Deletes what retention no longer keeps (never the file of a running operation). */
  async trim(dir: string): Promise<number> {
    const { drop } = this.split(await this.filesOf(dir));
    await Promise.all(drop.map((f) => rm(join(dir, f.name), { force: true }).catch(() => undefined)));
    return drop.length;
  }

  dispose(): void {
    for (const file of this.open.values()) file.subscription?.dispose();
  }

  private onOperation(bus: OperationBus, summary: OperationSummary): void {
    let file = this.open.get(summary.id);
    if (!file) {
      const dir = this.options.dirOf(summary);
      if (!dir) return;
      file = { path: join(dir, journalFileName(summary)), tail: mkdir(dir, { recursive: true }).then(() => undefined, () => undefined), pending: [] };
      this.open.set(summary.id, file);
      const opened = file;
      this.append(opened, { t: 'op', summary });
      opened.subscription = bus.subscribe(summary.id, 0, (item) => {
        if (item.type === 'event') this.append(opened, { t: 'ev', seq: item.seq, at: item.at, event: item.event });
      });
    } else {
      this.append(file, { t: 'op', summary });
    }
    if (isTerminal(summary.status)) {
      file.subscription?.dispose();
      this.open.delete(summary.id);
      const written = file.tail;
      this.settling.set(summary.id, written);
      void written.finally(() => { if (this.settling.get(summary.id) === written) this.settling.delete(summary.id); });
      const dir = this.options.dirOf(summary);
      const done = file.tail.then(() => (dir ? this.trim(dir) : 0)).then(() => undefined, () => undefined);
      this.track(done);
    }
  }

  private append(file: OpenFile, line: JournalLine): void {
    const text = journalLineText(line);
    // The same summary twice in a row (a notification that changed nothing on disk) is written once.
    if (line.t === 'op') {
      if (text === file.lastSummary) return;
      file.lastSummary = text;
    }
    file.pending.push(`${text}\n`);
    if (file.pending.length > 1) return;
    // Lines produced in the same tick go out in one append.
    const write = file.tail.then(async () => {
      const chunk = file.pending.splice(0).join('');
      if (!chunk) return;
      try {
        await appendFile(file.path, chunk, 'utf8');
      } catch (error) {
        this.log(`journal: cannot write ${file.path}: ${String(error)}`);
      }
    });
    file.tail = write;
    this.track(write);
  }

  private track(write: Promise<void>): void {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  private async filesOf(dir: string): Promise<{ name: string; createdAt: number }[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    return names
      .map((name) => ({ name, createdAt: createdAtOfFile(name) }))
      .filter((f): f is { name: string; createdAt: number } => f.createdAt !== undefined)
      .sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1));
  }

  /** Newest first: the first maxOperations within maxAgeDays are kept; running operations always are. */
  private split(files: { name: string; createdAt: number }[]): { keep: typeof files; drop: typeof files } {
    const { maxOperations, maxAgeDays } = this.retention();
    const oldest = maxAgeDays > 0 ? this.now() - maxAgeDays * DAY_MS : -Infinity;
    const running = new Set([...this.open.values()].map((f) => basename(f.path)));
    const keep: typeof files = [];
    const drop: typeof files = [];
    for (const f of files) {
      if (running.has(f.name) || (keep.length < maxOperations && f.createdAt >= oldest)) keep.push(f);
      else drop.push(f);
    }
    return { keep, drop };
  }
}
