// The right to be forgotten, in Redis: on a users.v1 tombstone every key of the user goes
// (profile, active registry entry, dedup windows, features, feed, presence: contracts'
// userKeys, one DEL in the user's slot) and the user leaves the shared sets holding them: the
// segment's active set (found through the `segment` field of the active hash) and the
// contentFeeds sets of the items in their stored feed, which are therefore read first. In the same
// MULTI as the DEL an expiring marker (`u:{id}:forgotten`) is set, which the active registry
// reads so that a beacon processed after the tombstone does not register the user again.
// Idempotent: the table materializer runs it before applying the tombstone, so a crash replays it.
import { forgetUserPlan } from '@tessera/contracts/redis/keys';
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Redis } from 'ioredis';

export async function forgetUser(redis: Pick<Redis, 'hget' | 'get' | 'zrem' | 'multi'>, userId: string): Promise<void> {
  const segment = await redis.hget(redisKeys.userActive(userId), 'segment');
  const plan = forgetUserPlan(userId, segment ?? undefined, feedContentIds(await redis.get(redisKeys.userFeed(userId))));
  // Shared sets first: if the DEL ran first and we crashed, the segment would be lost with it.
  for (const { key, member } of plan.zrem) await redis.zrem(key, member);
  const results = await redis.multi().del(...plan.del).set(plan.mark.key, '1', 'PX', plan.mark.ttlMs).exec();
  const failed = results?.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}

// The stored feed is the recommender's JSON Feed; anything unreadable has no cards to follow.
function feedContentIds(json: string | null): string[] {
  if (json === null) return [];
  try {
    const cards = (JSON.parse(json) as { cards?: { contentId?: unknown }[] }).cards ?? [];
    return cards.flatMap((c) => (typeof c.contentId === 'string' ? [c.contentId] : []));
  } catch {
    return [];
  }
}
