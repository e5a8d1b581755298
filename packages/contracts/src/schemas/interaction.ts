// Interaction: one thing a user did with a card, as accepted by clicks-tracker
// (interactions.v1, key = userId). Every interaction names the feed that showed the card, so
// the trainer and the dashboards can attribute outcomes to a model version.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { Rule } from './rule.js';
import {
  ContentId, DeviceId, DurationMs, EventId, OccurredAt, ReceivedAt, StringEnum, UserId,
} from './primitives.js';

export const INTERACTION_TYPES = ['impression', 'click', 'watch', 'scroll', 'like', 'share', 'dismiss'] as const;
export const SURFACES = ['lock_screen', 'app', 'widget'] as const;

export const Interaction = Type.Object(
  {
    eventId: EventId(),
    occurredAt: OccurredAt(),
    receivedAt: ReceivedAt(),
    userId: UserId(),
    deviceId: DeviceId(),
    type: StringEnum(INTERACTION_TYPES),
    contentId: ContentId(),
    feedId: EventId('The feed (Feed.feedId) that showed the card'),
    position: Type.Integer({ minimum: 0, maximum: 99, description: 'Zero-based slot of the card in that feed' }),
    surface: Type.Optional(StringEnum(SURFACES, { description: 'Where the card was shown; absent = lock_screen' })),
    onScreenMs: Type.Optional(DurationMs('Visible time; required for impression')),
    watchedMs: Type.Optional(DurationMs('Watched time; required for watch')),
  },
  {
    title: 'Interaction',
    description: 'A user action on a card; the value of interactions.v1. impression requires onScreenMs, watch requires watchedMs.',
  },
);
export type Interaction = Static<typeof Interaction>;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

// JSON Schema (as TypeBox compiles it) has no if/then, so the per-type requirements are code.
// Typed on the fields they read, so an HTTP app can apply them to its request-body variant.
export const interactionRules: Rule<Pick<Interaction, 'type' | 'onScreenMs' | 'watchedMs'>>[] = [
  (x) => (x.type === 'impression' && x.onScreenMs === undefined
    ? [{ path: '/onScreenMs', code: 'required', message: 'impression requires onScreenMs' }]
    : []),
  (x) => (x.type === 'watch' && x.watchedMs === undefined
    ? [{ path: '/watchedMs', code: 'required', message: 'watch requires watchedMs' }]
    : []),
];
