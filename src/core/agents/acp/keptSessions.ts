/** How long an agent process waits for the next refine turn of its session before it is ended. */
export const KEPT_IDLE_MS = 10 * 60_000;
/** At most this many agent processes wait at once; a new one ends the one that waited longest. */
export const KEPT_MAX = 4;

/** A live agent connection with an open session, between two turns. */
export interface KeptLink {
  /** Ends the agent's process tree; resolves once it exited. */
  stop(): Promise<void>;
  /** Resolves when the agent process exits on its own. */
  readonly exited: Promise<unknown>;
  setIdle(idle: boolean): void;
}

interface Entry<L extends KeptLink> {
  link: L;
  signature: string;
  timer: NodeJS.Timeout;
}

/**
 * Agent processes kept after a turn that went well, so the next refine turn of the same session
 * sends `session/prompt` to the agent that still holds the whole conversation, instead of starting
 * a new process and asking it to load the session (or, for an agent that cannot, a new session).
 * Bounded in time (KEPT_IDLE_MS idle) and count (KEPT_MAX); ended by dispose() (host shutdown).
 * A taken link belongs to its turn: the turn keeps it again or stops it.
 */
export class KeptAcpSessions<L extends KeptLink = KeptLink> {
  private readonly entries = new Map<string, Entry<L>>();
  private disposed = false;

  constructor(private readonly idleMs = KEPT_IDLE_MS, private readonly max = KEPT_MAX) {}

  /** Whether this agent's session still has a live process waiting (a refine turn can continue it). */
  has(agentId: string, sessionId: string): boolean {
    return this.entries.has(key(agentId, sessionId));
  }

  /** `signature` is how the process was started (command, arguments, folder, environment). */
  keep(agentId: string, sessionId: string, signature: string, link: L): void {
    if (this.disposed) {
      void link.stop();
      return;
    }
    const k = key(agentId, sessionId);
    this.drop(k);
    while (this.entries.size >= this.max) this.drop(this.entries.keys().next().value as string);
    link.setIdle(true);
    const timer = setTimeout(() => this.drop(k), this.idleMs);
    timer.unref();
    const entry = { link, signature, timer };
    this.entries.set(k, entry);
    // An agent that exits while it waits is simply gone: the next turn loads the session instead.
    void link.exited.then(() => {
      if (this.entries.get(k) !== entry) return;
      clearTimeout(timer);
      this.entries.delete(k);
    });
  }

  /** The waiting process of this session, if it was started the same way; removed from the pool. */
  take(agentId: string, sessionId: string, signature: string): L | undefined {
    const k = key(agentId, sessionId);
    const entry = this.entries.get(k);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.entries.delete(k);
    if (entry.signature !== signature) {
      void entry.link.stop();
      return undefined;
    }
    entry.link.setIdle(false);
    return entry.link;
  }

  /** Ends every waiting process; later keeps stop theirs at once. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const links = [...this.entries.values()];
    for (const entry of links) clearTimeout(entry.timer);
    this.entries.clear();
    await Promise.all(links.map((entry) => entry.link.stop().catch(() => undefined)));
  }

  private drop(k: string): void {
    const entry = this.entries.get(k);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.entries.delete(k);
    void entry.link.stop().catch(() => undefined);
  }
}

const key = (agentId: string, sessionId: string): string => `${agentId}\u0000${sessionId}`;
