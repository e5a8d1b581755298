// The test kit of @tessera/device-ingest (`@tessera/device-ingest/testing`), for the suites of the
// apps built on it (beacon, clicks-tracker); no production module imports it. The device-token
// secret those suites sign tokens with (device-auth's signDeviceToken) and verify against, and an
// ingest app on the test broker with a reader of its topic (startIngestTestEdge).
import type { TestBroker } from '@tessera/streams/testing';
import { collect, provision, scopeNames, silent, startTestBroker, testKafka, uid } from '@tessera/streams/testing';
import { createVerifier } from '@tessera/device-auth/verifier';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { FastifyInstance } from 'fastify';
import type { Kafka } from 'kafkajs';
import type { IngestAppDeps, IngestTopic } from './src/serve.js';

/** HS256 key of the test device tokens (32 bytes, as the config requires). */
export const TEST_DEVICE_SECRET = 'test-device-key-0123456789abcdef';

/** An ingest app on the test broker: its topic under a fresh prefix, a real idempotent producer, and a reader of the topic. */
export interface IngestTestEdge {
  readonly broker: TestBroker;
  readonly kafka: Kafka;
  readonly names: TopicNames;
  readonly producer: StreamProducer;
  readonly server: FastifyInstance;
  readonly reader: Awaited<ReturnType<typeof collect>>;
  close(): Promise<void>;
}

export async function startIngestTestEdge<T extends IngestTopic>(options: {
  readonly topic: T;
  /** The metrics registry's app label. */
  readonly app: string;
  readonly bodyLimit: number;
  readonly maxBatch: number;
  readonly build: (deps: IngestAppDeps<T>) => Promise<FastifyInstance>;
}): Promise<IngestTestEdge> {
  const broker = await startTestBroker();
  const kafka = testKafka(broker, 1);
  const names = scopeNames(uid());
  await provision(kafka, names, [options.topic]);
  const producer = createProducer({ kafka, names });
  await producer.connect();
  const server = await options.build({
    verify: await createVerifier({ keys: { kind: 'hs256', secret: TEST_DEVICE_SECRET }, clockToleranceSec: 0 }),
    publish: (events) => producer.send(options.topic, events),
    registry: createMetricsRegistry({ app: options.app }),
    rateLimit: { max: 1000, timeWindowMs: 60_000 },
    bodyLimit: options.bodyLimit,
    maxBatch: options.maxBatch,
    logger: silent,
  });
  const reader = await collect(kafka, names.physical(options.topic));
  return {
    broker, kafka, names, producer, server, reader,
    async close() {
      await reader.stop();
      await server.close();
      await producer.close();
      await broker.close();
    },
  };
}
