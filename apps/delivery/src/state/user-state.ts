// A user's delivery state in Redis: the pushes stream (every change with its resume offset, see
// scripts.ts) and, read-only, the recommender's latest feed (u:{userId}:feed) used when the stream
// has expired (read by the same script, same slot). The stream is the source of truth for what was pushed: every node appends through
// the same scripts, so offsets are one sequence per user no matter which node did the work.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Redis } from 'ioredis';
import type { UserState } from '../protocol/messages.js';
import { APPEND_FEED, APPEND_REMOVE, READ_SINCE } from './scripts.js';

/** What the stream needs to know about a feed besides its JSON. */
export interface FeedFacts {
  readonly feedJson: string;
  readonly eventId: string;
  readonly feedId: string;
  readonly occurredAt: number;
  readonly contentIds: readonly string[];
}

export type AppendFeedResult =
  | { readonly status: 'new' | 'dup'; readonly state: UserState; readonly presence: PresenceFields }
  | { readonly status: 'stale' };

/** The user's presence hash as stored (node -> ms until which it counts); see presence.ts. */
export type PresenceFields = readonly string[];

export type AppendRemoveResult =
  | { readonly status: 'new' | 'already'; readonly state: UserState }
  | { readonly status: 'absent' };

export interface Change {
  readonly offset: string;
  readonly kind: 'feed' | 'remove';
  readonly contentId: string;
  readonly feedId: string;
}

export interface ReadSinceResult {
  /** The current state; null when the stream is empty or expired. */
  readonly current: UserState | null;
  /** When `current` is null: the recommender's latest feed JSON (u:{userId}:feed), if any. */
  readonly recommenderFeed?: string | null;
  /** Set when lastOffset is still in the stream: the changes after it, oldest first. */
  readonly since?: { readonly feedIdAtOffset: string; readonly removedAtOffset: readonly string[]; readonly changes: readonly Change[] };
}

export interface UserStateStore {
  /** Appends the feed and returns, in the same round trip, the user's presence for routing. */
  appendFeed(userId: string, feed: FeedFacts, removed: readonly string[]): Promise<AppendFeedResult>;
  appendRemove(userId: string, contentId: string): Promise<AppendRemoveResult>;
  /** The current state and what a device at lastOffset lacks; one round trip. */
  readSince(userId: string, lastOffset: string | null): Promise<ReadSinceResult>;
}

export interface UserStateOptions {
  /** Approximate cap on entries per user (MAXLEN ~). */
  readonly historyLength: number;
  /** The stream expires this long after its last change. */
  readonly historyTtlMs: number;
}

type Reply = (string | null)[];
interface Scripted {
  deliveryAppendFeed(pushes: string, presence: string, ...args: (string | number)[]): Promise<(string | string[])[]>;
  deliveryAppendRemove(key: string, ...args: (string | number)[]): Promise<Reply>;
  deliveryReadSince(pushes: string, feed: string, lastOffset: string): Promise<Reply>;
}

const split = (list: string | null | undefined): string[] => (list ? list.split(' ').filter((x) => x.length > 0) : []);

function stateOf(reply: Reply, at: number): UserState {
  return { offset: reply[at] as string, feedId: reply[at + 1] as string, feedJson: reply[at + 2] as string, removed: split(reply[at + 3]), cards: split(reply[at + 4]) };
}

export function createUserStateStore(redis: Redis, options: UserStateOptions): UserStateStore {
  if (!('deliveryAppendFeed' in redis)) {
    redis.defineCommand('deliveryAppendFeed', { numberOfKeys: 2, lua: APPEND_FEED });
    redis.defineCommand('deliveryAppendRemove', { numberOfKeys: 1, lua: APPEND_REMOVE });
    redis.defineCommand('deliveryReadSince', { numberOfKeys: 2, lua: READ_SINCE });
  }
  const r = redis as unknown as Scripted;
  const { historyLength, historyTtlMs } = options;

  return {
    async appendFeed(userId, feed, removed) {
      const reply = await r.deliveryAppendFeed(redisKeys.userPushes(userId), redisKeys.userPresence(userId), feed.feedJson, feed.eventId,
        feed.occurredAt, feed.feedId, feed.contentIds.join(' '), removed.join(' '), historyLength, historyTtlMs);
      if (reply[0] === 'stale') return { status: 'stale' };
      const presence = reply[1] as string[];
      if (reply[0] === 'dup') return { status: 'dup', state: stateOf(reply.slice(2) as Reply, 0), presence };
      return { status: 'new', presence, state: { offset: reply[2] as string, feedId: feed.feedId, feedJson: feed.feedJson, removed, cards: feed.contentIds } };
    },
    async appendRemove(userId, contentId) {
      const reply = await r.deliveryAppendRemove(redisKeys.userPushes(userId), contentId, historyLength, historyTtlMs);
      if (reply[0] === 'absent') return { status: 'absent' };
      return { status: reply[0] as 'new' | 'already', state: stateOf(reply, 1) };
    },
    async readSince(userId, lastOffset) {
      const reply = await r.deliveryReadSince(redisKeys.userPushes(userId), redisKeys.userFeed(userId), lastOffset ?? '');
      if (reply.length === 1) return { current: null, recommenderFeed: reply[0] ?? null };
      const current = stateOf(reply, 0);
      if (reply.length === 5) return { current };
      const changes: Change[] = [];
      for (let i = 7; i + 3 < reply.length; i += 4) {
        changes.push({ offset: reply[i] as string, kind: reply[i + 1] === 'remove' ? 'remove' : 'feed', contentId: reply[i + 2] ?? '', feedId: reply[i + 3] as string });
      }
      return { current, since: { feedIdAtOffset: reply[5] as string, removedAtOffset: split(reply[6]), changes } };
    },
  };
}
