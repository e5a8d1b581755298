// Online user state in Redis: one hash per user (contracts' userState) holding the features'
// UserState as JSON, the eventIds of the user's latest events (a re-published duplicate is
// recognized by its id) and, per partition of interactions.enriched.v1, the last offset applied.
// A batch loads its users, applies only events above the watermark and not among the known ids
// (so nothing is applied twice: the affinities would drift) and writes back with a
// compare-and-set on the watermark it loaded; a conflict means another consumer wrote in between
// (a rebalance), and the caller reloads. A forgotten user (deletion marker, no profile) gets no
// state back from late events.
import { REDIS_KEYS } from '@tessera/contracts/redis/key-catalogue';
import { redisKeys } from '@tessera/contracts/redis/keys';
import { emptyUserState } from '@tessera/features/user-state';
import type { UserState } from '@tessera/features/user-state';
import type { Redis } from 'ioredis';
import { isForgotten } from '@tessera/users-table/reader';

const STATE_TTL_MS = (REDIS_KEYS.userState.ttl as { ms: number }).ms;

/** How many recent eventIds a user keeps for recognizing re-published duplicates. */
export const KNOWN_EVENTS = 200;

// KEYS[1] = state hash; ARGV = wm field, expected wm ('' = none), new wm, state JSON, ttl ms, events JSON
const SAVE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (current or '') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[4], ARGV[1], ARGV[3], 'events', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

export interface LoadedUser {
  readonly state: UserState;
  /** Last offset of this partition applied to the state, or null. */
  readonly watermark: string | null;
  /** eventIds of the user's latest applied events, oldest first. */
  readonly events: readonly string[];
  /** Deleted user: apply nothing. */
  readonly forgotten: boolean;
}

export interface SaveRequest {
  readonly userId: string;
  readonly state: UserState;
  readonly expected: string | null;
  readonly watermark: string;
  readonly events: readonly string[];
}

export interface UserStore {
  load(userIds: readonly string[], field: string): Promise<Map<string, LoadedUser>>;
  /** Writes states; returns the users whose watermark changed since loading (not written). */
  save(requests: readonly SaveRequest[], field: string): Promise<string[]>;
  /** The state as stored (feeds read it; no watermark). */
  read(userId: string): Promise<UserState>;
}

export function watermarkField(topic: string, partition: number): string {
  return `wm:${topic}:${partition}`;
}

function parse(json: string | null): UserState {
  if (json === null) return emptyUserState();
  return JSON.parse(json) as UserState;
}

export function createUserStore(redis: Redis): UserStore {
  const r = redis as Redis & { userStateSave(key: string, ...args: (string | number)[]): Promise<number> };
  if (typeof r.userStateSave !== 'function') redis.defineCommand('userStateSave', { numberOfKeys: 1, lua: SAVE_SCRIPT });
  return {
    async load(userIds, field) {
      const pipeline = redis.pipeline();
      for (const id of userIds) {
        pipeline.hmget(redisKeys.userState(id), 'state', field, 'events');
        pipeline.exists(redisKeys.userForgotten(id));
        pipeline.exists(redisKeys.userProfile(id));
      }
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
      const out = new Map<string, LoadedUser>();
      userIds.forEach((id, i) => {
        const [state, wm, events] = results[3 * i]![1] as [string | null, string | null, string | null];
        const forgotten = isForgotten(results[3 * i + 1]![1], results[3 * i + 2]![1]);
        out.set(id, { state: parse(state), watermark: wm, events: events === null ? [] : (JSON.parse(events) as string[]), forgotten });
      });
      return out;
    },

    async save(requests, field) {
      const pipeline = redis.pipeline() as unknown as typeof r;
      for (const q of requests) {
        void pipeline.userStateSave(redisKeys.userState(q.userId), field, q.expected ?? '', q.watermark, JSON.stringify(q.state), STATE_TTL_MS, JSON.stringify(q.events.slice(-KNOWN_EVENTS)));
      }
      const results = (await (pipeline as unknown as ReturnType<Redis['pipeline']>).exec()) ?? [];
      const conflicts: string[] = [];
      results.forEach(([error, value], i) => {
        if (error) throw error;
        if (value === 0) conflicts.push(requests[i]!.userId);
      });
      return conflicts;
    },

    async read(userId) {
      return parse(await redis.hget(redisKeys.userState(userId), 'state'));
    },
  };
}
