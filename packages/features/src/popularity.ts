// Popularity as features read it: per item, engagements (click, watch, like, share) in the feature
// set's short, mid and long windows, impressions in the mid and long windows, and all engagements so far.
// Windows are whole event-time buckets ending with the bucket that holds `now`, so the recommender
// (summing Redis buckets) and the trainer (counting archived events) agree on every edge.
import type { CountWindow } from './feature-set.js';

export interface ItemCounts {
  readonly engagements: readonly [number, number, number];
  readonly impressionsMid: number;
  readonly impressionsLong: number;
  readonly total: number;
  /** First and latest engagement time at or before now; undefined when none. */
  readonly firstAt?: number | undefined;
  readonly lastAt?: number | undefined;
}

export const NO_COUNTS: ItemCounts = { engagements: [0, 0, 0], impressionsMid: 0, impressionsLong: 0, total: 0 };

export function bucketStart(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

/** [from, to): the event times a window covers at `now`. */
export function windowRange(now: number, window: CountWindow): { from: number; to: number } {
  const to = bucketStart(now, window.bucketMs) + window.bucketMs;
  return { from: to - window.ms, to };
}

/** The bucket starts a window covers at `now`, oldest first (what a bucketed store sums). */
export function windowBuckets(now: number, window: CountWindow): number[] {
  const { from, to } = windowRange(now, window);
  const out: number[] = [];
  for (let b = from; b < to; b += window.bucketMs) out.push(b);
  return out;
}

export type CountsOf = (contentId: string) => ItemCounts;

/**
 * The event time counts use: the device's occurredAt, clamped to the server's receivedAt (a device
 * clock ahead of the server must not put an event in a future bucket).
 */
export function eventTime(occurredAt: number, receivedAt: number): number {
  return Math.min(occurredAt, receivedAt);
}

/**
 * Whether an event counts in the popularity windows: its own delay (receivedAt − event time, e.g.
 * a phone that was offline) is within the feature set's grace period. Decided by the event
 * alone, so every replay decides the same.
 */
export function withinGrace(at: number, receivedAt: number, graceMs: number): boolean {
  return receivedAt - at <= graceMs;
}
