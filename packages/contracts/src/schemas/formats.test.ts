// Field formats and units decided in primitives.ts, exercised through real event schemas.
import { describe, expect, it } from 'vitest';
import { exampleBeacon, exampleContentItem, exampleInteraction } from '../examples.js';
import { validators } from '../validation.js';

const issuesAt = (issues: { path: string; code: string }[], path: string) => issues.filter((i) => i.path === path);

describe('eventId', () => {
  const check = (eventId: string) => validators.Interaction.check(exampleInteraction({ eventId }));

  it('accepts lowercase UUIDv7 and uppercase ULID', () => {
    expect(check('01890a5d-ac96-774b-bcce-b302099a8057')).toBe(true);
    expect(check('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(true);
  });

  it('refuses other UUID versions, non-canonical case and junk', () => {
    expect(check('0d5b7c1e-3b7a-4b8e-9c1d-2f3a4b5c6d7e')).toBe(false); // v4
    expect(check('01890A5D-AC96-774B-BCCE-B302099A8057')).toBe(false); // uppercase UUID
    expect(check('01arz3ndektsv4rrffq69g5fav')).toBe(false); // lowercase ULID
    expect(check('81ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(false); // ULID overflow (first char > 7)
    expect(check('evt-1')).toBe(false);
  });

  it('reports a bad eventId as a format issue', () => {
    const issues = validators.Interaction.issues(exampleInteraction({ eventId: 'evt-1' }));
    expect(issuesAt(issues, '/eventId')).toEqual([expect.objectContaining({ code: 'format' })]);
  });
});

describe('timestamps', () => {
  it('refuses seconds and microseconds where milliseconds are expected', () => {
    const ms = exampleBeacon().occurredAt;
    expect(validators.Beacon.issues(exampleBeacon({ occurredAt: Math.floor(ms / 1000) }))).toEqual([
      expect.objectContaining({ path: '/occurredAt', code: 'minimum' }),
    ]);
    expect(validators.Beacon.issues(exampleBeacon({ receivedAt: ms * 1000 }))).toEqual([
      expect.objectContaining({ path: '/receivedAt', code: 'maximum' }),
    ]);
  });

  it('refuses fractional milliseconds', () => {
    expect(validators.Beacon.check(exampleBeacon({ occurredAt: exampleBeacon().occurredAt + 0.5 }))).toBe(false);
  });
});

describe('languages, countries and regions', () => {
  const locale = (value: string) => validators.Beacon.check(exampleBeacon({ locale: value }));

  it('accepts BCP 47 language[-Script][-Region] in canonical case', () => {
    for (const tag of ['en', 'pt-BR', 'zh-Hant-TW', 'es-419', 'fil']) expect(locale(tag)).toBe(true);
  });

  it('refuses POSIX locales, wrong case and free text', () => {
    for (const tag of ['en_US', 'EN', 'pt-br', 'english', '']) expect(locale(tag)).toBe(false);
  });

  it('accepts ISO 3166 country and subdivision codes only', () => {
    expect(validators.Beacon.check(exampleBeacon({ country: 'DE', region: 'DE-BY' }))).toBe(true);
    expect(validators.Beacon.check(exampleBeacon({ country: 'de' }))).toBe(false);
    expect(validators.Beacon.check(exampleBeacon({ country: 'DEU' }))).toBe(false);
    expect(validators.Beacon.check(exampleBeacon({ region: 'Bavaria' }))).toBe(false);
  });
});

describe('ids and urls', () => {
  it('refuses ids that would break Redis hash tags', () => {
    for (const userId of ['u{1}', 'u:1', 'u 1', '']) {
      expect(validators.Interaction.check(exampleInteraction({ userId }))).toBe(false);
    }
  });

  it('requires an http(s) canonical url and an https image', () => {
    expect(validators.ContentItem.check(exampleContentItem({ url: 'javascript:alert(1)' }))).toBe(false);
    expect(validators.ContentItem.check(exampleContentItem({ imageUrl: 'http://img.example.com/a.jpg' }))).toBe(false);
  });

  it('refuses duplicate categories and too many languages', () => {
    expect(validators.ContentItem.issues(exampleContentItem({ categories: ['space', 'space'] }))).toEqual([
      expect.objectContaining({ path: '/categories', code: 'unique_items' }),
    ]);
    const languages = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'sv'];
    expect(validators.ContentItem.issues(exampleContentItem({ languages }))).toEqual([
      expect.objectContaining({ path: '/languages', code: 'max_items' }),
    ]);
  });
});
