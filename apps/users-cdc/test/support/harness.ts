// Per-test wiring shared by the integration tests: the test broker (embedded, or the
// TESSERA_TEST_KAFKA cluster) with the test's topics under a fresh prefix, one fresh database per
// test (the slot and publication are named after the database, so they are unique too), readers
// of users.v1 / dlq.v1 that decode the JSON values, and a cleanup list run after each test in
// reverse order. The generic Kafka helpers come from @tessera/streams/testing.
import type { TopicName } from '@tessera/contracts/topics';
import { collect, scopeNames, startTestBroker, testKafka, uid } from '@tessera/streams/testing';
import type { CollectedMessage, Collector } from '@tessera/streams/testing';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';
import { provisionTopics } from '../../src/kafka/provision.js';
import type { Publish } from '../../src/kafka/publisher.js';
import { createTestDatabase, startCdc } from './cdc.js';
import type { RunningCdc, TestDatabase } from './cdc.js';
import type { TestPostgres } from './postgres.js';

/** A users-cdc record as a test reads it. */
export interface Collected {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** Parsed JSON, or null for a tombstone. */
  readonly value: Record<string, unknown> | null;
  readonly headers: Record<string, string>;
}

export function decoded(message: CollectedMessage): Collected {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
  return {
    partition: message.partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString(),
    value: message.value === null ? null : (JSON.parse(message.value.toString()) as Record<string, unknown>),
    headers,
  };
}

/** A reader of a topic whose records are decoded (`records` is read anew on each access). */
export interface RecordsReader {
  readonly records: Collected[];
  waitFor(predicate: (records: readonly Collected[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function decodedReader(collector: Collector): RecordsReader {
  return {
    get records() { return collector.messages.map(decoded); },
    waitFor: (predicate, what, timeoutMs = 60_000) => collector.waitFor((messages) => predicate(messages.map(decoded)), what, timeoutMs),
    stop: () => collector.stop(),
  };
}

export interface TestEnv {
  readonly kafka: Kafka;
  readonly brokers: string[];
  /** The test's topic names (a fresh prefix; the process gets it as TOPIC_PREFIX). */
  readonly names: TopicNames;
  readonly db: TestDatabase;
  readonly slot: string;
  start(options?: { wrapPublish?: (publish: Publish) => Publish; snapshotPageSize?: number }): Promise<RunningCdc>;
  /** Provisions users.v1 and dlq.v1 (so the reader can subscribe before the app runs) and reads `topic` from the start. */
  collectTopic(topic: Extract<TopicName, 'users.v1' | 'dlq.v1'>): Promise<RecordsReader>;
  defer(cleanup: () => Promise<unknown>): void;
}

export function createHarness(server: () => TestPostgres) {
  const cleanups: (() => Promise<unknown>)[] = [];
  return {
    async setup(): Promise<TestEnv> {
      const broker = await startTestBroker();
      cleanups.push(() => broker.close());
      const kafka = testKafka(broker);
      const names = scopeNames(uid('cdc'));
      const db = await createTestDatabase(server());
      cleanups.push(() => db.close());
      const slot = db.name;
      return {
        kafka,
        brokers: broker.brokers,
        names,
        db,
        slot,
        async start(options = {}) {
          const running = await startCdc({ kafka, db, slot, names, ...options });
          cleanups.push(() => running.stop());
          return running;
        },
        async collectTopic(topic) {
          await provisionTopics(kafka, 'local', names);
          const reader = decodedReader(await collect(kafka, names.physical(topic)));
          cleanups.push(() => reader.stop());
          return reader;
        },
        defer: (cleanup) => void cleanups.push(cleanup),
      };
    },
    async cleanup(): Promise<void> {
      for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
    },
  };
}
