// The recommender on real connections (embedded broker over TCP, the machine's Redis): what users
// get, when, and what never happens (no feed for inactive users, nothing taken down on a feed,
// nobody's events changing another user's feed).
import { redisKeys } from '@tessera/contracts/redis/keys';
import { segmentId } from '@tessera/contracts/redis/segment';
import { eventually } from '@tessera/streams/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributes, beacon, interaction, item, metric, putProfile, startHarness } from './support.js';
import type { Harness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ feed: { size: 5, perCategory: 3, explorationSlot: 1, modelPercent: 100, maxCandidates: 300, activeWindowMs: 30 * 60_000 } });
  const items = [
    ...Array.from({ length: 8 }, (_, i) => item(h, i, { categories: ['science'] })),
    ...Array.from({ length: 8 }, (_, i) => item(h, 100 + i, { categories: ['football'] })),
    ...Array.from({ length: 6 }, (_, i) => item(h, 200 + i, { categories: ['football'], languages: [h.languages.other] })),
    item(h, 300, { categories: ['science'], regions: ['US'] }),
  ];
  await h.producer.send('content.v1', items);
  await eventually(async () => ((await h.redis.exists(redisKeys.contentItem(`${h.id}-c300`))) === 1 ? true : undefined), 'content table');
});
afterAll(async () => { await h?.close(); });

const user = (name: string) => `${h.id}-${name}`;

