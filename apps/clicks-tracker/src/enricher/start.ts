// Starts the enricher role from its clients: the interactions-enricher consumer group on
// interactions.v1 joins each interaction with the users table (materialized in Redis by the
// users-table app, read-only here) and publishes interactions.enriched.v1. The role itself is the
// users table's (`@tessera/users-table/enricher`, shared with beacon); this file names
// clicks-tracker's parts. main files only load config and call this; tests call it with clients
// on test infrastructure.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import { startEnricher } from '@tessera/users-table/enricher';
import type { EnricherDeps } from '@tessera/users-table/enricher';

/** The consumer group of the role (the catalogue's name; tests add a prefix). */
export const INTERACTIONS_ENRICHER_GROUP = 'interactions-enricher';

export type InteractionEnricherDeps = EnricherDeps;

export async function startInteractionEnricher(deps: InteractionEnricherDeps): Promise<ConsumerRunner> {
  return startEnricher(deps, {
    topic: 'interactions.v1',
    noun: 'interactions',
    dedupKey: redisKeys.userInteractionDedup,
    publish: (events) => deps.producer.send('interactions.enriched.v1', events),
  });
}
