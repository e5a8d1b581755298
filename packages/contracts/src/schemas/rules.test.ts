// Cross-field rules, optional enrichment and forward compatibility of the event schemas.
import { describe, expect, it } from 'vitest';
import {
  exampleContentItem, exampleDeadLetter, exampleEnrichedBeacon, exampleEnrichedInteraction, exampleFeed,
  exampleInteraction, exampleModelRelease,
} from '../examples.js';
import { validators } from '../validation.js';

describe('interaction rules', () => {
  it('requires onScreenMs on impressions and watchedMs on watches', () => {
    const impression = exampleInteraction({ type: 'impression', onScreenMs: undefined });
    delete impression.onScreenMs;
    expect(validators.Interaction.issues(impression)).toEqual([
      { path: '/onScreenMs', code: 'required', message: 'impression requires onScreenMs' },
    ]);
    const watch = exampleInteraction({ type: 'watch' });
    expect(validators.Interaction.issues(watch)).toEqual([
      expect.objectContaining({ path: '/watchedMs', code: 'required' }),
    ]);
    expect(validators.Interaction.check({ ...watch, watchedMs: 15_000 })).toBe(true);
  });

  it('does not require durations on other types', () => {
    const click = exampleInteraction({ type: 'click' });
    delete click.onScreenMs;
    expect(validators.Interaction.check(click)).toBe(true);
  });

  it('applies the same rules to enriched interactions', () => {
    const enriched = exampleEnrichedInteraction({ type: 'watch' });
    expect(validators.EnrichedInteraction.check(enriched)).toBe(false);
  });
});

describe('enriched events', () => {
  it('accept a missing user (unknown user is not an error)', () => {
    const beacon = exampleEnrichedBeacon();
    delete beacon.user;
    expect(validators.EnrichedBeacon.issues(beacon)).toEqual([]);
    const interaction = exampleEnrichedInteraction();
    delete interaction.user;
    expect(validators.EnrichedInteraction.issues(interaction)).toEqual([]);
  });

  it('validate the user attributes when present', () => {
    const beacon = exampleEnrichedBeacon({ user: { ...exampleEnrichedBeacon().user!, country: 'gb' } });
    expect(validators.EnrichedBeacon.issues(beacon)).toEqual([
      expect.objectContaining({ path: '/user/country', code: 'format' }),
    ]);
  });
});

describe('content, feed, model and dead-letter rules', () => {
  it('refuses content that expires before it is published', () => {
    const item = exampleContentItem();
    expect(validators.ContentItem.issues({ ...item, expiresAt: item.publishedAt })).toEqual([
      expect.objectContaining({ path: '/expiresAt', code: 'minimum' }),
    ]);
  });

  it('requires card positions to equal their index', () => {
    const feed = exampleFeed();
    const card = feed.cards[0]!;
    const twoCards = { ...feed, cards: [card, { ...card, contentId: 'c-43', position: 0 }] };
    expect(validators.Feed.issues(twoCards)).toEqual([
      expect.objectContaining({ path: '/cards/1/position', code: 'invalid' }),
    ]);
    expect(validators.Feed.check({ ...twoCards, cards: [card, { ...card, contentId: 'c-43', position: 1 }] })).toBe(true);
  });

  it('refuses duplicates in set-like arrays (user languages, card reasons)', () => {
    const user = { ...exampleEnrichedInteraction().user!, languages: ['en', 'en'] };
    expect(validators.EnrichedInteraction.issues(exampleEnrichedInteraction({ user }))).toEqual([
      expect.objectContaining({ path: '/user/languages', code: 'unique_items' }),
    ]);
    const feed = exampleFeed();
    const card = { ...feed.cards[0]!, reasons: ['fresh', 'fresh'] as ['fresh', 'fresh'] };
    expect(validators.Feed.issues({ ...feed, cards: [card] })).toEqual([
      expect.objectContaining({ path: '/cards/0/reasons', code: 'unique_items' }),
    ]);
  });

  it('accepts an empty feed', () => {
    expect(validators.Feed.check(exampleFeed({ cards: [] }))).toBe(true);
  });

  it('requires the evaluation window to follow the training window', () => {
    const release = exampleModelRelease();
    const overlapping = { ...release, evaluationWindow: { from: release.trainingWindow.from, to: release.evaluationWindow.to } };
    expect(validators.ModelRelease.issues(overlapping)).toEqual([
      expect.objectContaining({ path: '/evaluationWindow/from', code: 'minimum' }),
    ]);
  });

  it('keeps null key and value in dead letters and refuses non-base64 bytes', () => {
    expect(validators.DeadLetter.check(exampleDeadLetter({ key: null, value: null }))).toBe(true);
    expect(validators.DeadLetter.issues(exampleDeadLetter({ value: 'not base64!' }))).toEqual([
      expect.objectContaining({ path: '/value', code: 'format' }),
    ]);
    expect(validators.DeadLetter.issues(exampleDeadLetter({ value: 'A'.repeat(1_400_004) }))).toEqual([
      expect.objectContaining({ path: '/value', code: 'max_length' }),
    ]);
  });
});

describe('issues', () => {
  it('accepts unknown extra fields, so producers can add optional fields before consumers upgrade', () => {
    expect(validators.Interaction.check({ ...exampleInteraction(), addedLater: 'x' })).toBe(true);
  });

  it('strips unknown fields, deeply, without touching the input', () => {
    const input = { ...exampleEnrichedInteraction(), addedLater: 'x' };
    (input.user as Record<string, unknown>).secret = 'y';
    const stripped = validators.EnrichedInteraction.strip(input);
    expect(stripped).toEqual(exampleEnrichedInteraction());
    expect(input).toHaveProperty('addedLater', 'x');
    expect(input.user).toHaveProperty('secret', 'y');
  });

  it('reports at most the limit, one per path', () => {
    const issues = validators.Interaction.issues({}, 3);
    expect(issues).toHaveLength(3);
    expect(new Set(issues.map((i) => i.path)).size).toBe(3);
    expect(validators.Interaction.issues({}).map((i) => i.path)).toEqual([
      '/eventId', '/occurredAt', '/receivedAt', '/userId', '/deviceId', '/type', '/contentId', '/feedId', '/position',
    ]);
  });

  it('lists the allowed values of an enum', () => {
    const issues = validators.Interaction.issues(exampleInteraction({ type: 'hover' as 'click' }));
    expect(issues).toEqual([
      { path: '/type', code: 'enum', message: 'must be one of: impression, click, watch, scroll, like, share, dismiss' },
    ]);
  });
});
