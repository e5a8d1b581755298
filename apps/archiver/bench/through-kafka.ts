// The Kafka path: the same records produced to an embedded broker running as its own process
// (as in the local stack), then the archiver app (kafkajs eachBatch → core → local store) timed
// from start until every record is consumed and stop() has uploaded the last files and committed.
// Includes the group join (well under a second of a multi-second run).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { ConsumedRecord } from '@tessera/archive/record';
import { startBrokerProcess } from '@tessera/embedded-kafka/broker-process';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import type { Registry } from '@tessera/platform/metrics';
import { provisionTopics } from '@tessera/streams/provision';
import { topicNames } from '@tessera/streams/topic-names';
import { Kafka, logLevel } from 'kafkajs';
import { startArchiverApp } from '../src/app.js';
import { createArchiverMetrics } from '../src/metrics.js';
import { recordBytes, TOPIC } from './records.js';
import type { BenchResult } from './records.js';

const total = async (registry: Registry, name: string, labels: Record<string, string> = {}) =>
  (await registry.getSingleMetric(name)!.get()).values.filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((n, v) => n + v.value, 0);

export async function benchThroughKafka(input: readonly ConsumedRecord[]): Promise<BenchResult> {
  // The broker process itself (no wrapper), stopped in `finally` and tied to this process's life:
  // a bench that crashes or is killed leaves no broker behind.
  const broker = await startBrokerProcess({ args: ['--min-session-timeout-ms', '1000'] });
  const dir = await mkdtemp(join(tmpdir(), 'archiver-bench-kafka-'));
  const kafka = new Kafka({ clientId: 'archiver-bench', brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 100 } });
  try {
    const names = topicNames('bench');
    const admin = kafka.admin();
    await admin.connect();
    await provisionTopics(admin, { env: 'local', names });
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < input.length; i += 2_000) {
      const messages = input.slice(i, i + 2_000).map((r) => ({ partition: r.partition, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers as Record<string, Buffer | string> }));
      await producer.send({ topic: names.physical(TOPIC), acks: -1, messages });
    }
    await producer.disconnect();

    const registry = createMetricsRegistry({ app: 'archiver-bench', defaultMetrics: false });
    const started = process.hrtime.bigint();
    const app = await startArchiverApp({
      kafka, names, store: createLocalStore(dir), logger: createLogger({ name: 'archiver-bench', level: 'warn' }),
      metrics: createArchiverMetrics(registry),
      publishDeadLetters: () => Promise.reject(new Error('no dead letters expected')),
      settings: { groupId: 'archiver-bench', prefix: 'bench', limits: { maxRecords: 50_000, maxBytes: 32 << 20 }, idleFlushMs: 3_600_000, uploadConcurrency: 4, sessionTimeoutMs: 30_000 },
    });
    while ((await total(registry, 'tessera_archiver_records_consumed_total')) < input.length) await new Promise((r) => setTimeout(r, 20));
    await app.stop();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const archived = await total(registry, 'tessera_archiver_records_total');
    if (archived !== input.length) throw new Error(`archived ${archived} records, expected ${input.length}`);
    return {
      records: input.length, seconds, inputBytes: recordBytes(input),
      objects: await total(registry, 'tessera_archiver_objects_total'),
      writtenBytes: await total(registry, 'tessera_archiver_bytes_total', { encoding: 'gzip' }),
    };
  } finally {
    await broker.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
