// Kafka side of the integration tests: the embedded broker in process over TCP, kafkajs through
// streams' createKafka with a silent logger, a random topic prefix per test, and a reader that
// consumes content.v1 back and decodes it with the contract's codec (tombstone = null value).
// Tests wait for behaviour with bounded polls; they never assert timings.
import { randomBytes } from 'node:crypto';
import { decodeValue } from '@tessera/contracts/codec';
import type { Broker } from '@tessera/embedded-kafka';
import { createLogger } from '@tessera/platform/logger';
import type { Logger } from '@tessera/platform/logger';
import { createKafka } from '@tessera/streams/kafka';
import { provisionTopics } from '@tessera/streams/provision';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';
import type { ContentItem } from '../src/content-contract.js';

export const silent: Logger = createLogger({ name: 'aggregator-test', level: 'silent' });

export const uid = (prefix = 't') => `${prefix}${randomBytes(4).toString('hex')}`;

// The embedded broker, or the TESSERA_TEST_KAFKA cluster (npm run test:apache-kafka).
export { startTestBroker } from '@tessera/streams/testing';

export function testKafka(broker: Pick<Broker, 'brokers'>): Kafka {
  return createKafka({ brokers: broker.brokers, clientId: uid('c'), retry: { initialRetryTime: 50, retries: 8 } }, silent);
}

export async function provisionContent(kafka: Kafka, names: TopicNames): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, { env: 'local', names, topics: ['content.v1'] });
  } finally {
    await admin.disconnect();
  }
}

/** Sum of content.v1's end offsets: how many records were ever appended. */
export async function appendedCount(kafka: Kafka, names: TopicNames): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(names.physical('content.v1'));
    return offsets.reduce((sum, o) => sum + Number(o.high), 0);
  } finally {
    await admin.disconnect();
  }
}

export interface ContentRecordRead {
  readonly key: string;
  readonly value: ContentItem | null;
  readonly partition: number;
}

export interface ContentReader {
  readonly records: ContentRecordRead[];
  /** Waits until everything appended so far has been read, then returns what was read. */
  caughtUp(): Promise<ContentRecordRead[]>;
  live(): ContentItem[];
  stop(): Promise<void>;
}

export async function readContent(kafka: Kafka, names: TopicNames): Promise<ContentReader> {
  const consumer = kafka.consumer({ groupId: uid('reader'), maxWaitTimeInMs: 100 });
  const records: ContentRecordRead[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: names.physical('content.v1'), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const decoded = decodeValue('content.v1', message.value);
      if (!decoded.ok) throw new Error(`undecodable content.v1 record: ${decoded.error.message}`);
      records.push({ key: message.key?.toString('utf8') ?? '', value: decoded.value, partition });
    },
  });
  return {
    records,
    async caughtUp() {
      const expected = await appendedCount(kafka, names);
      await eventually(() => (records.length >= expected ? true : undefined), `${expected} content.v1 records`);
      return records;
    },
    live: () => {
      const table = new Map<string, ContentItem | null>();
      for (const r of records) table.set(r.key, r.value);
      return [...table.values()].filter((v): v is ContentItem => v !== null);
    },
    stop: () => consumer.disconnect(),
  };
}

export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
