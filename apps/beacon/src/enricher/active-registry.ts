// The active-user registry (contracts' key catalogue): per user a hash `u:{id}:active` with the
// last beacon (lastSeenAt, appState, deviceId, segment), and per segment a sorted set
// `s:{segment}:active` of user ids scored by last-seen time, trimmed to the activity window on
// write. A user sits in exactly one segment set: moving segments removes the old membership.
// Last-seen is the server's receivedAt (device clocks are skewed), and an older beacon (replay,
// reordering across devices) never moves it back. Counts for dashboards are ZCOUNTs over a set.
// The writes span two hash slots (user and segment), so they are not one transaction; a replay
// after a crash re-applies them, which is harmless since every write is idempotent.
// A forgotten user stays forgotten: a user with the deletion marker (`u:{id}:forgotten`, set by
// the users-table app's forgetUser) and no profile in the users table is not recorded, whatever the beacon carries
// (it may have been joined just before the tombstone). A user re-created under the same id has a
// profile again and is recorded as usual.
import type { EnrichedBeacon } from '@tessera/contracts/schemas/enriched';
import { redisKeys } from '@tessera/contracts/redis/keys';
import { segmentId } from '@tessera/contracts/redis/segment';
import { isForgotten } from '@tessera/users-table/reader';
import type { Redis } from 'ioredis';

const DAY_MS = 86_400_000;

export interface ActiveRegistry {
  /** Records the latest beacon per user of a batch. */
  record(beacons: readonly EnrichedBeacon[]): Promise<void>;
  /** Users of a segment seen at or after `sinceMs`. */
  countActive(segment: string, sinceMs: number): Promise<number>;
}

/** Where a user counts: their first content language and home country, else the device's. */
export function activeSegment(beacon: EnrichedBeacon): string {
  const language = beacon.user?.languages[0] ?? beacon.locale;
  const country = beacon.user?.country ?? beacon.country;
  return segmentId({ language, country });
}

export function latestPerUser(beacons: readonly EnrichedBeacon[]): EnrichedBeacon[] {
  const latest = new Map<string, EnrichedBeacon>();
  for (const b of beacons) {
    const seen = latest.get(b.userId);
    if (!seen || b.receivedAt >= seen.receivedAt) latest.set(b.userId, b);
  }
  return [...latest.values()];
}

export function createActiveRegistry(redis: Redis, options: { windowMs?: number; now?: () => number } = {}): ActiveRegistry {
  const windowMs = options.windowMs ?? DAY_MS;
  const now = options.now ?? Date.now;
  return {
    async record(beacons) {
      const latest = latestPerUser(beacons);
      if (latest.length === 0) return;
      const read = redis.pipeline();
      for (const b of latest) {
        read.hmget(redisKeys.userActive(b.userId), 'segment', 'lastSeenAt');
        read.exists(redisKeys.userForgotten(b.userId));
        read.exists(redisKeys.userProfile(b.userId));
      }
      const previous = (await read.exec()) ?? [];
      const failedRead = previous.find(([error]) => error);
      if (failedRead?.[0]) throw failedRead[0];
      const write = redis.pipeline();
      const cutoff = now() - windowMs;
      latest.forEach((b, i) => {
        const [active, marker, profile] = previous.slice(3 * i, 3 * i + 3).map(([, value]) => value);
        const [oldSegment, oldSeen] = (active ?? [null, null]) as [string | null, string | null];
        if (isForgotten(marker, profile)) return; // forgotten: a late beacon must not bring the user back
        if (oldSeen !== null && Number(oldSeen) > b.receivedAt) return;
        const segment = activeSegment(b);
        const userKey = redisKeys.userActive(b.userId);
        const setKey = redisKeys.segmentActiveUsers(segment);
        write.zadd(setKey, b.receivedAt, b.userId);
        write.zremrangebyscore(setKey, '-inf', `(${cutoff}`);
        if (oldSegment !== null && oldSegment !== segment) write.zrem(redisKeys.segmentActiveUsers(oldSegment), b.userId);
        write.hset(userKey, { lastSeenAt: b.receivedAt, appState: b.appState, deviceId: b.deviceId, segment });
        write.pexpire(userKey, windowMs);
      });
      const results = (await write.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    },
    countActive: (segment, sinceMs) => redis.zcount(redisKeys.segmentActiveUsers(segment), sinceMs, '+inf'),
  };
}
