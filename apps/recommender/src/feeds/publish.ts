// A computed feed becomes the user's current feed: stored in Redis for delivery to read when a
// device connects (userFeed), indexed by item (contentFeeds, so a takedown finds the users to
// recompute), then produced on recommendations.v2 for delivery to push and the archive to keep.
// Redis first: a device that connects after the produce must find this feed, not the one before.
import { REDIS_KEYS } from '@tessera/contracts/redis/key-catalogue';
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Feed } from '@tessera/contracts/schemas/feed';
import type { StreamProducer } from '@tessera/streams/producer';
import type { Redis } from 'ioredis';

const FEED_TTL_MS = (REDIS_KEYS.userFeed.ttl as { ms: number }).ms;
const INDEX_TTL_MS = (REDIS_KEYS.contentFeeds.ttl as { ms: number }).ms;

export async function storeFeeds(redis: Pick<Redis, 'pipeline'>, feeds: readonly Feed[]): Promise<void> {
  const pipeline = redis.pipeline();
  for (const feed of feeds) {
    pipeline.set(redisKeys.userFeed(feed.userId), JSON.stringify(feed), 'PX', FEED_TTL_MS);
    for (const card of feed.cards) {
      const key = redisKeys.contentFeeds(card.contentId);
      pipeline.zadd(key, feed.occurredAt, feed.userId);
      pipeline.pexpire(key, INDEX_TTL_MS);
    }
  }
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}

export function createFeedPublisher(redis: Pick<Redis, 'pipeline'>, producer: Pick<StreamProducer, 'send'>) {
  return async (feeds: readonly Feed[]): Promise<void> => {
    if (feeds.length === 0) return;
    await storeFeeds(redis, feeds);
    await producer.send('recommendations.v2', [...feeds]);
  };
}

/** The stored feed of a user (what delivery shows on connect), or null. */
export async function storedFeed(redis: Pick<Redis, 'get'>, userId: string): Promise<Feed | null> {
  const json = await redis.get(redisKeys.userFeed(userId));
  return json === null ? null : (JSON.parse(json) as Feed);
}
