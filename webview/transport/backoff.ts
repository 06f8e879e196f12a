export interface BackoffOptions {
  /** Delay before the first reconnect attempt. */
  initialMs: number;
  /** Each further attempt waits this many times longer… */
  factor: number;
  /** …up to this. */
  maxMs: number;
  /** ± this fraction of the delay, at random, so many tabs do not reconnect in lockstep. */
  jitter: number;
  /** Attempts before giving up (the user can Retry). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, factor: 1.5, maxMs: 30_000, jitter: 0.2, maxAttempts: 10 };

/** The wait before reconnect attempt `attempt` (1-based): 1 s, 1.5 s, 2.25 s, … capped, with bounded jitter. */
export function reconnectDelay(attempt: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt - 1));
  const spread = 1 - options.jitter + 2 * options.jitter * Math.min(1, Math.max(0, random()));
  return Math.round(Math.min(options.maxMs, base * spread));
}
