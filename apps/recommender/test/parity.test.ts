// Train/serve parity: the same events, fed once to the trainer's replay (in memory, as training
// rows are built from the archive) and once through Kafka to the recommender (Redis state, Redis
// window buckets, the released co-visitation snapshot, the users table), give identical feature
// rows for every user and item.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { UserAttributes } from '@tessera/contracts/schemas/user-profile';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import { itemFromContent } from '@tessera/features/item';
import { eventTime } from '@tessera/features/popularity';
import { generateCatalogue } from '@tessera/population/catalogue';
import { simulateImpressions } from '@tessera/population/impressions';
import { generateUsers } from '@tessera/population/users';
import { eventually } from '@tessera/streams/testing';
import { ReplayState } from '@tessera/trainer/data/replay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from './bundle.js';
import { putProfile, startHarness } from './support.js';
import type { Harness } from './support.js';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('train/serve parity', () => {
  it('gives identical feature rows in the trainer and the recommender from the same events', async () => {
    const now = Date.now();
    const start = now - 40 * 60_000;
    const catalogue = generateCatalogue({ items: 40, seed: 11, startMs: start - 3_600_000, spanMs: 3_600_000 });
    // Scope the ids so the shared Redis holds nothing of another run.
    const items = catalogue.map((c) => ({ ...c, item: { ...c.item, contentId: `${h.id}-${c.item.contentId}`, storyId: `${h.id}-${c.item.storyId}` } }));
    const users = generateUsers({ users: 6, seed: 11, createdAtMs: start - 86_400_000 })
      .map((u) => ({ ...u, userId: `${h.id}-${u.userId}` }));
    const log = simulateImpressions({ users, catalogue: items, impressions: 400, startMs: start, spanMs: 35 * 60_000, seed: 11, anyLanguage: 0.5 });

    // Trainer side: replay in event-time order, snapshot the index as a release would.
    const itemIds = items.map((c) => c.item.contentId);
    const itemIndex = new Map(itemIds.map((id, i) => [id, i]));
    const userIndex = new Map(users.map((u, i) => [u.userId, i]));
    const attributes: (UserAttributes | undefined)[] = users.map((u) => u.profile);
    const replay = new ReplayState(LIVE_FEATURES, { userAttributes: attributes, items: items.map((c) => itemFromContent(c.item)) });
    for (const e of log.events) {
      replay.apply({ at: eventTime(e.occurredAt, e.receivedAt), receivedAt: e.receivedAt, user: userIndex.get(e.userId)!, item: itemIndex.get(e.contentId)!, type: e.type });
    }

    // Recommender side: the same content, profiles, events and index, through Kafka and Redis.
    await h.producer.send('content.v1', items.map((c) => c.item));
    for (const u of users) await putProfile(h, u.userId, u.profile);
    await h.producer.send('models.v1', [await publishBundle(h.store, 'parity', { covis: replay.covis.snapshot(1000) })]);
    await eventually(() => h.recommender.model.current()?.version === 'parity' || undefined, 'the bundle loaded');
    await eventually(async () => ((await h.redis.exists(redisKeys.contentItem(itemIds.at(-1)!))) === 1 ? true : undefined), 'content table');
    await h.producer.send('interactions.enriched.v1', log.events);
    const impressions = log.events.filter((e) => e.type === 'impression');
    await eventually(async () => {
      let total = 0;
      for (const id of itemIds) total += Number((await h.redis.hget(redisKeys.contentTotals(id), 'impression')) ?? 0);
      return total === impressions.length ? true : undefined;
    }, 'every impression counted', 60_000);
    await eventually(async () => {
      const states = await Promise.all(users.map((u) => h.redis.hget(redisKeys.userState(u.userId), 'state')));
      const applied = states.reduce((n, s) => n + (s ? (JSON.parse(s) as { engagements: number }).engagements : 0), 0);
      const expected = log.events.filter((e) => ['click', 'watch', 'like', 'share'].includes(e.type)).length;
      return applied === expected ? true : undefined;
    }, 'every engagement applied to the user states', 180_000);

    const at = now + 1_000;
    let compared = 0;
    const nonZero = new Set<string>();
    for (const u of users) {
      const served = await h.recommender.featureRows(u.userId, itemIds, at);
      expect(served.contentIds).toEqual(itemIds);
      const trained = replay.rows(userIndex.get(u.userId)!, items.map((c) => itemFromContent(c.item)), at);
      expect(Array.from(served.rows.dense)).toEqual(Array.from(trained.dense));
      expect(Array.from(served.rows.cats)).toEqual(Array.from(trained.cats));
      compared += served.rows.rows;
      LIVE_FEATURES.dense.forEach((f, i) => {
        for (let r = 0; r < served.rows.rows; r += 1) if (served.rows.dense[r * LIVE_FEATURES.dense.length + i] !== 0) nonZero.add(f.name);
      });
    }
    expect(compared).toBe(users.length * itemIds.length);
    // The comparison covers the state-dependent columns, not just zeros.
    for (const name of ['covis_recent', 'covis_last', 'affinity_max', 'affinity_source', 'pop_long', 'pop_total', 'ctr_long', 'item_idle', 'user_activity', 'seen']) {
      expect(nonZero, name).toContain(name);
    }
  }, 300_000);
});
