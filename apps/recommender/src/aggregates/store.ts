// The windowed aggregates in Redis: writing a batch's events exactly once (per item and per
// segment, one script each, pipelined), reading an item's window counts for the features, and
// merging a segment's buckets into its popular and trending lists. Key names come from the
// contracts' catalogue; bucket starts and window extents from packages/features, so what is
// written here is what the feature windows read.
import { AGGREGATE_BUCKET_TTL_MS, POPULAR_WINDOWS, REDIS_KEYS } from '@tessera/contracts/redis/key-catalogue';
import type { BucketGranularity, PopularWindow } from '@tessera/contracts/redis/key-catalogue';
import { redisKeys } from '@tessera/contracts/redis/keys';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import type { ItemCounts } from '@tessera/features/popularity';
import { windowBuckets } from '@tessera/features/popularity';
import type { Redis } from 'ioredis';
import { bucketsOf, GRANULARITIES } from './buckets.js';
import type { Metric } from './buckets.js';
import { ADD_SCRIPT, MERGE_SCRIPT, READ_SCRIPT } from './scripts.js';

export interface AggregateEvent {
  readonly offset: string;
  /** Event time (clamped), ms. */
  readonly at: number;
  readonly contentId: string;
  readonly metrics: readonly Metric[];
  /** Segments the event counts in (e.g. "en.GB.*" and "en.GB.football"). */
  readonly segments: readonly string[];
}

type Scripted = Redis & {
  aggregateAdd(keys: number, ...args: (string | number)[]): Promise<number>;
  aggregateRead(keys: number, ...args: (string | number)[]): Promise<(number | string | null)[]>;
  aggregateMerge(keys: number, ...args: (string | number)[]): Promise<number>;
};

function withScripts(redis: Redis): Scripted {
  const r = redis as Scripted;
  if (typeof r.aggregateAdd !== 'function') {
    redis.defineCommand('aggregateAdd', { lua: ADD_SCRIPT });
    redis.defineCommand('aggregateRead', { lua: READ_SCRIPT });
    redis.defineCommand('aggregateMerge', { lua: MERGE_SCRIPT });
  }
  return r;
}

const TOTALS_TTL_MS = (REDIS_KEYS.contentTotals.ttl as { ms: number }).ms;
const GRANULARITY_OF_WINDOW: Record<PopularWindow, BucketGranularity> = { '1m': '10s', '5m': '1m', '1h': '5m' };
const WINDOW_MS: Record<PopularWindow, number> = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000 };

export const POPULAR_TOP_K = 500;
const POPULAR_TTL_MS = (REDIS_KEYS.segmentPopular.ttl as { ms: number }).ms;
const MIN_TRENDING_ENGAGEMENTS = 3;

interface Group {
  readonly keys: string[];
  readonly keyIndex: Map<string, number>;
  readonly expire: number[];
  readonly events: { o: number; at: number; h: number[]; z: number[]; m: readonly Metric[]; c: string; e: boolean }[];
}

function group(guard: string): Group {
  return { keys: [guard], keyIndex: new Map([[guard, 1]]), expire: [], events: [] };
}

function keyOf(g: Group, key: string, expireAt: number): number {
  let i = g.keyIndex.get(key);
  if (i === undefined) {
    g.keys.push(key);
    i = g.keys.length;
    g.keyIndex.set(key, i);
    g.expire.push(expireAt);
  }
  return i;
}

export interface AggregateStore {
  /** Adds one partition's events (in offset order) to the item and segment buckets, skipping those already applied. */
  add(topic: string, partition: number, events: readonly AggregateEvent[]): Promise<{ applied: number }>;
  /** Window counts of items at `now`. */
  counts(contentIds: readonly string[], now: number): Promise<Map<string, ItemCounts>>;
  /** Rebuilds a segment's popular and trending lists from its buckets. */
  merge(segment: string, now: number): Promise<void>;
}

