// Starts the enricher role from its clients: the beacon-enricher consumer group on beacons.v1
// (join, publish beacons.enriched.v1, active registry) and, unless run elsewhere, the
// users-table consumer group that materializes users.v1 into Redis and forgets deleted users.
// main files only load config and call this; tests call it with clients on test infrastructure.
import { redisKeys } from '@tessera/contracts/redis/keys';
import { createDedupWindow } from '@tessera/event-dedup/window';
import type { Logger } from '@tessera/platform/logger';
import { consumerMetrics } from '@tessera/streams/consumer-metrics';
import { runConsumer } from '@tessera/streams/consumer-runner';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import type { StreamProducer } from '@tessera/streams/producer';
import { materializeTable, tableReader } from '@tessera/streams/table';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { forgetUser } from '../users-table/forget-user.js';
import { createActiveRegistry } from './active-registry.js';
import { createBeaconEnricher } from './enrich-beacons.js';
import { createEnricherMetrics } from './metrics.js';

export interface BeaconEnricherDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly names: TopicNames;
  readonly producer: Pick<StreamProducer, 'send'>;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly groupId: string;
  /** Consumer group of the users table; undefined = another process materializes it. */
  readonly usersTableGroupId?: string | undefined;
  readonly activeWindowMs: number;
  readonly dedupWindowMs: number;
  readonly sessionTimeoutMs?: number;
}

export interface RunningEnricher {
  /** Stops the consumers (beacons first, then the table); the producer is the caller's. */
  stop(): Promise<void>;
}

export async function startBeaconEnricher(deps: BeaconEnricherDeps): Promise<RunningEnricher> {
  const { kafka, redis, names, producer, logger } = deps;
  const metrics = createEnricherMetrics(deps.registry);
  const consumers = consumerMetrics(deps.registry);
  const deadLetter = (letters: Parameters<StreamProducer['send']>[1]) => producer.send('dlq.v1', letters as never);
  const session = deps.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: deps.sessionTimeoutMs };

  let table: ConsumerRunner | undefined;
  if (deps.usersTableGroupId) {
    table = await materializeTable({
      kafka, redis, names, logger, metrics: consumers, ...session,
      topic: 'users.v1',
      groupId: deps.usersTableGroupId,
      keyFor: redisKeys.userProfile,
      deadLetter,
      onTombstone: async (userId) => {
        await forgetUser(redis, userId);
        metrics.forgotten.inc();
        logger.info({ userId }, 'user forgotten');
      },
    });
  }

  const users = tableReader<'users.v1'>(redis, redisKeys.userProfile);
  const enrich = createBeaconEnricher({
    lookupUser: (userId) => users.get(userId),
    publish: (beacons) => producer.send('beacons.enriched.v1', beacons),
    registry: createActiveRegistry(redis, { windowMs: deps.activeWindowMs }),
    dedup: createDedupWindow(redis, { windowMs: deps.dedupWindowMs, keyFor: redisKeys.userBeaconDedup }),
    metrics,
  });
  const beacons = await runConsumer({
    kafka, names, logger, metrics: consumers, ...session,
    groupId: deps.groupId,
    topics: ['beacons.v1'],
    deadLetter,
    handle: async (records) => {
      await enrich(records.flatMap((r) => (r.value === null ? [] : [r.value])));
    },
  });

  return {
    async stop() {
      await beacons.stop();
      await table?.stop();
    },
  };
}
