/**
 * Hands on the latest of a stream of values at most once every `intervalMs`: the first at once,
 * then whatever is newest when the interval is up. A progress notification fed by an agent's
 * events gets a few updates a second instead of one per event (10,000 a second from a busy
 * agent, each a message to the window that redraws the notification).
 */
export class LatestOnly<T> {
  private last = -Infinity;
  private pending?: { value: T };
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly deliver: (value: T) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => Date.now(),
  ) {}

  push(value: T): void {
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0 && this.timer === undefined) {
      this.send(value);
      return;
    }
    this.pending = { value };
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const pending = this.pending;
      this.pending = undefined;
      if (pending) this.send(pending.value);
    }, Math.max(0, wait));
  }

  /** Drops what waits. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private send(value: T): void {
    this.last = this.now();
    this.deliver(value);
  }
}
