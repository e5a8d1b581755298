// The enrichers' step (createEnrichStep) on the machine's Redis, no broker: `publish` is the
// step's narrow dependency, here a function that records or fails. The order of operations must
// not drop an event whose publish failed; the window itself is tested in packages/event-dedup.
import { exampleInteraction, exampleUserProfile } from '@tessera/contracts/examples';
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Interaction } from '@tessera/contracts/schemas/interaction';
import { createDedupWindow } from '@tessera/event-dedup/window';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { cleanRedis, eventId, testRedis, uid } from '@tessera/streams/testing';
import { Counter } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnrichStep } from '../src/join.js';
import type { Joined } from '../src/join.js';

const redis = testRedis();
const id = uid();
const HOUR = 3_600_000;

afterAll(async () => {
  await cleanRedis(redis, id);
  redis.disconnect();
});

function counters() {
  const registry = createMetricsRegistry({ app: 'enrich-step-test' });
  return {
    registry,
    metrics: {
      duplicates: new Counter({ name: 'dups_total', help: 'x', registers: [registry] }),
      enriched: new Counter({ name: 'enriched_total', help: 'x', labelNames: ['user'] as const, registers: [registry] }),
    },
  };
}

describe('enrich step', () => {
  it('does not drop events whose publish failed: the replay emits them, a later retry is dropped', async () => {
    const user = `${id}-crash`;
    const events: Interaction[] = [exampleInteraction({ userId: user, eventId: eventId(), receivedAt: Date.now() })];
    const published: Joined<Interaction>[] = [];
    let failNext = true;
    const enrich = createEnrichStep<Interaction>({
      lookupUser: async () => null,
      dedup: createDedupWindow(redis, { windowMs: HOUR, keyFor: redisKeys.userInteractionDedup }),
      metrics: counters().metrics,
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

  it('joins each user once, strips the profile envelope, runs afterPublish with what was published, and counts found/missing', async () => {
    const known = `${id}-known`;
    const lookups: string[] = [];
    const profile = exampleUserProfile({ userId: known, languages: ['de'], country: 'DE' });
    const { registry, metrics } = counters();
    const after: Joined<Interaction>[] = [];
    const enrich = createEnrichStep<Interaction>({
      lookupUser: async (userId) => { lookups.push(userId); return userId === known ? profile : null; },
      dedup: createDedupWindow(redis, { windowMs: HOUR, keyFor: redisKeys.userInteractionDedup }),
      metrics,
      publish: async () => {},
      afterPublish: async (batch) => { after.push(...batch); },
      now: () => 1234,
    });
    const mk = (userId: string) => exampleInteraction({ userId, eventId: eventId(), receivedAt: Date.now() });
    await enrich([mk(known), mk(known), mk(`${id}-stranger`)]);
    expect(lookups.sort()).toEqual([known, `${id}-stranger`].sort());
    expect(after).toHaveLength(3);
    expect(after[0]).toMatchObject({ userId: known, enrichedAt: 1234, user: { languages: ['de'], country: 'DE' } });
    expect(after[0]!.user).not.toHaveProperty('eventId');
    expect(after[2]).not.toHaveProperty('user');
    const text = await registry.metrics();
    expect(text).toMatch(/enriched_total\{user="found",app="enrich-step-test"\} 2/);
    expect(text).toMatch(/enriched_total\{user="missing",app="enrich-step-test"\} 1/);
  });
});
