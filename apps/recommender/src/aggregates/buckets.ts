// Windowed aggregates, the pure part: which event-time buckets an interaction lands in, what it
// adds there, and whether it is too late. Buckets come in the three granularities of the live
// feature set's windows (10 s for the last minute, 1 min for 5 minutes, 5 min for the hour), so
// the features read exactly the buckets the aggregates write.
// Event time and lateness are the feature set's (packages/features popularity.ts): occurredAt
// clamped to receivedAt, and an event delayed beyond the grace period is left out (and counted in
// a metric); within it, it lands in its own bucket, even one a window has already moved past.
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

/** A bucket an event lands in: granularity and start. */
export interface BucketRef {
  readonly granularity: BucketGranularity;
  readonly start: number;
}

export function bucketsOf(at: number): BucketRef[] {
  return GRANULARITIES.map((g) => ({ granularity: g.name, start: bucketStart(at, g.ms) }));
}
