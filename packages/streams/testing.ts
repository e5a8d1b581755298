// The test kit of @tessera/streams (`@tessera/streams/testing`), for its own suites and every app
// built on it; no production module imports it (it lives outside src/ for that reason). An
// in-memory embedded broker over TCP with fast group timeouts, kafkajs through createKafka with a
// silent logger, provisioning of the catalogue topics a suite needs, random per-suite ids (topic
// prefix, groups, user ids and thus Redis keys) and UUIDv7-shaped event ids, the machine's Redis
// with cleanup by id, a bounded poll helper (tests wait for behaviour, never assert timings),
// readers of what arrived on a topic and of its offsets, and the fault sequence that leaves a
// kafkajs consumer fetching without group membership.
// Needs @tessera/embedded-kafka, which every user of the kit has as a devDependency.
//
// TESSERA_TEST_KAFKA=<bootstrap list> points every suite at that cluster instead (Apache Kafka in
// `npm run test:apache-kafka`): startTestBroker() then returns a handle on it whose close() leaves
// it running, and whose embedded-only parts (fault injection, group view) throw, so a test that
// needs them is skipped there with `it.skipIf(externalKafka)` and says why.
import { randomBytes } from 'node:crypto';
import type { TopicName } from '@tessera/contracts/topics';
import { startBroker } from '@tessera/embedded-kafka';
import type { Broker } from '@tessera/embedded-kafka';
import { createLogger } from '@tessera/platform/logger';
import type { Logger } from '@tessera/platform/logger';
import { Redis } from 'ioredis';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { createKafka } from './src/kafka.js';
import { provisionTopics } from './src/provision.js';
import { topicNames } from './src/topic-names.js';
import type { TopicNames } from './src/topic-names.js';

export const silent: Logger = createLogger({ name: 'test', level: 'silent' });

export function uid(prefix = 't'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** UUIDv7-shaped event ids (version and variant nibbles set), unique per call. */
export function eventId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The bootstrap list of the cluster every suite uses instead of an embedded broker, if any. */
export const externalBrokers: string[] | undefined = process.env.TESSERA_TEST_KAFKA?.trim()
  ? process.env.TESSERA_TEST_KAFKA.split(',').map((b) => b.trim()).filter(Boolean)
  : undefined;

/** True when the suites run against an external cluster (Apache Kafka), not the embedded broker. */
export const externalKafka = externalBrokers !== undefined;

/** What a suite gets: the embedded broker, or a handle on the external cluster with the same shape. */
export type TestBroker = Pick<Broker, 'brokers' | 'faults' | 'groupsView' | 'close'> & { readonly cluster: Pick<Broker['cluster'], 'clusterId'> };

async function onExternal(brokers: string[]): Promise<TestBroker> {
  const admin = createKafka({ brokers, clientId: uid('c') }, silent).admin();
  await admin.connect();
  const { clusterId } = await admin.describeCluster().finally(() => admin.disconnect());
  const embeddedOnly = (what: string): never => {
    throw new Error(`${what} needs the embedded broker; this suite runs against ${brokers.join(',')} (TESSERA_TEST_KAFKA)`);
  };
  return {
    brokers,
    get faults() { return embeddedOnly('fault injection'); },
    cluster: { clusterId },
    groupsView: () => embeddedOnly('the groups view'),
    close: async () => {},
  };
}

/** The embedded broker in memory with fast group timeouts, or the TESSERA_TEST_KAFKA cluster. */
export async function startTestBroker(): Promise<TestBroker> {
  if (externalBrokers) return onExternal(externalBrokers);
  return startBroker({ minSessionTimeoutMs: 500, maintenanceIntervalMs: 0, logger: { info: () => {}, warn: () => {} } });
}

export function testKafka(broker: Pick<Broker, 'brokers'>, retries = 8): Kafka {
  return createKafka({ brokers: broker.brokers, clientId: uid('c'), retry: { initialRetryTime: 50, retries } }, silent);
}

export async function provision(kafka: Kafka, names: TopicNames, topics: readonly TopicName[]): Promise<void> {
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

/**
 * Leaves the kafkajs 2.2.4 consumer of `groupId` fetching without being a group member, the state
 * it reaches when the broker dies while it rejoins: its next heartbeat is answered
 * REBALANCE_IN_PROGRESS, the rejoin UNKNOWN_MEMBER_ID (kafkajs drops its member id and retries) and
 * the retry COORDINATOR_NOT_AVAILABLE, after which kafkajs gives up the join and goes back to
 * fetching its old assignment, never heartbeating again. Resolves once all three faults fired.
 */
export async function provokeLostMembership(broker: Pick<Broker, 'faults'>, groupId: string): Promise<void> {
  const match = (body: Record<string, unknown>) => body.groupId === groupId;
  const faults = [
    broker.faults.inject({ apiKey: 12, errorCode: 27, match }), // Heartbeat: REBALANCE_IN_PROGRESS
    broker.faults.inject({ apiKey: 11, errorCode: 25, match }), // JoinGroup: UNKNOWN_MEMBER_ID
    broker.faults.inject({ apiKey: 11, errorCode: 15, match }), // JoinGroup: COORDINATOR_NOT_AVAILABLE
  ];
  await eventually(() => (faults.every((f) => f.fired > 0) ? true : undefined), `the lost-membership faults for ${groupId}`);
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
  const offsets = await topicOffsets(kafka, topic);
  return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
}

/** Records ever appended to a topic (sum of high watermarks), compaction and deletion included. */
export async function appendedCount(kafka: Kafka, topic: string): Promise<number> {
  const offsets = await topicOffsets(kafka, topic);
  return offsets.reduce((n, p) => n + Number(p.high), 0);
}

async function topicOffsets(kafka: Kafka, topic: string): Promise<{ partition: number; high: string; low: string }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
}
