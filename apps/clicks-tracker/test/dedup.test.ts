// The enricher's order of operations on the machine's Redis (no broker: `publish` is the
// enricher's narrow dependency, here a function that records or fails). The window itself is
// tested in packages/event-dedup.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { Interaction } from '@tessera/contracts/schemas/interaction';
import { exampleInteraction } from '@tessera/contracts/examples';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { createDedupWindow } from '@tessera/event-dedup/window';
import { createInteractionEnricher } from '../src/enricher/enrich-interactions.js';
import { createEnricherMetrics } from '../src/enricher/metrics.js';
import { cleanRedis, testRedis, uid } from '@tessera/streams/testing';
import { eventId } from './support.js';

const redis = testRedis();
const id = uid();
const HOUR = 3_600_000;

afterAll(async () => {
  await cleanRedis(redis, id);
  redis.disconnect();
});

describe('enricher order of operations', () => {
  it('does not drop events whose publish failed: the replay emits them, a later retry is dropped', async () => {
    const user = `${id}-crash`;
    const events: Interaction[] = [exampleInteraction({ userId: user, eventId: eventId(), receivedAt: Date.now() })];
    const published: EnrichedInteraction[] = [];
    let failNext = true;
    const enrich = createInteractionEnricher({
      lookupUser: async () => null,
      dedup: createDedupWindow(redis, { windowMs: HOUR, keyFor: redisKeys.userInteractionDedup }),
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
