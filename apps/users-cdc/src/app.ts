// Builds users-cdc from clients the caller created (main.ts, or a test with real test servers):
// provisions its topics (under the topic prefix, if any), reads back the last published position of every users.v1 partition,
// then starts the snapshot/stream loop with those narrow dependencies.
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import type { ClientConfig } from 'pg';
import { createEmit } from './emit.js';
import { keyPartitioner } from './kafka/partitioner.js';
import { provisionTopics } from './kafka/provision.js';
import type { TopicEnvironment } from './kafka/provision.js';
import type { Publish } from './kafka/publisher.js';
import { readPublishedTail } from './kafka/published-marks.js';
import type { CdcMetrics } from './metrics.js';
import { USERS_TOPIC } from './records.js';
import { startUsersCdc } from './users-cdc.js';
import type { CdcLogger, UsersCdc } from './users-cdc.js';

export interface AppDeps {
  readonly kafka: Kafka;
  readonly publish: Publish;
  readonly connection: ClientConfig;
  readonly sql: Pick<pg.ClientBase, 'query'>;
  readonly metrics: CdcMetrics;
  readonly logger: CdcLogger;
  readonly slot: string;
  readonly publication: string;
  readonly topicEnvironment: TopicEnvironment;
  /** The broker's names of users.v1 and dlq.v1 (TOPIC_PREFIX). */
  readonly names: TopicNames;
  readonly snapshotPageSize?: number;
}

export async function startApp(deps: AppDeps): Promise<UsersCdc> {
  const drift = await provisionTopics(deps.kafka, deps.topicEnvironment, deps.names);
  if (drift.length > 0) deps.logger.warn({ drift }, 'topics differ from the catalogue');
  const tail = await readPublishedTail(deps.kafka, deps.names.physical(USERS_TOPIC), { groupId: `users-cdc-resume-${deps.slot}-${process.pid}-${Date.now()}` });
  deps.logger.info({ partitions: tail.partitionCount, marks: tail.marks.size }, 'read the last published positions');
  const emit = createEmit({
    publish: deps.publish,
    partitionOf: keyPartitioner(USERS_TOPIC, tail.partitionCount),
    marks: tail.marks,
    metrics: deps.metrics,
    names: deps.names,
  });
  return startUsersCdc({
    connection: deps.connection,
    sql: deps.sql,
    emit,
    metrics: deps.metrics,
    logger: deps.logger,
    slot: deps.slot,
    publication: deps.publication,
    ...(deps.snapshotPageSize === undefined ? {} : { snapshotPageSize: deps.snapshotPageSize }),
  });
}
