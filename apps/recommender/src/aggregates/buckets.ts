// Windowed aggregates, the pure part: which event-time buckets an interaction lands in, what it
// adds there, and whether it is too late. Buckets come in the three granularities of the live
// feature set's windows (10 s for the last minute, 1 min for 5 minutes, 5 min for the hour), so
// the features read exactly the buckets the aggregates write.
// Event time is the device's occurredAt, clamped to the server's receivedAt (a device clock ahead
// of the server must not put an event in a future bucket). Lateness is the event's own delay,
// receivedAt − event time (a phone that was offline uploads its events late): within the grace
// period an event lands in its own bucket, even one that a window has already moved past; beyond
// it, it is counted in a metric and left out. The decision depends on the event alone, so a
// replay after a crash decides exactly as the first run did.
import type { BucketGranularity } from '@tessera/contracts/redis/key-catalogue';
import type { InteractionType } from '@tessera/contracts/schemas/interaction';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import { bucketStart } from '@tessera/features/popularity';

export const GRANULARITIES: readonly { readonly name: BucketGranularity; readonly ms: number }[] = [
  { name: '10s', ms: LIVE_FEATURES.windows[0].bucketMs },
  { name: '1m', ms: LIVE_FEATURES.windows[1].bucketMs },
  { name: '5m', ms: LIVE_FEATURES.windows[2].bucketMs },
];

export type Metric = 'impression' | 'engagement' | 'click' | 'watch' | 'like' | 'share' | 'dismiss';

/** The counters one interaction increments (an engagement also counts under its own type). */
export function metricsOf(type: InteractionType): Metric[] {
  switch (type) {
    case 'impression': return ['impression'];
    case 'click': case 'watch': case 'like': case 'share': return [type, 'engagement'];
    case 'dismiss': return ['dismiss'];
    case 'scroll': return [];
  }
}

export function eventTime(occurredAt: number, receivedAt: number): number {
  return Math.min(occurredAt, receivedAt);
}

/** A bucket an event lands in: granularity and start. */
export interface BucketRef {
  readonly granularity: BucketGranularity;
  readonly start: number;
}

export function bucketsOf(at: number): BucketRef[] {
  return GRANULARITIES.map((g) => ({ granularity: g.name, start: bucketStart(at, g.ms) }));
}

/** Whether an event counts in the aggregates: its delay is within the grace period. */
export function withinGrace(at: number, receivedAt: number, graceMs: number): boolean {
  return receivedAt - at <= graceMs;
}
