// producerPublish against the embedded broker (issue 13 item 15): many concurrent callers on one
// idempotent producer while Produce responses are lost (the fault hook closes the connection
// after appending) — every acknowledged record is on the topic exactly once, in call order per key.
// Without the chain in producerPublish this loses or duplicates records (kafkajs 2.2.4).
import { collect, externalKafka, recordCount, startTestBroker, testKafka, uid } from '@tessera/streams/testing';
import type { TestBroker } from '@tessera/streams/testing';
import { Partitioners } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { producerPublish } from '../src/kafka/publisher.js';
import { decodedReader } from './support/harness.js';

let broker: TestBroker;
let kafka: Kafka;
beforeAll(async () => {
  broker = await startTestBroker();
  kafka = testKafka(broker);
});
afterAll(async () => {
  await broker?.close();
});

// Needs the embedded broker's fault hook (Produce responses lost after the append).
it.skipIf(externalKafka)('concurrent calls across dropped connections: every acknowledged record once, in order per key', async () => {
  const topic = uid('publisher-');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const publish = producerPublish(producer);
  const drop = broker.faults.inject({ apiKey: 0, drop: true, times: 3 });
  const acknowledged = new Map<string, number[]>();
  try {
    await Promise.all(Array.from({ length: 20 }, async (_, caller) => {
      const key = `user-${caller}`;
      acknowledged.set(key, []);
      for (let seq = 0; seq < 10; seq += 1) {
        try {
          await publish([{ topic, partition: caller % 2, key: Buffer.from(key), value: Buffer.from(JSON.stringify({ seq })), headers: {} }]);
          acknowledged.get(key)!.push(seq);
        } catch {
          // not acknowledged: users-cdc would not acknowledge the slot and Postgres would resend
        }
      }
    }));
  } finally {
    await producer.disconnect();
  }
  expect(drop.fired).toBe(3);
  const total = await recordCount(kafka, topic);
  const collector = decodedReader(await collect(kafka, topic));
  try {
    await collector.waitFor((r) => r.length >= total, `all ${total} records on the topic`);
    for (const [key, sent] of acknowledged) {
      const stored = collector.records.filter((r) => r.key === key).map((r) => Number(r.value?.seq));
      expect(new Set(stored).size).toBe(stored.length);
      expect(stored.filter((s) => sent.includes(s))).toEqual(sent);
    }
  } finally {
    await collector.stop();
  }
});
