// Keeps the segments' popular and trending lists current: every interval, each segment with
// recent engagement is merged from its buckets (aggregates/store.ts merge). Several recommender
// processes share the work through a short lock per segment, so each segment is merged once per
// interval, by whichever process gets there first.
import { REDIS_KEYS } from '@tessera/contracts/redis/key-catalogue';
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Logger } from '@tessera/platform/logger';
import type { Redis } from 'ioredis';
import type { RecommenderMetrics } from '../metrics.js';
import type { AggregateStore } from './store.js';

const LOCK_MS = (REDIS_KEYS.segmentMergeLock.ttl as { ms: number }).ms;
const RECENT_MS = 3_600_000;

export interface Merger {
  /** One pass over the recent segments (tests call it directly). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startMerger(options: { redis: Redis; store: Pick<AggregateStore, 'merge'>; intervalMs: number; instanceId: string; logger: Logger; metrics: RecommenderMetrics; now?: () => number; autoStart?: boolean }): Merger {
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<number> | undefined;

  const runOnce = async (): Promise<number> => {
    const at = now();
    const index = redisKeys.recentSegments();
    await options.redis.zremrangebyscore(index, '-inf', `(${at - RECENT_MS}`);
    const segments = await options.redis.zrange(index, 0, -1);
    let merged = 0;
    for (const segment of segments) {
      if (stopped) break;
      const lock = await options.redis.set(redisKeys.segmentMergeLock(segment), options.instanceId, 'PX', Math.min(LOCK_MS, options.intervalMs), 'NX');
      if (lock !== 'OK') continue;
      await options.store.merge(segment, at);
      merged += 1;
    }
    options.metrics.segmentsMerged.inc(merged);
    return merged;
  };

  const loop = () => {
    running = runOnce().catch((error: unknown) => {
      options.logger.warn({ err: error }, 'merging segment windows failed; retrying next interval');
      return 0;
    });
    void running.finally(() => {
      if (!stopped) timer = setTimeout(loop, options.intervalMs);
    });
  };
  if (options.autoStart !== false) loop();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
