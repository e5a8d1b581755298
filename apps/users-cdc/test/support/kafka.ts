// Test-side Kafka helpers: a consumer that collects every record of a topic from the beginning
// (unique group per call), and a waiter with a generous safety timeout (never a timing assertion).
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';

export interface Collected {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** Parsed JSON, or null for a tombstone. */
  readonly value: Record<string, unknown> | null;
  readonly headers: Record<string, string>;
}

export interface Collector {
  readonly records: Collected[];
  waitFor(predicate: (records: readonly Collected[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function testKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'users-cdc-test', brokers, logLevel: logLevel.NOTHING });
}

export async function collect(kafka: Kafka, topic: string): Promise<Collector> {
  const records: Collected[] = [];
  const consumer: Consumer = kafka.consumer({ groupId: `test-${topic}-${Math.random().toString(36).slice(2)}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
      records.push({
        partition,
        offset: message.offset,
        key: message.key === null ? null : message.key.toString(),
        value: message.value === null ? null : (JSON.parse(message.value.toString()) as Record<string, unknown>),
        headers,
      });
    },
  });
  return {
    records,
    waitFor: (predicate, what, timeoutMs = 60_000) => waitUntil(() => predicate(records), what, timeoutMs),
    stop: () => consumer.disconnect(),
  };
}

export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
