// Key builders for the catalogue in key-catalogue.ts, and the list of a user's keys for the right
// to be forgotten. Apps build keys only through these, so a pattern changes in one place.
import { FORGOTTEN_MARKER_TTL_MS, REDIS_KEYS } from './key-catalogue.js';
import type { BucketGranularity, PopularWindow, RedisKeyId } from './key-catalogue.js';

// A '{' or '}' inside a part would move the hash tag (and the slot); whitespace and ':' would make
// keys ambiguous to read. Schema-validated ids never contain them; this catches everything else.
const BAD_PART = /[{}:\s]/;

/** Thrown by builders: a bad key part is a programming error, not a condition to handle. */
export class InvalidKeyPartError extends Error {
  readonly code = 'invalid_key_part' as const;
  readonly retriable = false as const;
  constructor(readonly part: string) {
    super(`invalid Redis key part ${JSON.stringify(part.slice(0, 80))}`);
    this.name = 'InvalidKeyPartError';
  }
}

function part(value: string): string {
  if (value.length === 0 || BAD_PART.test(value)) throw new InvalidKeyPartError(value);
  return value;
}

function bucket(startMs: number): string {
  if (!Number.isSafeInteger(startMs) || startMs < 0) throw new InvalidKeyPartError(String(startMs));
  return String(startMs);
}

/** Builders, one per catalogue entry; arguments are the placeholders of its pattern, in order. */
export const redisKeys = {
  userProfile: (userId: string) => `u:{${part(userId)}}:profile`,
  userForgotten: (userId: string) => `u:{${part(userId)}}:forgotten`,
  userActive: (userId: string) => `u:{${part(userId)}}:active`,
  userState: (userId: string) => `u:{${part(userId)}}:state`,
  userFeed: (userId: string) => `u:{${part(userId)}}:feed`,
  userPushes: (userId: string) => `u:{${part(userId)}}:pushes`,
  userPresence: (userId: string) => `u:{${part(userId)}}:presence`,
  userBeaconDedup: (userId: string) => `u:{${part(userId)}}:dedup:beacons`,
  userInteractionDedup: (userId: string) => `u:{${part(userId)}}:dedup:interactions`,
  segmentActiveUsers: (segment: string) => `s:{${part(segment)}}:active`,
  segmentWatermarks: (segment: string) => `s:{${part(segment)}}:wm`,
  segmentCounts: (segment: string, granularity: BucketGranularity, bucketStart: number) => `s:{${part(segment)}}:counts:${part(granularity)}:${bucket(bucketStart)}`,
  segmentEngagement: (segment: string, granularity: BucketGranularity, bucketStart: number) => `s:{${part(segment)}}:engagement:${part(granularity)}:${bucket(bucketStart)}`,
  segmentPopular: (segment: string, window: PopularWindow) => `s:{${part(segment)}}:popular:${part(window)}`,
  segmentTrending: (segment: string) => `s:{${part(segment)}}:trending`,
  segmentMergeLock: (segment: string) => `s:{${part(segment)}}:merge-lock`,
  segmentFresh: (segment: string) => `s:{${part(segment)}}:fresh`,
  recentSegments: () => 'recent-segments',
  contentItem: (contentId: string) => `c:{${part(contentId)}}:item`,
  contentCounts: (contentId: string, granularity: BucketGranularity, bucketStart: number) => `c:{${part(contentId)}}:counts:${part(granularity)}:${bucket(bucketStart)}`,
  contentTotals: (contentId: string) => `c:{${part(contentId)}}:totals`,
  contentFeeds: (contentId: string) => `c:{${part(contentId)}}:feeds`,
  consumerOffsets: (group: string, topic: string) => `o:{${part(group)}}:${part(topic)}`,
  deliveryNodeChannel: (nodeId: string) => `n:{${part(nodeId)}}:feeds`,
} as const satisfies Record<RedisKeyId, (...args: never[]) => string>;

/** Start of the aggregate bucket holding an event time. */
export function bucketStart(eventTimeMs: number, bucketMs: number): number {
  return eventTimeMs - (eventTimeMs % bucketMs);
}

type UserKeyId = {
  [K in RedisKeyId]: (typeof REDIS_KEYS)[K]['personal'] extends 'user_key' ? K : never;
}[RedisKeyId];

export const USER_KEY_IDS = (Object.keys(REDIS_KEYS) as RedisKeyId[])
  .filter((id): id is UserKeyId => REDIS_KEYS[id].personal === 'user_key');

/**
 * Every key that belongs to one user; all share the {userId} slot, so one DEL removes them.
 * Users also appear as members of shared keys (personal = 'user_member'): segmentActiveUsers,
 * found through the `segment` field of userActive, and contentFeeds, found through the cards of
 * userFeed; both must be read before the DEL.
 */
export function userKeys(userId: string): string[] {
  return USER_KEY_IDS.map((id) => redisKeys[id](userId));
}

export interface ForgetPlan {
  /** Keys to DEL (one command: they share the user's slot). */
  del: string[];
  /** Set after the DEL, in the same slot (one MULTI): late events must not recreate the user's state. */
  mark: { key: string; ttlMs: number };
  /** Shared keys to ZREM the user id from. */
  zrem: { key: string; member: string }[];
}

/**
 * What removes one user from Redis, and the marker left behind. `activeSegment` is the `segment` field of the user's
 * userActive hash, read before the DEL; absent when the user has no recent beacon. `feedContentIds` are the
 * contentIds of the cards of the user's stored feed (userFeed), read before the DEL: the contentFeeds sets of
 * those items hold the user as a member.
 */
export function forgetUserPlan(userId: string, activeSegment?: string, feedContentIds: readonly string[] = []): ForgetPlan {
  const zrem = [
    ...(activeSegment === undefined ? [] : [{ key: redisKeys.segmentActiveUsers(activeSegment), member: userId }]),
    ...feedContentIds.map((contentId) => ({ key: redisKeys.contentFeeds(contentId), member: userId })),
  ];
  return { del: userKeys(userId), mark: { key: redisKeys.userForgotten(userId), ttlMs: FORGOTTEN_MARKER_TTL_MS }, zrem };
}
