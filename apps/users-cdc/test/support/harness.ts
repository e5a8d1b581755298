// Per-test wiring shared by the integration tests: one embedded broker and one fresh database per
// test (the slot and publication are named after the database, so they are unique too), and a
// cleanup list run after each test in reverse order.
import { startBroker } from '@tessera/embedded-kafka';
import type { Kafka } from 'kafkajs';
import { createTestDatabase, startCdc } from './cdc.js';
import type { RunningCdc, TestDatabase } from './cdc.js';
import { collect, testKafka } from './kafka.js';
import type { Collector } from './kafka.js';
import type { TestPostgres } from './postgres.js';
import type { Publish } from '../../src/kafka/publisher.js';

const quiet = { info: () => undefined, warn: () => undefined };

export interface TestEnv {
  readonly kafka: Kafka;
  readonly brokers: string[];
  readonly db: TestDatabase;
  readonly slot: string;
  start(options?: { wrapPublish?: (publish: Publish) => Publish; snapshotPageSize?: number }): Promise<RunningCdc>;
  collectTopic(topic: string): Promise<Collector>;
  defer(cleanup: () => Promise<unknown>): void;
}

export function createHarness(server: () => TestPostgres) {
  const cleanups: (() => Promise<unknown>)[] = [];
  return {
    async setup(): Promise<TestEnv> {
      const broker = await startBroker({ port: 0, maintenanceIntervalMs: 0, minSessionTimeoutMs: 500, logger: quiet });
      cleanups.push(() => broker.close());
      const kafka = testKafka(broker.brokers);
      const db = await createTestDatabase(server());
      cleanups.push(() => db.close());
      const slot = db.name;
      return {
        kafka,
        brokers: broker.brokers,
        db,
        slot,
        async start(options = {}) {
          const running = await startCdc({ kafka, db, slot, ...options });
          cleanups.push(() => running.stop());
          return running;
        },
        async collectTopic(topic) {
          const c = await collect(kafka, topic);
          cleanups.push(() => c.stop());
          return c;
        },
        defer: (cleanup) => void cleanups.push(cleanup),
      };
    },
    async cleanup(): Promise<void> {
      for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
    },
  };
}
