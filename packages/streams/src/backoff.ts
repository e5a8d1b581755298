// Retry delays for transient failures: exponential from `initialMs`, capped at `maxMs`, with full
// jitter so a fleet of consumers that lost Redis together does not reconnect in lockstep. Pure,
// so tests check it without waiting.

export interface BackoffPolicy {
  /** First delay (default 100 ms). */
  initialMs: number;
  /** Ceiling (default 30 s): a consumer waiting for Redis retries at least this often. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 30_000 };

/** Delay before attempt `attempt + 1`, after `attempt` (≥ 1) failures; `random` in [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number = Math.random()): number {
  const exp = policy.initialMs * 2 ** Math.min(attempt - 1, 30);
  const ceiling = Math.min(policy.maxMs, exp);
  // Half fixed, half jitter: never zero, never above the ceiling.
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
