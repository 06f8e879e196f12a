export interface TokenBucketOptions {
  /** Messages that may arrive in one burst. */
  capacity: number;
  /** Messages per second the bucket refills at (the sustained rate). */
  refillPerSecond: number;
  now?: () => number;
}

/** A per-connection rate limit: each message takes one token; none left means the client is flooding. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? Date.now;
    this.tokens = options.capacity;
    this.last = this.now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const now = this.now();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.options.capacity, this.tokens + elapsed * this.options.refillPerSecond);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
