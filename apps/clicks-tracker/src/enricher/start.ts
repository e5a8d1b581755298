// Starts the enricher role from its clients: the interactions-enricher consumer group on
// interactions.v1 joins each interaction with the users table (materialized in Redis by the
// users-table app, read-only here) and publishes interactions.enriched.v1. main files only load
// config and call this; tests call it with clients on test infrastructure.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Interaction } from '@tessera/contracts/schemas/interaction';
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
import { createEnricherMetrics } from './metrics.js';

/** The consumer group of the role (the catalogue's name; tests add a prefix). */
export const INTERACTIONS_ENRICHER_GROUP = 'interactions-enricher';

export interface InteractionEnricherDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly names: TopicNames;
  readonly producer: Pick<StreamProducer, 'send'>;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly groupId: string;
  readonly dedupWindowMs: number;
  readonly sessionTimeoutMs?: number;
}

export async function startInteractionEnricher(deps: InteractionEnricherDeps): Promise<ConsumerRunner> {
  const { kafka, redis, names, producer, logger } = deps;
  const enrich = createEnrichStep<Interaction>({
    lookupUser: usersTableLookup(redis),
    dedup: createDedupWindow(redis, { windowMs: deps.dedupWindowMs, keyFor: redisKeys.userInteractionDedup }),
    publish: (events) => producer.send('interactions.enriched.v1', events),
    metrics: createEnricherMetrics(deps.registry),
  });
  return runConsumer({
    kafka, names, logger,
    metrics: consumerMetrics(deps.registry),
    ...(deps.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: deps.sessionTimeoutMs }),
    groupId: deps.groupId,
    topics: ['interactions.v1'],
    deadLetter: (letters) => producer.send('dlq.v1', letters),
    handle: async (records) => {
      await enrich(records.flatMap((r) => (r.value === null ? [] : [r.value])));
    },
  });
}