export function createAggregateStore(redis: Redis): AggregateStore {
  const r = withScripts(redis);
  return {
    async add(topic, partition, events) {
      const items = new Map<string, Group>();
      const segments = new Map<string, Group>();
      for (const ev of events) {
        const offset = Number(ev.offset);
        const engaged = ev.metrics.includes('engagement');
        const buckets = bucketsOf(ev.at);
        let item = items.get(ev.contentId);
        if (!item) items.set(ev.contentId, (item = group(redisKeys.contentTotals(ev.contentId))));
        item.events.push({
          o: offset, at: ev.at, m: ev.metrics, c: ev.contentId, e: engaged, z: [],
          h: buckets.map((b) => keyOf(item!, redisKeys.contentCounts(ev.contentId, b.granularity, b.start), b.start + AGGREGATE_BUCKET_TTL_MS)),
        });
        for (const segment of ev.segments) {
          let seg = segments.get(segment);
          if (!seg) segments.set(segment, (seg = group(redisKeys.segmentWatermarks(segment))));
          const s = seg;
          s.events.push({
            o: offset, at: ev.at, m: ev.metrics, c: ev.contentId, e: engaged,
            h: buckets.map((b) => keyOf(s, redisKeys.segmentCounts(segment, b.granularity, b.start), b.start + AGGREGATE_BUCKET_TTL_MS)),
            z: engaged ? buckets.map((b) => keyOf(s, redisKeys.segmentEngagement(segment, b.granularity, b.start), b.start + AGGREGATE_BUCKET_TTL_MS)) : [],
          });
        }
      }
      const field = `wm:${topic}:${partition}`;
      const pipeline = r.pipeline() as unknown as Scripted;
      for (const g of items.values()) {
        void pipeline.aggregateAdd(g.keys.length, ...g.keys, field, JSON.stringify({ ttl: TOTALS_TTL_MS, expire: g.expire, guardCounts: true, times: true, events: g.events }));
      }
      for (const g of segments.values()) {
        void pipeline.aggregateAdd(g.keys.length, ...g.keys, field, JSON.stringify({ ttl: AGGREGATE_BUCKET_TTL_MS, expire: g.expire, guardCounts: false, times: false, events: g.events }));
      }
      if (segments.size > 0) {
        const latest = events.reduce((m, e) => Math.max(m, e.at), 0);
        void pipeline.zadd(redisKeys.recentSegments(), 'GT', ...[...segments.keys()].flatMap((s) => [latest, s]));
      }
      const results = (await (pipeline as unknown as ReturnType<Redis['pipeline']>).exec()) ?? [];
      let applied = 0;
      results.forEach(([error, value], i) => {
        if (error) throw error;
        if (i < items.size) applied += Number(value); // every event is in exactly one item group
      });
      return { applied };
    },

    async counts(contentIds, now) {
      const [short, mid, long] = LIVE_FEATURES.windows;
      const plan = [short, mid, long].map((w, i) => windowBuckets(now, w).map((start) => ({ granularity: GRANULARITIES[i]!.name, start })));
      const pipeline = r.pipeline() as unknown as Scripted;
      for (const id of contentIds) {
        const keys = [redisKeys.contentTotals(id), ...plan.flat().map((b) => redisKeys.contentCounts(id, b.granularity, b.start))];
        void pipeline.aggregateRead(keys.length, ...keys, plan[0]!.length, plan[1]!.length, plan[2]!.length);
      }
      const results = (await (pipeline as unknown as ReturnType<Redis['pipeline']>).exec()) ?? [];
      const out = new Map<string, ItemCounts>();
      contentIds.forEach((id, i) => {
        const [error, value] = results[i] ?? [null, null];
        if (error) throw error;
        const v = value as (number | string | null)[];
        out.set(id, {
          engagements: [Number(v[0]), Number(v[1]), Number(v[2])],
          impressionsMid: Number(v[3]),
          impressionsLong: Number(v[4]),
          total: Number(v[5]),
          firstAt: v[6] ? Number(v[6]) : undefined,
          lastAt: v[7] ? Number(v[7]) : undefined,
        });
      });
      return out;
    },

    async merge(segment, now) {
      const bucketKeys = POPULAR_WINDOWS.map((w) => windowBuckets(now, { ms: WINDOW_MS[w], bucketMs: GRANULARITIES.find((g) => g.name === GRANULARITY_OF_WINDOW[w])!.ms })
        .map((start) => redisKeys.segmentEngagement(segment, GRANULARITY_OF_WINDOW[w], start)));
      const keys = [
        ...POPULAR_WINDOWS.map((w) => redisKeys.segmentPopular(segment, w)), redisKeys.segmentTrending(segment), ...bucketKeys.flat(),
      ];
      await r.aggregateMerge(keys.length, ...keys, ...bucketKeys.map((b) => b.length), POPULAR_TOP_K, POPULAR_TTL_MS, MIN_TRENDING_ENGAGEMENTS);
    },
  };
}
