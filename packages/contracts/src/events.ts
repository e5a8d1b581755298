// The event registry: every value schema by name, with its cross-field rules. Topics, validators
// and the published JSON Schemas are all derived from this one table.
import type { Static, TSchema } from '@sinclair/typebox';
import { Beacon } from './schemas/beacon.js';
import { ContentItem, contentItemRules } from './schemas/content-item.js';
import { DeadLetter } from './schemas/dead-letter.js';
import { EnrichedBeacon, enrichedBeaconRules, EnrichedInteraction, enrichedInteractionRules } from './schemas/enriched.js';
import { Feed, feedRules } from './schemas/feed.js';
import { Interaction, interactionRules } from './schemas/interaction.js';
import { ModelRelease, modelReleaseRules } from './schemas/model-release.js';
import type { Rule } from './schemas/rule.js';
import { UserProfile, userProfileRules } from './schemas/user-profile.js';

export interface EventDefinition<S extends TSchema = TSchema> {
  readonly schema: S;
  readonly rules: readonly Rule<Static<S>>[];
}

function define<S extends TSchema>(schema: S, rules: readonly Rule<Static<S>>[] = []): EventDefinition<S> {
  return { schema, rules };
}

export const EVENTS = {
  ContentItem: define(ContentItem, contentItemRules),
  UserProfile: define(UserProfile, userProfileRules),
  Beacon: define(Beacon),
  EnrichedBeacon: define(EnrichedBeacon, enrichedBeaconRules),
  Interaction: define(Interaction, interactionRules),
  EnrichedInteraction: define(EnrichedInteraction, enrichedInteractionRules),
  Feed: define(Feed, feedRules),
  ModelRelease: define(ModelRelease, modelReleaseRules),
  DeadLetter: define(DeadLetter),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventSchema<N extends EventName> = (typeof EVENTS)[N]['schema'];
export type EventOf<N extends EventName> = Static<EventSchema<N>>;

export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];
