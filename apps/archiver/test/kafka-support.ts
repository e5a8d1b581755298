// Test support for the Kafka wiring: an embedded broker with every catalogue topic under a unique
// prefix, producers (typed through the streams producer, raw bytes through kafkajs), committed
// offsets and high watermarks per partition, the archiver's main.ts as a child process, and a
// waiter with a generous safety timeout (never a timing assertion).
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TopicName } from '@tessera/contracts/topics';
import { startTestBroker } from '@tessera/streams/testing';
import type { TestBroker } from '@tessera/streams/testing';
import { createLogger } from '@tessera/platform/logger';
import { spawnApp } from '@tessera/platform/testing/app-process';
import type { AppProcess } from '@tessera/platform/testing/app-process';
import { provisionTopics } from '@tessera/streams/provision';
import { topicNames } from '@tessera/streams/topic-names';
import type { TopicNames } from '@tessera/streams/topic-names';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';

const APP_DIR = fileURLToPath(new URL('../', import.meta.url));
export const quietLogger = createLogger({ name: 'archiver-test', level: 'error' });

export interface TestKafka {
  broker: TestBroker;
  kafka: Kafka;
  admin: Admin;
  names: TopicNames;
  prefix: string;
  close(): Promise<void>;
}

export async function startTestKafka(): Promise<TestKafka> {
  const broker = await startTestBroker(); // the embedded broker, or the TESSERA_TEST_KAFKA cluster
  const kafka = new Kafka({ clientId: 'archiver-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const prefix = `t-${randomBytes(4).toString('hex')}`;
  const names = topicNames(prefix);
  await provisionTopics(admin, { env: 'local', names });
  return {
    broker, kafka, admin, names, prefix,
    async close() {
      await admin.disconnect();
      await broker.close();
    },
  };
}

/** Sends values as they are (bytes the contract codec might refuse) to a catalogue topic. */
export async function produceRaw(t: TestKafka, topic: TopicName, messages: { key: string; value: Buffer | null; partition?: number }[]): Promise<void> {
  const producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic: t.names.physical(topic), acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value, ...(m.partition === undefined ? {} : { partition: m.partition }) })) });
  } finally {
    await producer.disconnect();
  }
}

/** "partition" → high watermark, for every partition of `topic`. */
export async function highWatermarks(t: TestKafka, topic: TopicName): Promise<Map<number, number>> {
  const offsets = await t.admin.fetchTopicOffsets(t.names.physical(topic));
  return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
}

/** "partition" → committed offset of `group` (-1 = none). */
export async function committedOffsets(t: TestKafka, group: string, topic: TopicName): Promise<Map<number, number>> {
  const [entry] = await t.admin.fetchOffsets({ groupId: group, topics: [t.names.physical(topic)] });
  return new Map((entry?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
}

export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type ArchiverProcess = AppProcess;

/**
 * Runs src/main.ts through tsx, as `npm start` does, with JSON logs on stdout. A test file that
 * uses it calls `stopProcessesAfterEach()` so the process dies with the test, whatever happens.
 */
export function spawnArchiver(env: Record<string, string>): ArchiverProcess {
  return spawnApp({ cwd: APP_DIR, entry: 'src/main.ts', env: { LOG_LEVEL: 'debug', OPS_PORT: '0', KAFKA_SESSION_TIMEOUT: '3s', ...env } });
}
