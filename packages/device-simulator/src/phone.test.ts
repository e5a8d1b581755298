import { describe, expect, it } from 'vitest';
import type { Feed } from '@tessera/contracts/schemas/feed';
import { generateCatalogue } from '@tessera/population/catalogue';
import { createContentBook } from './content-book.js';
import { simulatedPeople } from './people.js';
import { createPhone } from './phone.js';
import { createArmStats } from './stats.js';

const NOW = 1_767_225_600_000;
const catalogue = generateCatalogue({ items: 60, seed: 7, startMs: NOW - 3_600_000, spanMs: 3_600_000 });

function feedOf(index: number, arm: string): Feed {
  const cards = catalogue.slice(index * 10, index * 10 + 10).map((c, position) => ({
    contentId: c.item.contentId, position, score: 0.1, reasons: ['fresh' as const], sourceName: c.item.source.name,
    content: { kind: c.item.kind, url: c.item.url, title: c.item.title, languages: c.item.languages, publishedAt: c.item.publishedAt, expiresAt: c.item.expiresAt, priority: c.item.priority },
  }));
  return { eventId: `0190f1c2-0000-7000-8000-00000000000${index}`, feedId: `0190f1c2-0000-7000-8000-00000000010${index}`, occurredAt: NOW, userId: 'x', model: { name: 'ctr', version: 'v' }, trigger: 'interaction', arm, cards };
}

function run(seed: number) {
  const people = simulatedPeople({ count: 20, seed, idPrefix: 't-' });
  const book = createContentBook(seed, catalogue);
  const decisions: string[] = [];
  for (const person of people) {
    const phone = createPhone(person, seed, book);
    for (let i = 0; i < 5; i += 1) {
      const shown = phone.unlock(feedOf(i % 6, 'model'), new Set(), NOW);
      decisions.push(`${phone.nextUnlockInMs()}:${shown?.contentId}:${JSON.stringify(shown?.outcome)}`);
    }
  }
  return decisions;
}

describe('simulated phones', () => {
  it('are deterministic per seed and differ between seeds', () => {
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('show each card of a feed once, skip removed ones, and start again on a new feed', () => {
    const [person] = simulatedPeople({ count: 1, seed: 1 });
    const phone = createPhone(person!, 1, createContentBook(1, catalogue));
    const feed = feedOf(0, 'popularity');
    const removed = new Set([feed.cards[1]!.contentId]);
    const shown = Array.from({ length: 10 }, () => phone.unlock(feed, removed, NOW)?.contentId);
    expect(shown.slice(0, 9)).toEqual(feed.cards.filter((_, i) => i !== 1).map((c) => c.contentId));
    expect(shown[9]).toBeUndefined();
    expect(phone.unlock(feedOf(1, 'popularity'), new Set(), NOW)?.contentId).toBe(feedOf(1, 'popularity').cards[0]!.contentId);
    expect(phone.unlock(null, new Set(), NOW)).toBeUndefined();
  });

  it('react as their hidden preferences say: cards in a language they do not read are almost never clicked', () => {
    const people = simulatedPeople({ count: 200, seed: 9 });
    const book = createContentBook(9, catalogue);
    let own = 0; let ownClicks = 0; let foreign = 0; let foreignClicks = 0;
    for (const person of people) {
      const phone = createPhone(person, 9, book);
      for (let i = 0; i < 6; i += 1) {
        const feed = feedOf(i, 'model');
        for (;;) {
          const shown = phone.unlock(feed, new Set(), NOW);
          if (!shown) break;
          const reads = catalogue.find((c) => c.item.contentId === shown.contentId)!.item.languages.some((l) => person.profile.languages.includes(l));
          if (reads) { own += 1; ownClicks += shown.outcome.click ? 1 : 0; } else { foreign += 1; foreignClicks += shown.outcome.click ? 1 : 0; }
          expect(shown.events[0]).toMatchObject({ type: 'impression', userId: person.userId, feedId: feed.feedId, contentId: shown.contentId });
          expect(shown.events.some((e) => (e as { type: string }).type === 'click')).toBe(shown.outcome.click);
        }
      }
    }
    expect(ownClicks / own).toBeGreaterThan(3 * (foreignClicks / foreign));
  });

  it('count impressions and clicks per arm', () => {
    const stats = createArmStats();
    stats.count('model', { click: true, like: true, share: false, dismiss: false });
    stats.count('model', { click: false, like: false, share: false, dismiss: true });
    stats.count('popularity', { click: false, like: false, share: false, dismiss: false });
    expect(stats.report()).toEqual([
      { arm: 'model', impressions: 2, clicks: 1, likes: 1, shares: 0, dismissals: 1, ctr: 0.5 },
      { arm: 'popularity', impressions: 1, clicks: 0, likes: 0, shares: 0, dismissals: 0, ctr: 0 },
    ]);
  });
});
