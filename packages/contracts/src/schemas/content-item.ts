// ContentItem: one card-able piece of content as published on content.v1 (key = contentId).
// A null value on content.v1 is a takedown; this schema describes live items only.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { uniqueStrings } from './rule.js';
import type { Rule } from './rule.js';
import {
  Category, ContentId, Country, EpochMs, EventId, HttpUrl, HttpsUrl, Id, Language, OccurredAt,
  ReceivedAt, StringEnum, Text,
} from './primitives.js';

export const CONTENT_KINDS = ['news', 'sports', 'fun_fact', 'game', 'video', 'weather'] as const;

// "breaking" lets the recommender recompute feeds of every active user in the item's segments;
// "high" only boosts ranking.
export const CONTENT_PRIORITIES = ['normal', 'high', 'breaking'] as const;

export const INGEST_CHANNELS = ['rss', 'atom', 'push'] as const;

export const ContentSource = Type.Object(
  {
    sourceId: Id('Aggregator source id (one feed or one push client)'),
    name: Text(120, 'Publisher name shown on the card'),
    via: StringEnum(INGEST_CHANNELS, { description: 'How the aggregator received the item' }),
  },
  { title: 'ContentSource' },
);

export const ContentItem = Type.Object(
  {
    eventId: EventId('Id of this revision of the item; a new revision gets a new eventId'),
    occurredAt: OccurredAt(),
    receivedAt: ReceivedAt(),
    contentId: ContentId(),
    storyId: Id('Cluster of near-identical items about the same story; feeds show one item per story'),
    kind: StringEnum(CONTENT_KINDS, { description: 'Card format' }),
    url: HttpUrl('Canonical URL (tracking parameters removed)'),
    title: Text(300, 'Headline'),
    summary: Type.Optional(Text(1000, 'Short text shown under the headline')),
    imageUrl: Type.Optional(HttpsUrl('Card image')),
    languages: Type.Array(Language(), { minItems: 1, maxItems: 8, description: 'Languages of the text, main first, no duplicates' }),
    regions: Type.Array(Country(), {
      maxItems: 250,
      description: 'Countries the item is relevant to, no duplicates; empty means everywhere',
    }),
    categories: Type.Array(Category(), { maxItems: 16, description: 'Taxonomy slugs, main first, no duplicates' }),
    priority: StringEnum(CONTENT_PRIORITIES),
    publishedAt: EpochMs('When the publisher published it'),
    expiresAt: EpochMs('After this the item is never shown (removed from feeds and devices)'),
    source: ContentSource,
  },
  { title: 'ContentItem', description: 'A content item; the value of content.v1 (null value = takedown)' },
);
export type ContentItem = Static<typeof ContentItem>;
export type ContentKind = (typeof CONTENT_KINDS)[number];
export type ContentPriority = (typeof CONTENT_PRIORITIES)[number];

export const contentItemRules: Rule<ContentItem>[] = [
  uniqueStrings('/languages', (x) => x.languages),
  uniqueStrings('/regions', (x) => x.regions),
  uniqueStrings('/categories', (x) => x.categories),
  (x) => (x.expiresAt <= x.publishedAt
    ? [{ path: '/expiresAt', code: 'minimum', message: 'expiresAt must be after publishedAt' }]
    : []),
];
