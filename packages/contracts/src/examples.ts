// Valid example of every event, for tests here and in other packages ("a valid interaction, but
// with type = click"). Each call returns a fresh object, so callers may mutate it.
import type { Beacon } from './schemas/beacon.js';
import type { ContentItem } from './schemas/content-item.js';
import type { DeadLetter } from './schemas/dead-letter.js';
import type { EnrichedBeacon, EnrichedInteraction } from './schemas/enriched.js';
import type { Feed } from './schemas/feed.js';
import type { Interaction } from './schemas/interaction.js';
import type { ModelRelease } from './schemas/model-release.js';
import type { UserAttributes, UserProfile } from './schemas/user-profile.js';

// 2026-11-22T04:00:00Z; fixed so examples are deterministic.
export const EXAMPLE_NOW = 1_795_320_000_000;
export const EXAMPLE_EVENT_ID = '01890a5d-ac96-774b-bcce-b302099a8057';
export const EXAMPLE_FEED_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const HOUR = 3_600_000;

export function exampleContentItem(overrides: Partial<ContentItem> = {}): ContentItem {
  return {
    eventId: EXAMPLE_EVENT_ID, occurredAt: EXAMPLE_NOW - 2000, receivedAt: EXAMPLE_NOW - 1000,
    contentId: 'c-42', storyId: 'story-7', kind: 'news',
    url: 'https://news.example.com/2026/11/22/rover-lands', title: 'Rover lands on Mars',
    summary: 'The rover touched down after a seven-month trip.',
    imageUrl: 'https://img.example.com/rover.jpg',
    languages: ['en'], regions: ['GB', 'US'], categories: ['science', 'space'], priority: 'normal',
    publishedAt: EXAMPLE_NOW - HOUR, expiresAt: EXAMPLE_NOW + 24 * HOUR,
    source: { sourceId: 'example-news', name: 'Example News', via: 'rss' },
    ...overrides,
  };
}

export function exampleUserAttributes(overrides: Partial<UserAttributes> = {}): UserAttributes {
  return {
    createdAt: EXAMPLE_NOW - 400 * 24 * HOUR, updatedAt: EXAMPLE_NOW - 10 * HOUR,
    ageBand: '25-34', country: 'GB', region: 'GB-SCT', languages: ['en-GB', 'gd'],
    interests: ['football', 'space'], timeZone: 'Europe/London',
    ...overrides,
  };
}

export function exampleUserProfile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    eventId: EXAMPLE_EVENT_ID, occurredAt: EXAMPLE_NOW - 2000, receivedAt: EXAMPLE_NOW - 1000,
    userId: 'u-1', ...exampleUserAttributes(),
    ...overrides,
  };
}

export function exampleBeacon(overrides: Partial<Beacon> = {}): Beacon {
  return {
    eventId: EXAMPLE_EVENT_ID, occurredAt: EXAMPLE_NOW - 300, receivedAt: EXAMPLE_NOW,
    userId: 'u-1', deviceId: 'd-1', appState: 'locked', screenOn: true, locale: 'en-GB',
    country: 'GB', timeZone: 'Europe/London', platform: 'android', appVersion: '3.14.1', osVersion: '15',
    ...overrides,
  };
}

export function exampleEnrichedBeacon(overrides: Partial<EnrichedBeacon> = {}): EnrichedBeacon {
  return { ...exampleBeacon(), enrichedAt: EXAMPLE_NOW + 5, user: exampleUserAttributes(), ...overrides };
}

export function exampleInteraction(overrides: Partial<Interaction> = {}): Interaction {
  return {
    eventId: EXAMPLE_EVENT_ID, occurredAt: EXAMPLE_NOW - 300, receivedAt: EXAMPLE_NOW,
    userId: 'u-1', deviceId: 'd-1', type: 'impression', contentId: 'c-42', feedId: EXAMPLE_FEED_ID,
    position: 0, surface: 'lock_screen', onScreenMs: 2300,
    ...overrides,
  };
}

export function exampleEnrichedInteraction(overrides: Partial<EnrichedInteraction> = {}): EnrichedInteraction {
  return { ...exampleInteraction(), enrichedAt: EXAMPLE_NOW + 5, user: exampleUserAttributes(), ...overrides };
}

export function exampleFeed(overrides: Partial<Feed> = {}): Feed {
  const item = exampleContentItem();
  return {
    eventId: EXAMPLE_FEED_ID, feedId: EXAMPLE_FEED_ID, occurredAt: EXAMPLE_NOW, userId: 'u-1',
    model: { name: 'ctr', version: '2026-11-22T0300Z' }, trigger: 'interaction', triggerEventId: EXAMPLE_EVENT_ID,
    cards: [{
      contentId: item.contentId, position: 0, score: 0.12, reasons: ['trending_in_segment', 'category_affinity'],
      sourceName: item.source.name,
      content: {
        kind: item.kind, url: item.url, title: item.title, summary: item.summary, imageUrl: item.imageUrl,
        languages: item.languages, publishedAt: item.publishedAt, expiresAt: item.expiresAt, priority: item.priority,
      },
    }],
    ...overrides,
  };
}

export function exampleModelRelease(overrides: Partial<ModelRelease> = {}): ModelRelease {
  return {
    eventId: EXAMPLE_EVENT_ID, occurredAt: EXAMPLE_NOW, name: 'ctr', version: '2026-11-22T0300Z', format: 'onnx',
    objectKey: 'models/ctr/2026-11-22T0300Z/model.onnx', sha256: 'a'.repeat(64),
    modelCardKey: 'models/ctr/2026-11-22T0300Z/MODEL_CARD.md',
    features: ['ctr_segment_1h', 'affinity_category', 'age_band', 'hour_of_day'],
    trainingWindow: { from: EXAMPLE_NOW - 7 * 24 * HOUR, to: EXAMPLE_NOW - 24 * HOUR },
    evaluationWindow: { from: EXAMPLE_NOW - 24 * HOUR, to: EXAMPLE_NOW },
    metrics: { auc: 0.71, logLoss: 0.32, baselineAuc: 0.64, baselineLogLoss: 0.35, trainExamples: 1_200_000, evalExamples: 200_000 },
    ...overrides,
  };
}

export function exampleDeadLetter(overrides: Partial<DeadLetter> = {}): DeadLetter {
  return {
    eventId: EXAMPLE_EVENT_ID, occurredAt: EXAMPLE_NOW,
    source: { topic: 'interactions.v1', partition: 2, offset: '18446744073709', timestamp: EXAMPLE_NOW - 1000, consumerGroup: 'interactions-enricher' },
    error: { code: 'schema_violation', message: 'Interaction /type: must be one of: impression, click', retriable: false, attempts: 1 },
    key: Buffer.from('u-1').toString('base64'), value: Buffer.from('{"type":"hover"}').toString('base64'),
    headers: [{ key: 'traceparent', value: Buffer.from('00-abc-def-01').toString('base64') }],
    ...overrides,
  };
}
