// The Redis key catalogue: every key pattern any app writes, with its owner, data type, TTL and
// purpose. Three hash tags keep related keys in one Redis Cluster slot, so one script or
// MULTI/EXEC can touch them together: {userId} for a user's keys, {segment} for a segment's
// buckets and trending lists (ZUNIONSTORE needs one slot), {contentId} for a content item's.
// Cross-slot transactions are impossible in a cluster: aggregate keys therefore carry their own
// input watermarks (see segmentCounts) instead of sharing a MULTI with a global offsets key.

export type RedisType = 'string' | 'hash' | 'zset' | 'list' | 'stream' | 'channel';

export type Ttl =
  | { kind: 'fixed'; ms: number; refreshedOnWrite: boolean }
  | { kind: 'expire_at'; when: string }
  | { kind: 'none'; reason: string };

/**
 * How the key relates to one user's personal data (the right to be forgotten): 'user_key' is
 * deleted with the user, 'user_member' holds the user as a member of a shared key, and
 * 'forget_marker' is written when the user is forgotten (it holds no attributes, only that the
 * id was deleted, and expires) so late events cannot bring the user's state back.
 */
export type Personal = 'user_key' | 'user_member' | 'forget_marker' | 'none';

export interface RedisKeyDefinition {
  readonly pattern: string;
  readonly type: RedisType;
  readonly owner: string;
  readonly readers: readonly string[];
  readonly ttl: Ttl;
  readonly personal: Personal;
  readonly description: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Longest sliding window (1 h) plus the late-event grace period plus margin.
export const AGGREGATE_BUCKET_TTL_MS = 2 * HOUR;
export const AGGREGATE_BUCKET_MS = 10 * SECOND;
export const POPULAR_WINDOWS = ['1m', '5m', '1h'] as const;
export type PopularWindow = (typeof POPULAR_WINDOWS)[number];
/** Bucket sizes of the event-time aggregates: 10 s buckets for the 1 minute window, 1 min for 5 minutes, 5 min for the hour. */
export const BUCKET_GRANULARITIES = ['10s', '1m', '5m'] as const;
export type BucketGranularity = (typeof BUCKET_GRANULARITIES)[number];
export const DEDUP_WINDOW_MS = 1 * HOUR;
// beacons.v1's retention: no replay of raw beacons can be older than this, so after it no late
// beacon of a deleted user can arrive and the marker may go.
export const FORGOTTEN_MARKER_TTL_MS = 7 * DAY;

const fixed = (ms: number, refreshedOnWrite = true): Ttl => ({ kind: 'fixed', ms, refreshedOnWrite });

export const REDIS_KEYS = {
  userProfile: {
    pattern: 'u:{<userId>}:profile', type: 'hash', owner: 'users-table',
    readers: ['beacon-enricher', 'interactions-enricher', 'recommender'],
    ttl: { kind: 'none', reason: 'mirrors compacted users.v1: removed by the tombstone; an expiry would make enrichers silently lose quiet users' },
    personal: 'user_key',
    description: 'Latest users.v1 record, written by streams materializeTable: fields value (UserProfile JSON), partition, offset and source (the replay guard, within one source log); read it with streams tableReader, never HGET value by hand',
  },
  userForgotten: {
    pattern: 'u:{<userId>}:forgotten', type: 'string', owner: 'users-table', readers: ['beacon-enricher'],
    ttl: fixed(FORGOTTEN_MARKER_TTL_MS, false), personal: 'forget_marker',
    description: 'Set (value "1") when a users.v1 tombstone forgot the user; while it exists and the user has no profile, the active registry ignores the user\'s late beacons',
  },
  userActive: {
    pattern: 'u:{<userId>}:active', type: 'hash', owner: 'beacon-enricher', readers: ['recommender'],
    ttl: fixed(1 * DAY), personal: 'user_key',
    description: 'Last beacon: fields lastSeenAt, appState, deviceId, segment (the segmentActiveUsers set holding the user)',
  },
  userState: {
    pattern: 'u:{<userId>}:state', type: 'hash', owner: 'recommender', readers: ['recommender'],
    ttl: fixed(30 * DAY), personal: 'user_key',
    description: 'Online user state (packages/features UserState: decayed category and source affinities, recent engagements, seen and hidden items) as JSON in field "state", and field wm:<partition> = last interactions.enriched.v1 offset applied (replays are skipped)',
  },
  userFeed: {
    pattern: 'u:{<userId>}:feed', type: 'string', owner: 'recommender', readers: ['delivery'],
    ttl: fixed(1 * DAY), personal: 'user_key',
    description: 'Latest Feed as JSON, read by delivery when a device connects (same retention as recommendations.v2)',
  },
  userPushes: {
    pattern: 'u:{<userId>}:pushes', type: 'stream', owner: 'delivery', readers: ['delivery'],
    ttl: fixed(5 * MINUTE), personal: 'user_key',
    description: 'Every change delivery made to the user\'s state (a new feed, a card taken down), each entry holding the full state after it (feed JSON, its card ids, the ids removed since); capped (MAXLEN ~ PUSH_HISTORY, 32); the entry id is the resume offset a device sends after a reconnect',
  },
  userPresence: {
    pattern: 'u:{<userId>}:presence', type: 'hash', owner: 'delivery', readers: ['delivery'],
    ttl: fixed(90 * SECOND), personal: 'user_key',
    description: 'Delivery nodes holding sockets of the user: field = nodeId, value = ms until which the field counts (one user may have devices on several nodes); each node refreshes its users every TTL/3, so a dead node stops counting within the TTL',
  },
  userBeaconDedup: {
    pattern: 'u:{<userId>}:dedup:beacons', type: 'zset', owner: 'beacon-enricher', readers: [],
    ttl: fixed(DEDUP_WINDOW_MS), personal: 'user_key',
    description: 'eventIds seen in the dedup window: member eventId, score = receivedAt; ZADD NX decides first sight',
  },
  userInteractionDedup: {
    pattern: 'u:{<userId>}:dedup:interactions', type: 'zset', owner: 'interactions-enricher', readers: [],
    ttl: fixed(DEDUP_WINDOW_MS), personal: 'user_key',
    description: 'eventIds seen in the dedup window: member eventId, score = receivedAt; ZADD NX decides first sight',
  },
  segmentActiveUsers: {
    pattern: 's:{<segment>}:active', type: 'zset', owner: 'beacon-enricher', readers: ['recommender', 'dashboards'],
    ttl: { kind: 'none', reason: 'shared by all users of the segment; trimmed by score (older than 1 day) on write instead' },
    personal: 'user_member', description: 'Active users: member userId, score = last beacon ms (category is "*")',
  },
  segmentWatermarks: {
    pattern: 's:{<segment>}:wm', type: 'hash', owner: 'recommender', readers: ['recommender'],
    ttl: fixed(AGGREGATE_BUCKET_TTL_MS), personal: 'none',
    description: 'Field wm:<topic>:<partition> = last offset whose events were added to the segment\'s buckets; the update script skips events at or below it, so a replay never counts twice',
  },
  segmentCounts: {
    pattern: 's:{<segment>}:counts:<granularity>:<bucketStart>', type: 'hash', owner: 'recommender', readers: ['recommender', 'dashboards'],
    ttl: { kind: 'expire_at', when: `bucketStart + ${AGGREGATE_BUCKET_TTL_MS} ms` }, personal: 'none',
    description: 'Event-time bucket totals of a segment (granularity 10s, 1m or 5m): impression, engagement, click, watch, like, share, dismiss; written by the script guarded by segmentWatermarks',
  },
  segmentEngagement: {
    pattern: 's:{<segment>}:engagement:<granularity>:<bucketStart>', type: 'zset', owner: 'recommender', readers: ['recommender'],
    ttl: { kind: 'expire_at', when: `bucketStart + ${AGGREGATE_BUCKET_TTL_MS} ms` }, personal: 'none',
    description: 'Engagements per content item in the bucket; written in the same script as segmentCounts (same slot, same watermark)',
  },
  segmentPopular: {
    pattern: 's:{<segment>}:popular:<window>', type: 'zset', owner: 'recommender', readers: ['recommender', 'dashboards'],
    ttl: fixed(10 * MINUTE), personal: 'none',
    description: 'Top-K content of the segment by engagements in the window (1m, 5m, 1h), merged from the engagement buckets; expires when a segment goes quiet',
  },
  segmentTrending: {
    pattern: 's:{<segment>}:trending', type: 'zset', owner: 'recommender', readers: ['recommender', 'dashboards'],
    ttl: fixed(10 * MINUTE), personal: 'none',
    description: 'Top-K content of the segment by rate of increase: engagement rate of the last 5 minutes against the item\'s own last hour (not volume)',
  },
  segmentMergeLock: {
    pattern: 's:{<segment>}:merge-lock', type: 'string', owner: 'recommender', readers: [],
    ttl: fixed(5 * SECOND, false), personal: 'none',
    description: 'Held (SET NX PX) by the recommender process that merges the segment\'s windows, so several processes do not repeat the work',
  },
  segmentFresh: {
    pattern: 's:{<segment>}:fresh', type: 'zset', owner: 'recommender', readers: ['recommender'],
    ttl: fixed(2 * DAY), personal: 'none',
    description: 'Showable content of a segment <language>.ZZ.<category|*>: member contentId, score = expiresAt (expired members removed by score on write and read); taken-down items removed at once',
  },
  recentSegments: {
    pattern: 'recent-segments', type: 'zset', owner: 'recommender', readers: ['recommender'],
    ttl: { kind: 'none', reason: 'one small index of all segments; trimmed by score (older than 1 hour) on write instead' }, personal: 'none',
    description: 'Segments with engagement recently: member segment id, score = last event time; the window merger walks it',
  },
  contentItem: {
    pattern: 'c:{<contentId>}:item', type: 'hash', owner: 'recommender', readers: ['recommender'],
    ttl: { kind: 'expire_at', when: 'ContentItem.expiresAt; deleted at once on a takedown' }, personal: 'none',
    description: 'Latest content.v1 record, materialized by streams materializeTable: fields value (ContentItem JSON), partition, offset, source; read with tableReader',
  },
  contentCounts: {
    pattern: 'c:{<contentId>}:counts:<granularity>:<bucketStart>', type: 'hash', owner: 'recommender', readers: ['recommender'],
    ttl: { kind: 'expire_at', when: `bucketStart + ${AGGREGATE_BUCKET_TTL_MS} ms` }, personal: 'none',
    description: 'Event-time bucket totals of one item (granularity 10s, 1m or 5m): impression, engagement, click, watch, like, share, dismiss; written by the script guarded by contentTotals',
  },
  contentTotals: {
    pattern: 'c:{<contentId>}:totals', type: 'hash', owner: 'recommender', readers: ['recommender'],
    ttl: fixed(7 * DAY), personal: 'none',
    description: 'Counts of one item so far, firstAt/lastAt engagement times, and fields wm:<topic>:<partition> = last offset applied: the guard of the script that also writes the item\'s contentCounts buckets',
  },
  contentFeeds: {
    pattern: 'c:{<contentId>}:feeds', type: 'zset', owner: 'recommender', readers: ['recommender'],
    ttl: fixed(1 * DAY), personal: 'user_member',
    description: 'Users whose stored feed (userFeed) shows the item: member userId, score = feed time; a takedown recomputes exactly these users',
  },
  consumerOffsets: {
    pattern: 'o:{<group>}:<topic>', type: 'hash', owner: 'streams (table materializers)', readers: ['streams (table materializers)'],
    ttl: { kind: 'none', reason: 'losing it forces a full replay of the topic' }, personal: 'none',
    description: 'Next offset to read per partition (field = partition) for consumers that materialize a topic into Redis, and field source = <Kafka cluster id>/<epoch> of the log those offsets belong to (another log: the table is rebuilt)',
  },
  deliveryNodeChannel: {
    pattern: 'n:{<nodeId>}:feeds', type: 'channel', owner: 'delivery', readers: ['delivery'],
    ttl: { kind: 'none', reason: 'a pub/sub channel (SPUBLISH/SSUBSCRIBE), not a stored key' }, personal: 'none',
    description: 'Feeds forwarded to the delivery node that holds the user socket (see userPresence)',
  },
} as const satisfies Record<string, RedisKeyDefinition>;

export type RedisKeyId = keyof typeof REDIS_KEYS;
export const REDIS_KEY_IDS = Object.keys(REDIS_KEYS) as RedisKeyId[];
