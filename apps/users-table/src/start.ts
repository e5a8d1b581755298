// Starts the users-table role from its clients: the users-table consumer group materializes
// users.v1 into Redis (the latest profile per user, exactly once per record through streams'
// table) and, on a tombstone, forgets the user everywhere in Redis before the row goes. main.ts
// only loads config and calls this; tests call it with clients on test infrastructure.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Logger } from '@tessera/platform/logger';
import { consumerMetrics } from '@tessera/streams/consumer-metrics';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import type { StreamProducer } from '@tessera/streams/producer';
import { materializeTable } from '@tessera/streams/table';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { forgetUser } from './forget-user.js';
import { createUsersTableMetrics } from './metrics.js';

/** The consumer group of the role (the catalogue's name; tests add a prefix). */
export const USERS_TABLE_GROUP = 'users-table';

export interface UsersTableDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly names: TopicNames;
  /** Dead letters (the users-table role produces nothing else; an enricher also publishes its output). */
  readonly producer: Pick<StreamProducer, 'send'>;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly groupId: string;
  readonly sessionTimeoutMs?: number;
}

export async function startUsersTable(deps: UsersTableDeps): Promise<ConsumerRunner> {
  const { redis, logger } = deps;
  const metrics = createUsersTableMetrics(deps.registry);
  return materializeTable({
    kafka: deps.kafka, redis, names: deps.names, logger,
    metrics: consumerMetrics(deps.registry),
    ...(deps.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: deps.sessionTimeoutMs }),
    topic: 'users.v1',
    groupId: deps.groupId,
    keyFor: redisKeys.userProfile,
    deadLetter: (letters) => deps.producer.send('dlq.v1', letters),
    onTombstone: async (userId) => {
      await forgetUser(redis, userId);
      metrics.forgotten.inc();
      // Never the id (nor a hash of it): the log would keep naming a user whose data is erased.
      logger.info('a deleted user was forgotten');
    },
  });
}
