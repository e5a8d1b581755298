// Builds the running archiver from explicit dependencies (a kafkajs client, the topic-name
// resolver, an object store, a dead-letter publisher): the core over the store, consuming every
// topic of the catalogue in its own group. main.ts passes real clients; tests pass the same kinds
// of clients pointed at the embedded broker and a temporary directory.
import type { ObjectStore } from '@tessera/archive/object-store';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import { TOPIC_NAMES } from '@tessera/contracts/topics';
import type { TopicName } from '@tessera/contracts/topics';
import type { Logger } from '@tessera/platform/logger';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';
import { createArchiver } from './archiver.js';
import { toDeadLetter } from './dead-letter.js';
import { catalogueDecoder } from './decoder.js';
import { runArchiverConsumer } from './kafka/consumer.js';
import type { ArchiverConsumer } from './kafka/consumer.js';
import type { ArchiverMetrics } from './metrics.js';
import type { RotationLimits } from './rotation.js';

export interface ArchiverAppDeps {
  kafka: Kafka;
  names: TopicNames;
  store: Pick<ObjectStore, 'put'>;
  /** Durable (acks=-1) send to dlq.v1, e.g. `(l) => producer.send('dlq.v1', l)`. */
  publishDeadLetters(letters: DeadLetter[]): Promise<void>;
  logger: Logger;
  metrics?: ArchiverMetrics;
  settings: {
    groupId: string;
    prefix: string;
    limits: RotationLimits;
    idleFlushMs: number;
    uploadConcurrency: number;
    sessionTimeoutMs?: number;
    /** Default: every topic of the catalogue. */
    topics?: readonly TopicName[];
  };
  now?: () => number;
}

export function startArchiverApp(deps: ArchiverAppDeps): Promise<ArchiverConsumer> {
  const { settings } = deps;
  const now = deps.now ?? Date.now;
  const archiver = createArchiver({
    store: deps.store,
    prefix: settings.prefix,
    decode: catalogueDecoder,
    limits: settings.limits,
    uploadConcurrency: settings.uploadConcurrency,
  });
  return runArchiverConsumer({
    kafka: deps.kafka,
    names: deps.names,
    groupId: settings.groupId,
    topics: settings.topics ?? TOPIC_NAMES,
    archiver,
    deadLetter: (rejected) => {
      for (const r of rejected) deps.logger.warn({ topic: r.record.topic, partition: r.record.partition, offset: r.record.offset, code: r.rejection.code }, `archived raw and dead-lettered: ${r.rejection.message}`);
      return deps.publishDeadLetters(rejected.map((r) => toDeadLetter(r, settings.groupId, now())));
    },
    idleFlushMs: settings.idleFlushMs,
    logger: deps.logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(settings.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: settings.sessionTimeoutMs }),
    ...(deps.now ? { now: deps.now } : {}),
  });
}
