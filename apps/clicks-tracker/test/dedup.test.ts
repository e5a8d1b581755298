// The dedup window and the enricher's order of operations on the machine's Redis (no broker:
// `publish` is the enricher's narrow dependency, here a function that records or fails).
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { Interaction } from '@tessera/contracts/schemas/interaction';
import { exampleInteraction } from '@tessera/contracts/examples';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { createDedupWindow } from '../src/enricher/dedup.js';
import { createInteractionEnricher } from '../src/enricher/enrich-interactions.js';
import { createEnricherMetrics } from '../src/enricher/metrics.js';
import { cleanRedis, eventId, testRedis, uid } from './support.js';

const redis = testRedis();
const id = uid();
const HOUR = 3_600_000;

afterAll(async () => {
  await cleanRedis(redis, id);
  redis.disconnect();
});

describe('dedup window', () => {
  it('remembers an eventId for the configured window only, per user, with the catalogue key and TTL', async () => {
    const now = Date.now();
    const dedup = createDedupWindow(redis, { windowMs: HOUR, now: () => now });
    const user = `${id}-w`;
    const e = eventId();
    await dedup.mark([{ userId: user, eventId: e, receivedAt: now }]);
    expect(await dedup.seen([
      { userId: user, eventId: e, receivedAt: now + HOUR - 1 },     // a retry inside the window
      { userId: user, eventId: e, receivedAt: now + HOUR + 1 },     // the same id after the window
      { userId: `${id}-other`, eventId: e, receivedAt: now + 1 },  // another user's event
      { userId: user, eventId: eventId(), receivedAt: now + 1 },    // a new event
    ])).toEqual([true, false, false, false]);
    const ttl = await redis.pttl(redisKeys.userInteractionDedup(user));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(HOUR);
  });

  it('trims ids older than the window when marking', async () => {
    const user = `${id}-t`;
    const old = eventId();
    let now = Date.now();
    const dedup = createDedupWindow(redis, { windowMs: 10_000, now: () => now });
    await dedup.mark([{ userId: user, eventId: old, receivedAt: now }]);
    now += 20_000;
    await dedup.mark([{ userId: user, eventId: eventId(), receivedAt: now }]);
    expect(await redis.zscore(redisKeys.userInteractionDedup(user), old)).toBeNull();
  });
});

describe('enricher order of operations', () => {
  it('does not drop events whose publish failed: the replay emits them, a later retry is dropped', async () => {
    const user = `${id}-crash`;
    const events: Interaction[] = [exampleInteraction({ userId: user, eventId: eventId(), receivedAt: Date.now() })];
    const published: EnrichedInteraction[] = [];
    let failNext = true;
    const enrich = createInteractionEnricher({
      lookupUser: async () => null,
      dedup: createDedupWindow(redis, { windowMs: HOUR }),
      metrics: createEnricherMetrics(createMetricsRegistry({ app: 'dedup-test' })),
      publish: async (batch) => {
        if (failNext) { failNext = false; throw new Error('broker went away'); }
        published.push(...batch);
      },
    });
    await expect(enrich(events)).rejects.toThrow('broker went away');
    await enrich(events);   // the consumer runner's retry / a replay after a crash
    await enrich(events);   // a later duplicate
    expect(published.map((e) => e.eventId)).toEqual([events[0]!.eventId]);
  });
});
