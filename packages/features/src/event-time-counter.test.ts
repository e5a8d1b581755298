import { describe, expect, it } from 'vitest';
import { EventTimeCounter } from './event-time-counter.js';
import { LIVE_FEATURES } from './feature-set.js';
import { bucketStart, windowBuckets } from './popularity.js';

describe('EventTimeCounter', () => {
  it('counts exactly the events of the whole buckets a bucketed store would sum, up to now', () => {
    const counter = new EventTimeCounter(LIVE_FEATURES.windows);
    const t0 = Date.UTC(2026, 10, 1, 12);
    const times: number[] = [];
    for (let i = 0; i < 500; i += 1) times.push(t0 + ((i * 7919) % 7_200_000));
    for (const t of times) counter.engagement('a', t); // out of order on purpose
    for (const now of [t0 + 30_000, t0 + 3_600_000 + 123, t0 + 7_199_999]) {
      const counts = counter.counts('a', now);
      LIVE_FEATURES.windows.forEach((w, i) => {
        const buckets = new Set(windowBuckets(now, w));
        const expected = times.filter((t) => t <= now && buckets.has(bucketStart(t, w.bucketMs))).length;
        expect(counts.engagements[i]).toBe(expected);
      });
      expect(counts.total).toBe(times.filter((t) => t <= now).length);
      expect(counts.lastAt).toBe(Math.max(...times.filter((t) => t <= now)));
    }
    expect(counter.counts('unknown', t0)).toMatchObject({ total: 0, engagements: [0, 0, 0] });
  });
});
