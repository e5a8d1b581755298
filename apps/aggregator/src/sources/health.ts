// Per-source health and backoff: what an operator sees for each feed (last success, last error
// with its reason) and when the next poll is due. Pure functions over a plain record, so the
// schedule is tested without clocks or timers.
import type { AggregatorError } from '../errors.js';
import type { FeedSource } from './config-schema.js';

export interface SourceHealth {
  readonly sourceId: string;
  readonly url: string;
  /** False from the first failed poll until the next successful one. */
  readonly healthy: boolean;
  readonly lastPollAt?: number;
  readonly lastSuccessAt?: number;
  readonly lastError?: { readonly code: string; readonly message: string; readonly at: number };
  readonly consecutiveFailures: number;
  readonly nextPollAt: number;
  /** Items in the last fetched body (not the number published: unchanged ones are skipped). */
  readonly lastItemCount?: number;
}

export function initialHealth(source: FeedSource, now: number): SourceHealth {
  return { sourceId: source.id, url: source.url, healthy: true, consecutiveFailures: 0, nextPollAt: now };
}

export function recordSuccess(h: SourceHealth, source: FeedSource, now: number, itemCount?: number): SourceHealth {
  // lastError stays: "failed at 03:10 with X, fine since 03:20" is what an operator wants to see.
  return {
    ...h,
    healthy: true,
    lastPollAt: now,
    lastSuccessAt: now,
    consecutiveFailures: 0,
    nextPollAt: now + source.pollIntervalMs,
    ...(itemCount === undefined ? {} : { lastItemCount: itemCount }),
  };
}

export function recordFailure(h: SourceHealth, source: FeedSource, error: AggregatorError, now: number, random: number): SourceHealth {
  const failures = h.consecutiveFailures + 1;
  return {
    ...h,
    healthy: false,
    lastPollAt: now,
    lastError: { code: error.code, message: error.message, at: now },
    consecutiveFailures: failures,
    nextPollAt: now + backoffDelay(source, failures, random),
  };
}

/**
 * Exponential backoff from the poll interval, capped, with jitter in [50 %, 100 %] so sources
 * that failed together (a shared CDN outage) do not retry in lockstep. `random` is in [0, 1).
 */
export function backoffDelay(source: FeedSource, failures: number, random: number): number {
  const exponential = source.pollIntervalMs * 2 ** Math.min(failures, 20);
  const capped = Math.min(source.maxBackoffMs, exponential);
  return Math.round(capped * (0.5 + random / 2));
}
