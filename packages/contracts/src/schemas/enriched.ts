// Enriched variants: the raw event unchanged plus what the enrichers joined from the users table.
// `user` is absent when the user is unknown (not yet replicated, or deleted): that is a normal
// outcome, not an error, so consumers must handle it.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Beacon } from './beacon.js';
import { Interaction, interactionRules } from './interaction.js';
import { EpochMs } from './primitives.js';
import type { Rule } from './rule.js';
import { UserAttributes, userAttributeRules } from './user-profile.js';

const enrichment = {
  enrichedAt: EpochMs('When the enricher joined the user attributes, server clock'),
  user: Type.Optional(UserAttributes),
};

export const EnrichedBeacon = Type.Object(
  { ...Beacon.properties, ...enrichment },
  { title: 'EnrichedBeacon', description: 'Beacon plus user attributes; the value of beacons.enriched.v1' },
);
export type EnrichedBeacon = Static<typeof EnrichedBeacon>;

export const EnrichedInteraction = Type.Object(
  { ...Interaction.properties, ...enrichment },
  { title: 'EnrichedInteraction', description: 'Interaction plus user attributes; the value of interactions.enriched.v1' },
);
export type EnrichedInteraction = Static<typeof EnrichedInteraction>;

export const enrichedBeaconRules: Rule<EnrichedBeacon>[] = userAttributeRules('/user', (x: EnrichedBeacon) => x.user);

export const enrichedInteractionRules: Rule<EnrichedInteraction>[] = [
  ...interactionRules,
  ...userAttributeRules('/user', (x: EnrichedInteraction) => x.user),
];
