// What delivery reads from a Feed: its identity, time and card ids. The feed itself travels as
// the JSON it was produced with. A feed read from the recommender's Redis key is validated like
// one consumed from Kafka, so a bad value there is refused the same way.
import { validators } from '@tessera/contracts/validation';
import type { Feed } from '@tessera/contracts/schemas/feed';
import type { FeedFacts } from './user-state.js';

export function factsOf(feed: Feed, feedJson: string): FeedFacts {
  return { feedJson, eventId: feed.eventId, feedId: feed.feedId, occurredAt: feed.occurredAt, contentIds: feed.cards.map((c) => c.contentId) };
}

export type StoredFeed = { ok: true; facts: FeedFacts; userId: string } | { ok: false; reason: string };

/** Parses and validates the JSON of u:{userId}:feed. */
export function parseStoredFeed(text: string): StoredFeed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = validators.Feed.parse(value);
  if (!parsed.ok) return { ok: false, reason: parsed.error.message };
  return { ok: true, facts: factsOf(parsed.value, text), userId: parsed.value.userId };
}
