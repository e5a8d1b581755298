import { validators } from '@tessera/contracts/validation';
import { describe, expect, it } from 'vitest';
import { generateCatalogue } from './catalogue.js';
import { clickProbability } from './click-model.js';
import { simulateImpressions } from './impressions.js';
import { generateUsers } from './users.js';

const T0 = Date.UTC(2026, 10, 1);

describe('population', () => {
  it('is deterministic for a seed and produces events the contracts accept', () => {
    const make = () => {
      const catalogue = generateCatalogue({ items: 50, seed: 4, startMs: T0, spanMs: 3_600_000 });
      const users = generateUsers({ users: 10, seed: 4, createdAtMs: T0 - 86_400_000 });
      return { catalogue, users, log: simulateImpressions({ users, catalogue, impressions: 300, startMs: T0 + 600_000, spanMs: 3_000_000, seed: 4 }) };
    };
    const a = make();
    const b = make();
    expect(JSON.stringify(a.log.events)).toBe(JSON.stringify(b.log.events));
    for (const c of a.catalogue) expect(validators.ContentItem.issues(c.item)).toEqual([]);
    for (const u of a.users) expect(validators.UserProfile.issues({ eventId: '018bcfe5-6800-7070-9c1c-1f0707070707', occurredAt: T0, receivedAt: T0, userId: u.userId, ...u.profile })).toEqual([]);
    for (const e of a.log.events) expect(validators.EnrichedInteraction.issues(e)).toEqual([]);
    expect(a.log.events.map((e) => e.occurredAt)).toEqual([...a.log.events.map((e) => e.occurredAt)].sort((x, y) => x - y));
    expect(a.log.truth.size).toBe(a.log.events.filter((e) => e.type === 'impression').length);
    expect(a.log.events.some((e) => e.type === 'click')).toBe(true);
  });

  it('makes clicks likelier for favourite categories and rare in unread languages', () => {
    const [user] = generateUsers({ users: 1, seed: 9, createdAtMs: T0 });
    const favourite = [...user!.hidden.categories.keys()][0]!;
    const catalogue = generateCatalogue({ items: 200, seed: 9, startMs: T0, spanMs: 60_000 });
    const base = catalogue[0]!.item;
    const own = { ...base, categories: [favourite], languages: [user!.profile.languages[0]!] };
    const other = { ...own, categories: ['no-such-category'] };
    const foreign = { ...own, languages: ['xx'] };
    const at = base.publishedAt + 60_000;
    expect(clickProbability(user!, own, 0, at)).toBeGreaterThan(clickProbability(user!, other, 0, at) * 2);
    expect(clickProbability(user!, foreign, 0, at)).toBeLessThan(clickProbability(user!, own, 0, at) / 10);
  });
});
