// Starts the enricher role from its clients: the interactions-enricher consumer group on
// interactions.v1, joining the users table that the beacon app's users-table role materializes
// in Redis (read-only here), publishing interactions.enriched.v1. main files only load config
// and call this; tests call it with clients on test infrastructure.
import { redisKeys } from '@tessera/contracts/redis/keys';
import { createDedupWindow } from '@tessera/event-dedup/window';
import type { Logger } from '@tessera/platform/logger';
import { consumerMetrics } from '@tessera/streams/consumer-metrics';
import { runConsumer } from '@tessera/streams/consumer-runner';
import type { StreamProducer } from '@tessera/streams/producer';
import { tableReader } from '@tessera/streams/table';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { createInteractionEnricher } from './enrich-interactions.js';
import { createEnricherMetrics } from './metrics.js';

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

export async function startInteractionEnricher(deps: InteractionEnricherDeps): Promise<{ stop(): Promise<void> }> {
  const { kafka, redis, names, producer, logger } = deps;
  const users = tableReader<'users.v1'>(redis, redisKeys.userProfile);
  const enrich = createInteractionEnricher({
    lookupUser: (userId) => users.get(userId),
    publish: (events) => producer.send('interactions.enriched.v1', events),
    dedup: createDedupWindow(redis, { windowMs: deps.dedupWindowMs, keyFor: redisKeys.userInteractionDedup }),
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
