// What streams' own integration suites add to ./src/testing.ts (the harness apps use too): a
// scope of random names per test, reading a whole topic back, and counting its records.
import type { Kafka, KafkaMessage } from 'kafkajs';
import { eventually, uid } from '../src/testing.js';
import { topicNames } from '../src/topic-names.js';
import type { TopicNames } from '../src/topic-names.js';

export { cleanRedis, eventually, externalKafka, silent, startTestBroker, testKafka, testRedis, uid } from '../src/testing.js';
export type { TestBroker } from '../src/testing.js';

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
