/**
 * Runs notifications one at a time, in the order they were raised. A listener that publishes
 * or subscribes while being notified would otherwise have its own notifications delivered in the
 * middle of the current round, so other listeners would see events out of order.
 * A throwing callback is reported and skipped; it never stops the queue.
 */
export class DeliveryQueue {
  private readonly pending: Array<() => void> = [];
  private draining = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  run(task: () => void): void {
    this.pending.push(task);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        try {
          next();
        } catch (error) {
          this.report(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private report(error: unknown): void {
    try { this.onError(error); } catch { /* a broken logger must not break delivery either */ }
  }
}
