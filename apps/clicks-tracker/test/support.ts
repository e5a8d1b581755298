// Shared wiring for the clicks-tracker integration suites: an in-memory embedded broker over TCP with
// fast group timeouts, kafkajs through streams' createKafka with a silent logger, a random
// prefix per suite for topics, groups, user ids and thus Redis keys, the machine's Redis, and a
// bounded poll helper (tests wait for behaviour, never assert timings).
import { randomBytes } from 'node:crypto';
import { startBroker } from '@tessera/embedded-kafka';
import type { Broker } from '@tessera/embedded-kafka';
import { createLogger } from '@tessera/platform/logger';
import type { Logger } from '@tessera/platform/logger';
import { createKafka } from '@tessera/streams/kafka';
import { provisionTopics } from '@tessera/streams/provision';
import { topicNames } from '@tessera/streams/topic-names';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { TopicName } from '@tessera/contracts/topics';
import { Redis } from 'ioredis';
import type { Kafka, KafkaMessage } from 'kafkajs';

export const silent: Logger = createLogger({ name: 'clicks-tracker-test', level: 'silent' });
export const SECRET = 'test-device-key-0123456789abcdef';

export function uid(prefix = 't'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export function startTestBroker(): Promise<Broker> {
  return startBroker({ minSessionTimeoutMs: 500, maintenanceIntervalMs: 0, logger: { info: () => {}, warn: () => {} } });
}

export function testKafka(broker: Broker, retries = 8): Kafka {
  return createKafka({ brokers: broker.brokers, clientId: uid('c'), retry: { initialRetryTime: 50, retries } }, silent);
}

export async function provision(kafka: Kafka, names: TopicNames, topics: TopicName[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, { env: 'local', names, topics });
  } finally {
    await admin.disconnect();
  }
}

export function scopeNames(id: string): TopicNames {
  return topicNames(id);
}

export function testRedis(): Redis {
  return new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
}

/** Deletes every key containing the scope id (all test keys embed it). */
export async function cleanRedis(redis: Redis, id: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${id}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A consumer reading a topic from the start into an array, for asserting what arrived. */
export async function collect(kafka: Kafka, topic: string): Promise<{ messages: KafkaMessage[]; stop(): Promise<void> }> {
  const consumer = kafka.consumer({ groupId: uid('reader'), maxWaitTimeInMs: 200 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { messages.push(message); } });
  return { messages, stop: () => consumer.disconnect() };
}

/** UUIDv7-shaped event ids, unique per call. */
export function eventId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
