// Feed: the ranked cards the recommender chose for one user (recommendations.v2, key = userId).
// Cards carry what a device needs to render them, so delivery pushes a feed without looking up
// content; `model` and `reasons` make every shown card explainable and attributable.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ContentItem } from './content-item.js';
import { ContentId, EpochMs, EventId, Id, OccurredAt, StringEnum, UserId } from './primitives.js';
import { duplicateIssues } from './rule.js';
import type { Rule } from './rule.js';

export const FEED_TRIGGERS = ['interaction', 'beacon', 'breaking', 'takedown', 'model_release', 'cold_start', 'schedule'] as const;

// v2 added "related" (collaborative retrieval: engaged with by people who engaged with the user's
// recent items; the card names that item in relatedTo) and "interests" (a declared interest of
// the profile); a new enum value is a breaking change, hence recommendations.v2.
export const CARD_REASONS = [
  'trending_in_segment', 'category_affinity', 'fresh', 'breaking', 'popular', 'exploration', 'fallback', 'related', 'interests',
] as const;

export const ModelRef = Type.Object(
  {
    name: Id('Model name (the key of models.v1)'),
    version: Id('Model version (ModelRelease.version)'),
  },
  { title: 'ModelRef' },
);

export const CardContent = Type.Pick(
  ContentItem,
  ['kind', 'url', 'title', 'summary', 'imageUrl', 'languages', 'publishedAt', 'expiresAt', 'priority'],
  { title: 'CardContent', description: 'The content fields a device renders, copied from ContentItem' },
);

export const Card = Type.Object(
  {
    contentId: ContentId(),
    position: Type.Integer({ minimum: 0, maximum: 99, description: 'Zero-based slot, equal to the index in cards' }),
    score: Type.Number({ minimum: 0, maximum: 1, description: 'Model score (predicted click probability)' }),
    reasons: Type.Array(StringEnum(CARD_REASONS), { minItems: 1, maxItems: 8, description: 'Why the card was chosen, no duplicates' }),
    sourceName: Type.String({ minLength: 1, maxLength: 120, description: 'Publisher name (ContentItem.source.name)' }),
    content: CardContent,
    relatedTo: Type.Optional(Id('For reason "related": contentId of the user\'s recent item this card is related to')),
    propensity: Type.Optional(Type.Number({
      exclusiveMinimum: 0, maximum: 1,
      description: 'Exploration cards only: the probability with which this card was drawn for the exploration slot, for unbiased offline evaluation',
    })),
  },
  { title: 'Card' },
);

export const Feed = Type.Object(
  {
    eventId: EventId(),
    feedId: EventId('Feed identity that interactions are attributed to (Interaction.feedId)'),
    occurredAt: OccurredAt(),
    userId: UserId(),
    model: ModelRef,
    trigger: StringEnum(FEED_TRIGGERS, { description: 'What made the recommender recompute this feed' }),
    triggerEventId: Type.Optional(EventId('eventId of the event that triggered it, when there is one')),
    triggeredAt: Type.Optional(EpochMs('Event time of the triggering event (freshness: occurredAt − triggeredAt)')),
    arm: Type.Optional(Id('A/B arm the user is in (stable hash of the user id): "model" or "popularity"')),
    cards: Type.Array(Card, { minItems: 0, maxItems: 50, description: 'Ranked cards, best first; empty = nothing to show' }),
  },
  { title: 'Feed', description: 'Ranked cards for one user; the value of recommendations.v2' },
);
export type Feed = Static<typeof Feed>;
export type Card = Static<typeof Card>;
export type FeedTrigger = (typeof FEED_TRIGGERS)[number];
export type CardReason = (typeof CARD_REASONS)[number];

// Interactions name a card by (feedId, position), so positions must match the array order.
export const feedRules: Rule<Feed>[] = [
  (x) => x.cards.flatMap((card, i) => (card.position === i
    ? []
    : [{ path: `/cards/${i}/position`, code: 'invalid', message: `position must equal the card index ${i}` }])),
  (x) => x.cards.flatMap((card, i) => [
    ...duplicateIssues(`/cards/${i}/reasons`, card.reasons),
    ...duplicateIssues(`/cards/${i}/content/languages`, card.content.languages),
  ]),
];
