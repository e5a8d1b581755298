// What one simulated person does with their phone, without I/O: on each unlock a beacon, then the
// lock screen shows the next card of the current feed that was neither shown nor taken down, and
// the person reacts to it as their hidden preferences make them (@tessera/population's click
// model): an impression with its on-screen time, and maybe a click (then sometimes a like or a
// share) or a dismissal. Every decision comes from the person's own seeded generator, so the same
// seed and the same feeds give the same events.
import type { Feed } from '@tessera/contracts/schemas/feed';
import { clickProbability, drawOutcome } from '@tessera/population/click-model';
import type { Outcome } from '@tessera/population/click-model';
import { fnv1a, mulberry32 } from '@tessera/ranking/random';
import { v7 as uuidv7 } from 'uuid';
import type { ContentBook } from './content-book.js';
import type { Person } from './people.js';

export interface Shown {
  readonly arm: string;
  readonly contentId: string;
  readonly outcome: Outcome;
  /** Interaction events (clicks-tracker's batch), impression first. */
  readonly events: readonly object[];
}

export interface Phone {
  readonly person: Person;
  /** Milliseconds until the next unlock (exponential around the person's mean). */
  nextUnlockInMs(): number;
  beacon(now: number): object;
  /** The card the lock screen shows now and the person's reaction; undefined when nothing is left to show. */
  unlock(feed: Feed | null, removed: ReadonlySet<string>, now: number): Shown | undefined;
}

export function createPhone(person: Person, seed: number, book: ContentBook): Phone {
  const random = mulberry32(fnv1a(person.userId, seed >>> 0));
  const shownInFeed = new Set<string>();
  let shownFeedId: string | undefined;
  return {
    person,
    nextUnlockInMs: () => Math.round(-Math.log(1 - random()) * person.meanUnlockMs),
    beacon(now) {
      return {
        eventId: uuidv7(), occurredAt: now, userId: person.userId, deviceId: person.deviceId,
        appState: 'locked', screenOn: true, locale: person.locale, country: person.profile.country,
        ...(person.profile.region ? { region: person.profile.region } : {}),
        timeZone: person.profile.timeZone, platform: person.platform, appVersion: '3.4.0',
      };
    },
    unlock(feed, removed, now) {
      if (!feed) return undefined;
      if (feed.feedId !== shownFeedId) {
        shownFeedId = feed.feedId;
        shownInFeed.clear();
      }
      const card = feed.cards.find((c) => !removed.has(c.contentId) && !shownInFeed.has(c.contentId) && c.content.expiresAt > now);
      if (!card) return undefined;
      shownInFeed.add(card.contentId);
      const { item, quality } = book.judge(card);
      const outcome = drawOutcome(clickProbability(person, item, quality, now), random);
      const base = { userId: person.userId, deviceId: person.deviceId, contentId: card.contentId, feedId: feed.feedId, position: card.position, surface: 'lock_screen' };
      const event = (type: string, extra: object = {}) => ({ ...base, eventId: uuidv7(), occurredAt: now, type, ...extra });
      // One batch per unlock, sent when the screen goes off; events of one user stay in this order.
      const events: object[] = [event('impression', { onScreenMs: outcome.onScreenMs })];
      if (outcome.click) events.push(event('click'));
      if (outcome.like) events.push(event('like'));
      if (outcome.share) events.push(event('share'));
      if (outcome.dismiss) events.push(event('dismiss'));
      return { arm: feed.arm ?? 'none', contentId: card.contentId, outcome, events };
    },
  };
}
