// The test kit of @tessera/streams (`@tessera/streams/testing`), for its own suites and every app
// built on it; no production module imports it (it lives outside src/ for that reason). An
// in-memory embedded broker over TCP with fast group timeouts, kafkajs through createKafka with a
// silent logger, provisioning of the catalogue topics a suite needs, random per-suite ids (topic
// prefix, groups, user ids and thus Redis keys) and UUIDv7-shaped event ids, the machine's Redis
// with cleanup by id, bounded poll helpers (tests wait for behaviour, never assert timings), a
// producer of raw bytes (records the contract codec would refuse), readers of what arrived on a
// topic and of its offsets (high watermarks, a group's committed offsets, its stable members), and the fault sequence
// that leaves a kafkajs consumer fetching without group membership.
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
import { Partitioners } from 'kafkajs';
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
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

/** Creates `topics` (every catalogue topic when omitted) under `names`' prefix, sized for local runs. */
export async function provision(kafka: Kafka, names: TopicNames, topics?: readonly TopicName[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, { env: 'local', names, ...(topics === undefined ? {} : { topics }) });
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

/** Waits until `check()` holds (an error thrown by it counts as not yet), for at most `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  await eventually(async () => ((await check()) ? true : undefined), what, ms);
}

/** A record as a reader of the topic saw it. */
export type CollectedMessage = KafkaMessage & { readonly partition: number };

/** What `collect` hands back: every record of the topic so far, in arrival order. */
export interface Collector {
  readonly messages: CollectedMessage[];
  /** Waits until `predicate(messages)` holds, for at most `ms`. */
  waitFor(predicate: (messages: readonly CollectedMessage[]) => boolean, what: string, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A consumer reading a topic from the start (every partition, a throwaway group) into an array, for asserting what arrived. */
export async function collect(kafka: Kafka, topic: string): Promise<Collector> {
  const consumer = kafka.consumer({ groupId: uid('reader'), maxWaitTimeInMs: 200 });
  const messages: CollectedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message, partition }) => { messages.push({ ...message, partition }); } });
  return {
    messages,
    waitFor: (predicate, what, ms) => until(() => predicate(messages), `${what} on ${topic}`, ms),
    stop: () => consumer.disconnect(),
  };
}

/** A record as `produceRaw` sends it: bytes as they are, `partition` absent = by key (the streams producer's partitioner). */
export interface RawRecord {
  readonly key: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly partition?: number;
  readonly headers?: IHeaders;
}

/**
 * Sends records to a (physical) topic as they are, bypassing the contract codec: poison records,
 * bytes the codec would refuse. Idempotent, acks=all, one request; resolves with kafkajs' record metadata.
 */
export async function produceRaw(kafka: Kafka, topic: string, records: readonly RawRecord[]) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    return await producer.send({
      topic, acks: -1,
      messages: records.map((r) => ({
        key: r.key, value: r.value,
        ...(r.partition === undefined ? {} : { partition: r.partition }),
        ...(r.headers === undefined ? {} : { headers: r.headers }),
      })),
    });
  } finally {
    await producer.disconnect();
  }
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
export async function readAll(kafka: Kafka, topic: string, count: number): Promise<CollectedMessage[]> {
  const reader = await collect(kafka, topic);
  try {
    await reader.waitFor((seen) => seen.length >= count, `${count} records`);
  } finally {
    await reader.stop();
  }
  return reader.messages;
}

/** Every record a topic holds now (each partition read up to its high watermark, compacted gaps allowed), with a throwaway group. */
export async function readToEnd(kafka: Kafka, topic: string): Promise<CollectedMessage[]> {
  const ends = await highWatermarks(kafka, topic);
  const reader = await collect(kafka, topic);
  try {
    await reader.waitFor((seen) => [...ends].every(([partition, end]) => end === 0 || seen.some((m) => m.partition === partition && Number(m.offset) >= end - 1)), 'every partition up to its end');
  } finally {
    await reader.stop();
  }
  return reader.messages;
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

/** Partition → high watermark (the offset the next record gets), for every partition of `topic`. */
export async function highWatermarks(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const offsets = await topicOffsets(kafka, topic);
  return new Map(offsets.map((p) => [p.partition, Number(p.high)]));
}

/** Partition → the offset `groupId` committed on `topic` (-1 = none), for every partition. */
export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((entry?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** How many members `groupId` has once it is Stable (undefined while it rebalances or is empty), as any Kafka reports it. */
export async function stableMembers(kafka: Kafka, groupId: string): Promise<number | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.state === 'Stable' ? groups[0].members.length : undefined;
  } finally {
    await admin.disconnect();
  }
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
