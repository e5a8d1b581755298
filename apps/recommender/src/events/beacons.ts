// Beacons (enriched heartbeats) trigger a feed when a device comes back after a gap, or when the
// user has no stored feed yet; a steady stream of heartbeats from a user already served does
// nothing. The time of the user's previous beacon is kept in their state hash (field beaconAt,
// only ever moved forward, so a replayed beacon finds no gap). Beacons of forgotten users are ignored.
import { REDIS_KEYS } from '@tessera/contracts/redis/key-catalogue';
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { EnrichedBeacon } from '@tessera/contracts/schemas/enriched';
import type { Redis } from 'ioredis';
import type { FeedRequest } from '../feeds/compute.js';
import type { RecommenderMetrics } from '../metrics.js';
import { isForgotten } from '@tessera/users-table/reader';

const STATE_TTL_MS = (REDIS_KEYS.userState.ttl as { ms: number }).ms;

// KEYS[1] = state hash; ARGV = beacon time, ttl. Returns the previous beaconAt ('' when none).
const BEACON_SCRIPT = `
local previous = redis.call('HGET', KEYS[1], 'beaconAt')
if (not previous) or tonumber(previous) < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'beaconAt', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return previous or ''
`;

export interface BeaconDeps {
  readonly redis: Redis;
  readonly gapMs: number;
  readonly requestFeed: (request: FeedRequest) => Promise<void>;
  readonly metrics: RecommenderMetrics;
}

export async function handleBeacons(deps: BeaconDeps, beacons: readonly EnrichedBeacon[]): Promise<void> {
  const r = deps.redis as Redis & { recordBeacon(key: string, ...args: (string | number)[]): Promise<string> };
  if (typeof r.recordBeacon !== 'function') deps.redis.defineCommand('recordBeacon', { numberOfKeys: 1, lua: BEACON_SCRIPT });
  const latest = new Map<string, EnrichedBeacon>();
  for (const b of beacons) {
    const known = latest.get(b.userId);
    if (!known || b.receivedAt >= known.receivedAt) latest.set(b.userId, b);
  }
  const users = [...latest.values()];
  const check = deps.redis.pipeline();
  for (const b of users) {
    check.exists(redisKeys.userForgotten(b.userId));
    check.exists(redisKeys.userProfile(b.userId));
    check.exists(redisKeys.userFeed(b.userId));
  }
  const checked = (await check.exec()) ?? [];
  const write = deps.redis.pipeline() as unknown as typeof r;
  const kept: { beacon: EnrichedBeacon; hasFeed: boolean }[] = [];
  users.forEach((b, i) => {
    const [forgotten, profile, feed] = [0, 1, 2].map((j) => {
      const [error, value] = checked[3 * i + j] ?? [null, 0];
      if (error) throw error;
      return value;
    });
    if (isForgotten(forgotten, profile)) return;
    kept.push({ beacon: b, hasFeed: feed === 1 });
    void write.recordBeacon(redisKeys.userState(b.userId), b.receivedAt, STATE_TTL_MS);
  });
  const written = (await (write as unknown as ReturnType<Redis['pipeline']>).exec()) ?? [];
  const requests: Promise<void>[] = [];
  kept.forEach(({ beacon, hasFeed }, i) => {
    const [error, previous] = written[i] ?? [null, ''];
    if (error) throw error;
    const gap = previous === '' ? Number.POSITIVE_INFINITY : beacon.receivedAt - Number(previous);
    if (hasFeed && gap < deps.gapMs) return;
    deps.metrics.beaconTriggers.inc({ reason: hasFeed ? 'after_gap' : 'no_feed' });
    requests.push(deps.requestFeed({ userId: beacon.userId, trigger: 'beacon', triggerEventId: beacon.eventId, triggeredAt: Math.min(beacon.occurredAt, beacon.receivedAt) }));
  });
  await Promise.all(requests);
}
