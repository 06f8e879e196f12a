/**
 * Keeps the edit mode's textarea and the host's TextDocument in step. The host is the truth; the
 * page sends one edit at a time (the whole text plus the version it was typed on), and the host
 * applies the difference only if the document is still at that version. Changes made elsewhere
 * (an agent writing the file, undo, a text editor beside) arrive as new host texts: adopted when
 * the user has nothing unsent, merged with the unsent typing when the two touch different places,
 * and otherwise adopted with a notice. Pure (no DOM), so it is unit-tested.
 */

export interface HostText {
  text: string;
  version: number;
}

export interface EditRequest {
  requestId: string;
  baseVersion: number;
  text: string;
}

export interface EditResult {
  requestId: string;
  ok: boolean;
  error?: string;
  version?: number;
}

export interface EditSyncOptions {
  send: (edit: EditRequest) => void;
  /** The textarea must now show this text (a change from outside was taken in). */
  show: (text: string) => void;
  notify: (notice: string) => void;
  newId: () => string;
}

export class EditSync {
  private base: HostText;
  private local: string;
  private inFlight?: { requestId: string; text: string };
  private latest?: HostText;

  constructor(initial: HostText, private readonly options: EditSyncOptions) {
    this.base = { ...initial };
    this.local = initial.text;
  }

  /** What the textarea holds. */
  get text(): string {
    return this.local;
  }

  /** Typing not yet confirmed by the host. */
  get pending(): boolean {
    return this.inFlight !== undefined || this.local !== this.base.text;
  }

  input(text: string): void {
    this.local = text;
  }

  /** Sends the unsent typing, unless an edit is already on its way (its result sends the rest). */
  flush(): void {
    if (this.inFlight || this.local === this.base.text) return;
    this.inFlight = { requestId: this.options.newId(), text: this.local };
    this.options.send({ requestId: this.inFlight.requestId, baseVersion: this.base.version, text: this.local });
  }

  hostDocument(doc: HostText): void {
    if (this.latest && doc.version < this.latest.version) return;
    this.latest = { ...doc };
    // While an edit is on its way the host's answer decides what this text is (our echo or not).
    if (!this.inFlight) this.reconcile();
  }

  result(result: EditResult): void {
    if (!this.inFlight || result.requestId !== this.inFlight.requestId) return;
    const sent = this.inFlight;
    this.inFlight = undefined;
    if (result.ok && result.version !== undefined) this.base = { text: sent.text, version: result.version };
    else if (!result.ok) this.options.notify(result.error ?? 'The edit was not applied.');
    this.reconcile();
    this.flush();
  }

  private reconcile(): void {
    const host = this.latest;
    if (!host || host.version < this.base.version) return;
    if (host.text === this.base.text) {
      this.base = { ...host };
      return;
    }
    const merged = this.local === this.base.text ? host.text : mergeEdits(this.base.text, this.local, host.text);
    if (merged === undefined) {
      this.options.notify('The document changed outside this editor where you were typing; it now shows that version (your unsent typing was dropped).');
    }
    this.base = { ...host };
    this.local = merged ?? host.text;
    this.options.show(this.local);
  }
}

interface Change {
  start: number;
  end: number;
  text: string;
}

function changeBetween(before: string, after: string): Change | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
}

/** Both changes to `base` applied, when they touch different places; undefined when they overlap. */
export function mergeEdits(base: string, mine: string, theirs: string): string | undefined {
  const a = changeBetween(base, mine);
  const b = changeBetween(base, theirs);
  if (!a) return theirs;
  if (!b) return mine;
  const [first, second] = a.start <= b.start ? [a, b] : [b, a];
  if (first.end > second.start || (first.end === second.start && first.start === second.start)) return undefined;
  return base.slice(0, first.start) + first.text + base.slice(first.end, second.start) + second.text + base.slice(second.end);
}
