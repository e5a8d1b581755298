import { describe, expect, it } from 'vitest';
import { REDIS_KEY_IDS, REDIS_KEYS } from './key-catalogue.js';
import type { RedisKeyId } from './key-catalogue.js';
import { bucketStart, forgetUserPlan, InvalidKeyPartError, redisKeys, USER_KEY_IDS, userKeys } from './keys.js';
import { parseSegmentId, segmentId } from './segment.js';

/** The part of a key Redis Cluster hashes (its hash-tag rule: first "{", next "}", non-empty). */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

/** A pattern like "s:{<segment>}:counts:<bucketStart>" as a regex with one group per placeholder. */
function patternRegex(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/<[a-zA-Z]+>/g, '([^{}:]+)')}$`);
}

const SEGMENT = segmentId({ language: 'en-GB', country: 'GB', category: 'football' });

// One set of example arguments per builder; the test checks that it matches the catalogue pattern.
const ARGS: Record<RedisKeyId, (string | number)[]> = {
  userProfile: ['u-1'], userForgotten: ['u-1'], userActive: ['u-1'], userState: ['u-1'],
  userFeed: ['u-1'], userPushes: ['u-1'], userPresence: ['u-1'], userBeaconDedup: ['u-1'], userInteractionDedup: ['u-1'],
  segmentActiveUsers: [SEGMENT], segmentWatermarks: [SEGMENT], segmentCounts: [SEGMENT, '10s', 1_795_320_000_000],
  segmentEngagement: [SEGMENT, '1m', 1_795_320_000_000], segmentPopular: [SEGMENT, '5m'], segmentTrending: [SEGMENT],
  segmentMergeLock: [SEGMENT], segmentFresh: [SEGMENT], recentSegments: [],
  contentItem: ['c-42'], contentCounts: ['c-42', '5m', 1_795_320_000_000], contentTotals: ['c-42'], contentFeeds: ['c-42'],
  consumerOffsets: ['users-table', 'users.v1'], deliveryNodeChannel: ['node-a'],
};

const build = (id: RedisKeyId): string => (redisKeys[id] as (...a: unknown[]) => string)(...ARGS[id]);

describe('redis key catalogue', () => {
  it.each(REDIS_KEY_IDS)('%s: the builder produces its documented pattern', (id) => {
    const key = build(id);
    const match = patternRegex(REDIS_KEYS[id].pattern).exec(key);
    expect(match, `${key} !~ ${REDIS_KEYS[id].pattern}`).not.toBeNull();
    expect(match!.slice(1)).toEqual(ARGS[id].map(String));
  });

  it('gives every key a distinct pattern', () => {
    const patterns = REDIS_KEY_IDS.map((id) => REDIS_KEYS[id].pattern);
    expect(new Set(patterns).size).toBe(patterns.length);
  });

  it('documents a reason for every key without a TTL', () => {
    for (const id of REDIS_KEY_IDS) {
      const ttl = REDIS_KEYS[id].ttl;
      if (ttl.kind === 'none') expect(ttl.reason.length, id).toBeGreaterThan(10);
      if (ttl.kind === 'fixed') expect(ttl.ms, id).toBeGreaterThan(0);
    }
  });

  it('keeps all of a segment in one slot, so windows merge with one ZUNIONSTORE', () => {
    const keys = [
      redisKeys.segmentEngagement(SEGMENT, '10s', 0), redisKeys.segmentEngagement(SEGMENT, '10s', 10_000), redisKeys.segmentPopular(SEGMENT, '1h'),
      redisKeys.segmentTrending(SEGMENT), redisKeys.segmentCounts(SEGMENT, '10s', 0), redisKeys.segmentMergeLock(SEGMENT),
    ];
    expect(new Set(keys.map(hashTag))).toEqual(new Set([SEGMENT]));
  });

  it('refuses key parts that would move the hash tag', () => {
    expect(() => redisKeys.userFeed('a}b')).toThrow(InvalidKeyPartError);
    expect(() => redisKeys.userFeed('')).toThrow(InvalidKeyPartError);
    expect(() => redisKeys.segmentCounts(SEGMENT, '10s', -10)).toThrow(InvalidKeyPartError);
    let caught: unknown;
    try {
      redisKeys.userFeed('{x');
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'invalid_key_part', retriable: false });
  });

  it('aligns event times to bucket starts', () => {
    expect(bucketStart(1_795_320_004_321, 10_000)).toBe(1_795_320_000_000);
    expect(bucketStart(1_795_320_010_000, 10_000)).toBe(1_795_320_010_000);
  });
});

describe('forgetting a user', () => {
  it('lists every per-user key, all in the user slot', () => {
    const keys = userKeys('u-1');
    expect(keys).toHaveLength(USER_KEY_IDS.length);
    expect(keys).toContain('u:{u-1}:profile');
    expect(REDIS_KEYS.userProfile.type).toBe('hash'); // streams' table materializer writes a hash
    expect(keys).toContain('u:{u-1}:dedup:interactions');
    expect(new Set(keys.map(hashTag))).toEqual(new Set(['u-1']));
  });

  it('covers every catalogue entry keyed by user id, except the marker left when forgetting', () => {
    const keyedByUser = REDIS_KEY_IDS.filter((id) => REDIS_KEYS[id].pattern.startsWith('u:{<userId>}'));
    expect([...USER_KEY_IDS, 'userForgotten'].sort()).toEqual(keyedByUser.sort());
    expect(REDIS_KEY_IDS.filter((id) => REDIS_KEYS[id].personal === 'forget_marker')).toEqual(['userForgotten']);
  });

  it('plans the DEL of the user keys, the expiring marker and the ZREM from the active segment', () => {
    expect(forgetUserPlan('u-1', SEGMENT)).toEqual({
      del: userKeys('u-1'),
      mark: { key: 'u:{u-1}:forgotten', ttlMs: 7 * 86_400_000 },
      zrem: [{ key: 's:{en-GB.GB.football}:active', member: 'u-1' }],
    });
    expect(userKeys('u-1')).not.toContain('u:{u-1}:forgotten');
    expect(forgetUserPlan('u-1').zrem).toEqual([]);
    expect(forgetUserPlan('u-1', undefined, ['c-1', 'c-2']).zrem).toEqual([
      { key: 'c:{c-1}:feeds', member: 'u-1' }, { key: 'c:{c-2}:feeds', member: 'u-1' },
    ]);
  });

  it('leads from the user to every shared key holding the user as a member', () => {
    const members = REDIS_KEY_IDS.filter((id) => REDIS_KEYS[id].personal === 'user_member');
    expect(members).toEqual(['segmentActiveUsers', 'contentFeeds']);
    expect(REDIS_KEYS.userActive.description).toContain('segment');
    expect(REDIS_KEYS.userFeed.description).toContain('Feed');
  });
});

describe('segment ids', () => {
  it('round-trip, with unknown country and all categories', () => {
    expect(SEGMENT).toBe('en-GB.GB.football');
    expect(parseSegmentId(SEGMENT)).toEqual({ ok: true, value: { language: 'en-GB', country: 'GB', category: 'football' } });
    const broad = segmentId({ language: 'de' });
    expect(broad).toBe('de.ZZ.*');
    expect(parseSegmentId(broad)).toEqual({ ok: true, value: { language: 'de', country: undefined, category: undefined } });
  });

  it('refuse malformed ids', () => {
    for (const bad of ['en', 'en_GB.GB.*', 'en.gb.*', 'en.GB.Football', 'en.GB.*.x']) {
      expect(parseSegmentId(bad)).toMatchObject({ ok: false, error: { code: 'invalid_key_part' } });
    }
  });
});
