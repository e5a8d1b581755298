// Remembers which events a consumer already emitted, per key owner (a user), for a bounded
// window, so a device's retry of the same eventId is emitted once. Storage is one sorted set
// per owner (member eventId, score = receivedAt), whose key the caller takes from contracts'
// Redis key catalogue (u:{userId}:dedup:interactions, u:{userId}:dedup:beacons): keeping it in
// the user's slot makes it part of the user's keys, so deleting a user deletes their window.
//
// The order of operations keeps it safe: `seen` only reads, the caller publishes, and only then
// `mark` records the ids. A crash between publish and mark replays the batch and emits those
// events again (at least once); it can never drop an event that was not emitted, which marking
// before publishing could. One user's events share a partition, so one consumer owns a set.
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

export interface DedupWindowOptions {
  readonly windowMs: number;
  /** The sorted set of one user, from the key catalogue. */
  readonly keyFor: (userId: string) => string;
  readonly now?: () => number;
}

function check(results: [Error | null, unknown][] | null): unknown[] {
  const failed = results?.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  return (results ?? []).map(([, value]) => value);
}

export function createDedupWindow(redis: Redis, options: DedupWindowOptions): DedupWindow {
  const { windowMs, keyFor } = options;
  const now = options.now ?? Date.now;
  return {
    async seen(refs) {
      if (refs.length === 0) return [];
      const read = redis.pipeline();
      for (const r of refs) read.zscore(keyFor(r.userId), r.eventId);
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
      for (const r of refs) write.zadd(keyFor(r.userId), 'NX', r.receivedAt, r.eventId);
      for (const userId of new Set(refs.map((r) => r.userId))) {
        write.zremrangebyscore(keyFor(userId), '-inf', `(${cutoff}`);
        write.pexpire(keyFor(userId), windowMs);
      }
      check(await write.exec());
    },
  };
}

/** First occurrence of each (user, eventId) in a batch, in order. */
export function firstOccurrences<T extends Pick<EventRef, 'userId' | 'eventId'>>(events: readonly T[]): T[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = `${e.userId}\u0000${e.eventId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The events of a batch not emitted before: repeats inside the batch and ids already marked
 * within the window are left out. Call `mark` with the result after publishing it.
 */
export async function freshEvents<T extends EventRef>(window: DedupWindow, events: readonly T[]): Promise<T[]> {
  const unique = firstOccurrences(events);
  const seen = await window.seen(unique);
  return unique.filter((_, i) => !seen[i]);
}
