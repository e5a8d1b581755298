// Starts users-cdc in-process against test servers: a fresh database (migrated) on the test
// PostgreSQL, and the test broker (its topics under `names`' prefix; none when absent).
// `wrapPublish` lets a test put a fault around the real, Kafka-acknowledged publish (e.g. "Kafka acked, then the process died before the slot ack").
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import type { Registry } from '@tessera/platform/metrics';
import { topicNames } from '@tessera/streams/topic-names';
import type { TopicNames } from '@tessera/streams/topic-names';
import { Partitioners } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import pg from 'pg';
import { startApp } from '../../src/app.js';
import { producerPublish } from '../../src/kafka/publisher.js';
import type { Publish } from '../../src/kafka/publisher.js';
import { createCdcMetrics } from '../../src/metrics.js';
import { migrate } from '../../src/migrate.js';
import { slotLagBytes } from '../../src/postgres/slot.js';
import type { UsersCdc } from '../../src/users-cdc.js';
import type { TestPostgres } from './postgres.js';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly sql: pg.Client;
  close(): Promise<void>;
}

export async function createTestDatabase(server: TestPostgres, prefix = 'cdc'): Promise<TestDatabase> {
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client(server.url);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = server.urlFor(name);
  const sql = new pg.Client(url);
  await sql.connect();
  await migrate(sql);
  return {
    name,
    url,
    sql,
    async close() {
      await sql.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = current_database() AND NOT active').catch(() => undefined);
      await sql.end();
      const a = new pg.Client(server.url);
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await a.end();
    },
  };
}

export interface RunningCdc {
  readonly cdc: UsersCdc;
  readonly registry: Registry;
  stop(): Promise<void>;
}

export async function startCdc(options: {
  kafka: Kafka;
  db: TestDatabase;
  slot: string;
  names?: TopicNames;
  wrapPublish?: (publish: Publish) => Publish;
  snapshotPageSize?: number;
}): Promise<RunningCdc> {
  const producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const registry = createMetricsRegistry({ app: 'users-cdc-test', defaultMetrics: false });
  const sql = new pg.Client(options.db.url);
  await sql.connect();
  const publish = producerPublish(producer);
  try {
    const cdc = await startApp({
      kafka: options.kafka,
      publish: options.wrapPublish ? options.wrapPublish(publish) : publish,
      connection: { connectionString: options.db.url },
      sql,
      metrics: createCdcMetrics(registry, () => slotLagBytes(sql, options.slot)),
      logger: createLogger({ name: 'users-cdc-test', level: 'silent' }),
      slot: options.slot,
      publication: options.slot,
      topicEnvironment: 'local',
      names: options.names ?? topicNames(''),
      ...(options.snapshotPageSize === undefined ? {} : { snapshotPageSize: options.snapshotPageSize }),
    });
    return {
      cdc,
      registry,
      async stop() {
        await cdc.stop().catch(() => undefined);
        await producer.disconnect();
        await sql.end();
      },
    };
  } catch (error) {
    await producer.disconnect();
    await sql.end();
    throw error;
  }
}

/** Value of a counter/gauge series (summed over labels unless `labels` narrows it). */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}
