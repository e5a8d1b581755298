// The recommender's view of content.v1 (consumer group recommender-content): the content table in
// Redis (streams materializeTable: contentItem hashes), the fresh-item indexes, breaking items
// pushed to the active users of their languages, and takedowns removed everywhere at once: from
// the fresh indexes, the segments' popular and trending lists, the table, and every stored feed
// (active users get a new feed; inactive ones get the card cut from the feed they would be served).
import { REDIS_KEYS } from '@tessera/contracts/redis/key-catalogue';
import { POPULAR_WINDOWS } from '@tessera/contracts/redis/key-catalogue';
import { redisKeys } from '@tessera/contracts/redis/keys';
import { parseSegmentId } from '@tessera/contracts/redis/segment';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { Feed } from '@tessera/contracts/schemas/feed';
import type { Logger } from '@tessera/platform/logger';
import type { ConsumerMetrics } from '@tessera/streams/consumer-metrics';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import type { StreamProducer } from '@tessera/streams/producer';
import { materializeTable } from '@tessera/streams/table';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { FeedRequest } from '../feeds/compute.js';
import type { RecommenderMetrics } from '../metrics.js';
import { freshKeys } from './fresh.js';

const FRESH_TTL_MS = (REDIS_KEYS.segmentFresh.ttl as { ms: number }).ms;
const RECENT_MS = 3_600_000;

export interface ContentRoleDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly names: TopicNames;
  readonly logger: Logger;
  readonly groupId: string;
  readonly deadLetter: (letters: Parameters<StreamProducer['send']>[1]) => Promise<void>;
  readonly consumerMetrics: ConsumerMetrics;
  readonly metrics: RecommenderMetrics;
  readonly requestFeed: (request: FeedRequest) => Promise<void>;
  readonly activeWindowMs: number;
  readonly breakingFanout: number;
  readonly now?: () => number;
  readonly sessionTimeoutMs?: number;
}

/** Segments seen recently whose language is one of `languages` and category is "*" (where active users are kept). */
async function userSegments(redis: Redis, languages: readonly string[], now: number): Promise<string[]> {
  const recent = await redis.zrangebyscore(redisKeys.recentSegments(), now - RECENT_MS, '+inf');
  return recent.filter((s) => {
    const parsed = parseSegmentId(s);
    return parsed.ok && parsed.value.category === undefined && languages.includes(parsed.value.language);
  });
}

export async function startContentRole(deps: ContentRoleDeps): Promise<ConsumerRunner> {
  const { redis } = deps;
  const now = deps.now ?? Date.now;

  async function index(items: ContentItem[]): Promise<void> {
    const at = now();
    const pipeline = redis.pipeline();
    for (const item of items) {
      for (const key of freshKeys(item)) {
        if (item.expiresAt > at) pipeline.zadd(key, item.expiresAt, item.contentId);
        pipeline.zremrangebyscore(key, '-inf', `(${at}`);
        pipeline.pexpire(key, FRESH_TTL_MS);
      }
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  async function breaking(item: ContentItem): Promise<void> {
    const at = now();
    if (item.expiresAt <= at || at - item.publishedAt > RECENT_MS) return;
    const segments = await userSegments(redis, item.languages, at);
    const users = new Set<string>();
    for (const segment of segments) {
      const parsed = parseSegmentId(segment);
      if (!parsed.ok) continue;
      if (item.regions.length > 0 && (!parsed.value.country || !item.regions.includes(parsed.value.country))) continue;
      const members = await redis.zrangebyscore(redisKeys.segmentActiveUsers(segment), at - deps.activeWindowMs, '+inf', 'LIMIT', 0, deps.breakingFanout);
      for (const m of members) if (users.size < deps.breakingFanout) users.add(m);
    }
    deps.metrics.breakingFanout.observe(users.size);
    await Promise.all([...users].map((userId) => deps.requestFeed({ userId, trigger: 'breaking', breaking: item.contentId, triggeredAt: item.occurredAt })));
  }

  async function takedown(contentId: string): Promise<void> {
    const json = await redis.hget(redisKeys.contentItem(contentId), 'value');
    const item = json === null ? undefined : (JSON.parse(json) as ContentItem);
    const pipeline = redis.pipeline();
    if (item) {
      for (const key of freshKeys(item)) pipeline.zrem(key, contentId);
      for (const segment of await redis.zrangebyscore(redisKeys.recentSegments(), now() - RECENT_MS, '+inf')) {
        for (const w of POPULAR_WINDOWS) pipeline.zrem(redisKeys.segmentPopular(segment, w), contentId);
        pipeline.zrem(redisKeys.segmentTrending(segment), contentId);
      }
    }
    // Gone from the table before any feed is recomputed, so no candidate set can hold it.
    pipeline.del(redisKeys.contentItem(contentId));
    const done = (await pipeline.exec()) ?? [];
    const failed = done.find(([error]) => error);
    if (failed?.[0]) throw failed[0];

    const users = await redis.zrange(redisKeys.contentFeeds(contentId), 0, -1);
    let recomputed = 0;
    let cut = 0;
    await Promise.all(users.map(async (userId) => {
      const feedJson = await redis.get(redisKeys.userFeed(userId));
      if (feedJson === null) return;
      const feed = JSON.parse(feedJson) as Feed;
      if (!feed.cards.some((c) => c.contentId === contentId)) return;
      const lastSeen = await redis.hget(redisKeys.userActive(userId), 'lastSeenAt');
      if (lastSeen !== null && Number(lastSeen) >= now() - deps.activeWindowMs) {
        recomputed += 1;
        await deps.requestFeed({ userId, trigger: 'takedown', triggeredAt: now() });
      } else {
        cut += 1;
        const cards = feed.cards.filter((c) => c.contentId !== contentId).map((c, position) => ({ ...c, position }));
        await redis.set(redisKeys.userFeed(userId), JSON.stringify({ ...feed, cards }), 'KEEPTTL');
      }
    }));
    await redis.del(redisKeys.contentFeeds(contentId));
    deps.metrics.takedowns.inc();
    deps.logger.info({ contentId, recomputed, cut }, 'takedown applied');
  }

  return materializeTable({
    kafka: deps.kafka, redis, names: deps.names, logger: deps.logger, metrics: deps.consumerMetrics,
    topic: 'content.v1', groupId: deps.groupId, keyFor: redisKeys.contentItem, deadLetter: deps.deadLetter,
    ...(deps.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: deps.sessionTimeoutMs }),
    onTombstone: (contentId) => takedown(contentId),
    beforeApply: async (records) => {
      const live = records.flatMap((r) => (r.value === null ? [] : [r.value]));
      if (live.length > 0) await index(live);
    },
    // After the table holds the item, so the feeds computed for the fan-out can show it. At most
    // once: a crash right here skips the fan-out; the item still reaches users as a fresh candidate.
    afterApply: async (records) => {
      for (const r of records) if (r.value !== null && r.value.priority === 'breaking') await breaking(r.value);
    },
  });
}
