// Starts the enricher role from its clients: the beacon-enricher consumer group on beacons.v1
// joins each beacon with the users table (materialized in Redis by the users-table app), publishes
// beacons.enriched.v1 and then records the user in the active registry (this enricher's own
// step). main files only load config and call this; tests call it with clients on test
// infrastructure.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Beacon } from '@tessera/contracts/schemas/beacon';
import { createDedupWindow } from '@tessera/event-dedup/window';
import type { Logger } from '@tessera/platform/logger';
import { consumerMetrics } from '@tessera/streams/consumer-metrics';
import { runConsumer } from '@tessera/streams/consumer-runner';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import type { StreamProducer } from '@tessera/streams/producer';
import type { TopicNames } from '@tessera/streams/topic-names';
import { createEnrichStep } from '@tessera/users-table/join';
import { usersTableLookup } from '@tessera/users-table/reader';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { createActiveRegistry } from './active-registry.js';
import { createEnricherMetrics } from './metrics.js';

/** The consumer group of the role (the catalogue's name; tests add a prefix). */
export const BEACON_ENRICHER_GROUP = 'beacon-enricher';

export interface BeaconEnricherDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly names: TopicNames;
  readonly producer: Pick<StreamProducer, 'send'>;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly groupId: string;
  readonly activeWindowMs: number;
  readonly dedupWindowMs: number;
  readonly sessionTimeoutMs?: number;
}

export async function startBeaconEnricher(deps: BeaconEnricherDeps): Promise<ConsumerRunner> {
  const { kafka, redis, names, producer, logger } = deps;
  const active = createActiveRegistry(redis, { windowMs: deps.activeWindowMs });
  const enrich = createEnrichStep<Beacon>({
    lookupUser: usersTableLookup(redis),
    dedup: createDedupWindow(redis, { windowMs: deps.dedupWindowMs, keyFor: redisKeys.userBeaconDedup }),
    publish: (beacons) => producer.send('beacons.enriched.v1', beacons),
    afterPublish: (beacons) => active.record(beacons),
    metrics: createEnricherMetrics(deps.registry),
  });
  return runConsumer({
    kafka, names, logger,
    metrics: consumerMetrics(deps.registry),
    ...(deps.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: deps.sessionTimeoutMs }),
    groupId: deps.groupId,
    topics: ['beacons.v1'],
    deadLetter: (letters) => producer.send('dlq.v1', letters),
    handle: async (records) => {
      await enrich(records.flatMap((r) => (r.value === null ? [] : [r.value])));
    },
  });
}
