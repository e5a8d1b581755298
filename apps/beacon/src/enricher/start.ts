// Starts the enricher role from its clients: the beacon-enricher consumer group on beacons.v1
// joins each beacon with the users table (materialized in Redis by the users-table app), publishes
// beacons.enriched.v1 and then records the user in the active registry (this enricher's own
// step). The role itself is the users table's (`@tessera/users-table/enricher`, shared with
// clicks-tracker); this file names beacon's parts. main files only load config and call this;
// tests call it with clients on test infrastructure.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import { startEnricher } from '@tessera/users-table/enricher';
import type { EnricherDeps } from '@tessera/users-table/enricher';
import { createActiveRegistry } from './active-registry.js';

/** The consumer group of the role (the catalogue's name; tests add a prefix). */
export const BEACON_ENRICHER_GROUP = 'beacon-enricher';

export interface BeaconEnricherDeps extends EnricherDeps {
  readonly activeWindowMs: number;
}

export async function startBeaconEnricher(deps: BeaconEnricherDeps): Promise<ConsumerRunner> {
  const active = createActiveRegistry(deps.redis, { windowMs: deps.activeWindowMs });
  return startEnricher(deps, {
    topic: 'beacons.v1',
    noun: 'beacons',
    dedupKey: redisKeys.userBeaconDedup,
    publish: (beacons) => deps.producer.send('beacons.enriched.v1', beacons),
    afterPublish: (beacons) => active.record(beacons),
  });
}
