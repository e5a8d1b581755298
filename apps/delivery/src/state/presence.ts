// Presence: which delivery nodes hold sockets of a user. One hash per user (u:{userId}:presence),
// one field per node whose value is when that field stops counting (ms), because one user may
// have a phone on node A and a tablet on node B. The key itself expires after the TTL too, and
// each node refreshes its users' fields well within it, so a node that dies stops counting within
// one TTL without anyone cleaning up after it. Redis 7.0 has no per-field expiry, hence the values.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Redis } from 'ioredis';

export interface Presence {
  /** Marks this node as holding a socket of the user. */
  add(userId: string): Promise<void>;
  /** This node no longer holds a socket of the user. */
  remove(userId: string): Promise<void>;
  /** Re-marks every given user (pipelined); called every TTL/3. */
  refresh(userIds: Iterable<string>): Promise<void>;
  /** Nodes currently holding sockets of the user (this one included). */
  nodesOf(userId: string): Promise<string[]>;
  /** The nodes that count in a presence hash read elsewhere (flat [node, until, ...]). */
  liveNodes(userId: string, fields: readonly string[]): string[];
}

export function createPresence(redis: Redis, nodeId: string, ttlMs: number, now: () => number = Date.now): Presence {
  const mark = (pipeline: ReturnType<Redis['pipeline']>, userId: string) => {
    const key = redisKeys.userPresence(userId);
    pipeline.hset(key, nodeId, String(now() + ttlMs)).pexpire(key, ttlMs);
  };
  return {
    async add(userId) {
      // Plain commands, issued before add() first awaits: a command the caller sends right after
      // (delivery reads the state next) reaches Redis after these, on the same connection.
      const key = redisKeys.userPresence(userId);
      await Promise.all([redis.hset(key, nodeId, String(now() + ttlMs)), redis.pexpire(key, ttlMs)]);
    },
    async remove(userId) {
      await redis.hdel(redisKeys.userPresence(userId), nodeId);
    },
    async refresh(userIds) {
      let p = redis.pipeline();
      let n = 0;
      for (const userId of userIds) {
        mark(p, userId);
        if (++n % 1000 === 0) {
          await p.exec();
          p = redis.pipeline();
        }
      }
      if (n % 1000 !== 0) await p.exec();
    },
    async nodesOf(userId) {
      return this.liveNodes(userId, Object.entries(await redis.hgetall(redisKeys.userPresence(userId))).flat());
    },
    liveNodes(userId, fields) {
      const t = now();
      const live: string[] = [];
      const dead: string[] = [];
      for (let i = 0; i + 1 < fields.length; i += 2) (Number(fields[i + 1]) > t ? live : dead).push(fields[i] as string);
      // A dead node's field is dropped by whoever meets it first.
      if (dead.length > 0) void redis.hdel(redisKeys.userPresence(userId), ...dead).catch(() => {});
      return live;
    },
  };
}