describe('feeds', () => {
  it('gives a new user with only a profile a feed in their language, from their interests and fresh items', async () => {
    const u = user('cold');
    const attrs = attributes(h, { languages: [h.languages.other], country: 'DE', interests: ['football'] });
    await putProfile(h, u, attrs);
    await beacon(h, u, attrs);
    const feed = await eventually(() => h.feedsOf(u)[0], 'a feed for the new user');
    expect(feed.trigger).toBe('beacon');
    expect(feed.cards.length).toBeGreaterThan(0);
    for (const card of feed.cards) {
      expect(card.content.languages).toContain(h.languages.other);
      expect(card.reasons.some((r) => r === 'interests' || r === 'fresh')).toBe(true);
    }
    expect(feed.cards.map((c) => c.position)).toEqual(feed.cards.map((_, i) => i));
    expect(await h.redis.get(redisKeys.userFeed(u))).toBe(JSON.stringify(feed));
    // One exploration card in slot 1, drawn from the eligible candidates that did not make the
    // feed otherwise (6 items in the other language, 5 cards: one left), with its propensity logged.
    const explored = feed.cards.filter((c) => c.reasons.includes('exploration'));
    expect(explored.map((c) => c.position)).toEqual([1]);
    expect(explored[0]!.propensity).toBe(1);
  });

  it('answers an interaction with a new feed that reflects it: shown cards go, a dismissed story never comes back, the clicked category rises', async () => {
    const u = user('active');
    const attrs = attributes(h);
    await putProfile(h, u, attrs);
    await beacon(h, u, attrs);
    const first = await eventually(() => h.feedsOf(u)[0], 'first feed');
    const shown = first.cards[0]!.contentId;
    const dismissed = first.cards[1]!.contentId;
    const football = `${h.id}-c101`;
    await h.producer.send('interactions.enriched.v1', [
      interaction(u, shown, 'impression', attrs),
      interaction(u, dismissed, 'dismiss', attrs),
      interaction(u, football, 'click', attrs),
      interaction(u, `${h.id}-c102`, 'like', attrs),
    ]);
    const next = await eventually(() => h.feedsOf(u).find((f) => f.trigger === 'interaction'), 'a feed after the interactions');
    const ids = next.cards.map((c) => c.contentId);
    expect(ids).not.toContain(shown);
    expect(ids).not.toContain(dismissed);
    expect(next.triggeredAt).toBeGreaterThan(0);
    expect(next.triggerEventId).toBeDefined();
    const state = JSON.parse((await h.redis.hget(redisKeys.userState(u), 'state'))!) as { categories: Record<string, number>; hidden: Record<string, number> };
    expect(state.categories.football).toBeGreaterThan(0);
    expect(Object.keys(state.hidden)).toContain(dismissed);
    // Never a card for another region or another language.
    for (const f of h.feedsOf(u)) for (const c of f.cards) {
      expect(c.contentId).not.toBe(`${h.id}-c300`);
      expect(c.content.languages).toContain(h.languages.main);
    }
  });

  it('computes nothing for a user without a recent beacon, while their events still count in the windows', async () => {
    const u = user('inactive');
    const attrs = attributes(h);
    await putProfile(h, u, attrs);
    const before = await metric(h.registry, 'tessera_recommender_feeds_skipped_total', { reason: 'inactive' });
    const target = `${h.id}-c103`;
    await h.producer.send('interactions.enriched.v1', [interaction(u, target, 'click', attrs)]);
    await eventually(async () => ((await metric(h.registry, 'tessera_recommender_feeds_skipped_total', { reason: 'inactive' })) > before ? true : undefined), 'the skipped computation');
    expect(h.feedsOf(u)).toEqual([]);
    expect(await h.redis.exists(redisKeys.userFeed(u))).toBe(0);
    expect(Number(await h.redis.hget(redisKeys.contentTotals(target), 'engagement'))).toBeGreaterThanOrEqual(1);
  });

  it('keeps one user\'s events out of another user\'s feed except through the shared windows', async () => {
    const a = user('a');
    const b = user('b');
    const attrs = attributes(h);
    for (const u of [a, b]) {
      await putProfile(h, u, attrs);
      await beacon(h, u, attrs);
      await eventually(() => h.feedsOf(u)[0], `first feed of ${u}`);
    }
    const feedsOfB = h.feedsOf(b).length;
    const stateOfB = await h.redis.hget(redisKeys.userState(b), 'state');
    await h.producer.send('interactions.enriched.v1', [interaction(a, `${h.id}-c104`, 'click', attrs), interaction(a, `${h.id}-c105`, 'dismiss', attrs)]);
    await eventually(() => h.feedsOf(a).find((f) => f.trigger === 'interaction'), 'a new feed for a');
    expect(h.feedsOf(b)).toHaveLength(feedsOfB);
    expect(await h.redis.hget(redisKeys.userState(b), 'state')).toBe(stateOfB);
  });

  it('takes a card down everywhere within one trigger: the stored feeds, the fresh index and the table', async () => {
    const u = user('takedown');
    const attrs = attributes(h);
    await putProfile(h, u, attrs);
    await beacon(h, u, attrs);
    const feed = await eventually(() => h.feedsOf(u)[0], 'a feed');
    const victim = feed.cards[0]!.contentId;
    // A second user, inactive by now, holds the item in their stored feed too.
    const idle = user('idle');
    await h.redis.set(redisKeys.userFeed(idle), JSON.stringify({ ...feed, userId: idle }));
    await h.redis.zadd(redisKeys.contentFeeds(victim), Date.now(), idle);
    await h.producer.tombstone('content.v1', [victim]);
    const next = await eventually(() => h.feedsOf(u).find((f) => f.trigger === 'takedown'), 'the takedown feed');
    expect(next.cards.map((c) => c.contentId)).not.toContain(victim);
    expect(await h.redis.exists(redisKeys.contentItem(victim))).toBe(0);
    expect(await h.redis.zscore(redisKeys.segmentFresh(segmentId({ language: h.languages.main })), victim)).toBeNull();
    const idleFeed = JSON.parse((await h.redis.get(redisKeys.userFeed(idle)))!) as { cards: { contentId: string; position: number }[] };
    expect(idleFeed.cards.map((c) => c.contentId)).not.toContain(victim);
    expect(idleFeed.cards.map((c) => c.position)).toEqual(idleFeed.cards.map((_, i) => i));
    expect(h.feedsOf(idle)).toEqual([]); // cut, not recomputed: the user is not active
  });

  it('coalesces a burst of one user\'s events into few computations', async () => {
    const u = user('burst');
    const attrs = attributes(h);
    await putProfile(h, u, attrs);
    await beacon(h, u, attrs);
    await eventually(() => h.feedsOf(u)[0], 'first feed');
    const burst = Array.from({ length: 40 }, (_, i) => interaction(u, `${h.id}-c${i % 8}`, 'impression', attrs));
    await h.producer.send('interactions.enriched.v1', burst);
    await eventually(async () => {
      const state = JSON.parse((await h.redis.hget(redisKeys.userState(u), 'state')) ?? '{"seen":{}}') as { seen: Record<string, number> };
      return Object.keys(state.seen).length === 8 ? true : undefined;
    }, 'all impressions applied');
    await h.recommender.scheduler.idle();
    expect(h.feedsOf(u).filter((f) => f.trigger === 'interaction').length).toBeLessThan(10);
  });
});
