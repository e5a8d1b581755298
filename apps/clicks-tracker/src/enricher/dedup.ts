// The enricher's memory of eventIds already emitted, per user, in the window the contracts'
// key catalogue defines (u:{userId}:dedup:interactions: member eventId, score receivedAt).
// Phones retry whole batches after a lost response, so the same eventId arriving twice is
// normal. The order of operations is what keeps this safe: `seen` is only a read, the caller
// publishes, and only then `mark` records the ids. A crash between publish and mark replays the
// batch and emits those events again (at least once); it can never drop an event that was not
// emitted, which marking before publishing could.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Redis } from 'ioredis';

export interface EventRef {
  readonly userId: string;
  readonly eventId: string;
  /** Server ingest time: the window is measured on the server clock, not the device's. */
  readonly receivedAt: number;
}

export interface DedupWindow {
  /** For each ref, whether the same (user, eventId) was marked within the window before it. */
  seen(refs: readonly EventRef[]): Promise<boolean[]>;
  /** Records refs as emitted; trims entries older than the window and refreshes the TTL. */
  mark(refs: readonly EventRef[]): Promise<void>;
}

function check(results: [Error | null, unknown][] | null): unknown[] {
  const failed = results?.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  return (results ?? []).map(([, value]) => value);
}

export function createDedupWindow(redis: Redis, options: { windowMs: number; now?: () => number }): DedupWindow {
  const { windowMs } = options;
  const now = options.now ?? Date.now;
  return {
    async seen(refs) {
      if (refs.length === 0) return [];
      const read = redis.pipeline();
      for (const r of refs) read.zscore(redisKeys.userInteractionDedup(r.userId), r.eventId);
      const scores = check(await read.exec()) as (string | null)[];
      return refs.map((r, i) => {
        const score = scores[i];
        return score !== null && score !== undefined && Number(score) >= r.receivedAt - windowMs;
      });
    },
    async mark(refs) {
      if (refs.length === 0) return;
      const write = redis.pipeline();
      const cutoff = now() - windowMs;
      for (const r of refs) write.zadd(redisKeys.userInteractionDedup(r.userId), 'NX', r.receivedAt, r.eventId);
      for (const userId of new Set(refs.map((r) => r.userId))) {
        const key = redisKeys.userInteractionDedup(userId);
        write.zremrangebyscore(key, '-inf', `(${cutoff}`);
        write.pexpire(key, windowMs);
      }
      check(await write.exec());
    },
  };
}
