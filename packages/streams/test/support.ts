// Shared wiring for the integration suites: an in-memory embedded broker over TCP with fast group
// timeouts, kafkajs clients through createKafka with a silent logger, random names per test, a
// Redis connection whose test keys are removed afterwards, and a bounded poll helper (tests wait
// for behaviour, never assert timings).
import { randomBytes } from 'node:crypto';
import { startBroker } from '@tessera/embedded-kafka';
import type { Broker } from '@tessera/embedded-kafka';
import { createLogger } from '@tessera/platform/logger';
import type { Logger } from '@tessera/platform/logger';
import { Redis } from 'ioredis';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { createKafka } from '../src/kafka.js';
import { topicNames } from '../src/topic-names.js';
import type { TopicNames } from '../src/topic-names.js';

export const silent: Logger = createLogger({ name: 'streams-test', level: 'silent' });

export function uid(prefix = 't'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export function startTestBroker(): Promise<Broker> {
  return startBroker({ minSessionTimeoutMs: 500, maintenanceIntervalMs: 0, logger: { info: () => {}, warn: () => {} } });
}

export function testKafka(broker: Broker): Kafka {
  return createKafka({ brokers: broker.brokers, clientId: uid('c'), retry: { initialRetryTime: 50, retries: 8 } }, silent);
}

export interface Scope {
  /** Random id prefix for topics, groups, user ids and therefore Redis keys. */
  id: string;
  names: TopicNames;
  group(name: string): string;
}

export function scope(): Scope {
  const id = uid();
  return { id, names: topicNames(id), group: (name) => `${id}-${name}` };
}

export function testRedis(): Redis {
  return new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false, maxRetriesPerRequest: 1 });
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

/** Polls `probe` until it returns a non-undefined value; throws with the last error after `ms`. */
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

/** Reads a whole topic (every partition from the start) with a throwaway group until `count` records arrived. */
export async function readAll(kafka: Kafka, topic: string, count: number): Promise<(KafkaMessage & { partition: number })[]> {
  const consumer = kafka.consumer({ groupId: uid('reader'), maxWaitTimeInMs: 200 });
  const seen: (KafkaMessage & { partition: number })[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message, partition }) => { seen.push({ ...message, partition }); } });
    await eventually(() => (seen.length >= count ? true : undefined), `${count} records on ${topic} (have ${seen.length})`);
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** Records currently in a topic (sum over partitions of high watermark − log start). */
export async function recordCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
