// producerPublish against the embedded broker (issue 13 item 15): many concurrent callers on one
// idempotent producer while Produce responses are lost (the fault hook closes the connection
// after appending) — every acknowledged record is on the topic exactly once, in call order per key.
// Without the chain in producerPublish this loses or duplicates records (kafkajs 2.2.4).
import { startBroker } from '@tessera/embedded-kafka';
import type { Broker } from '@tessera/embedded-kafka';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { producerPublish } from '../src/kafka/publisher.js';
import { collect } from './support/kafka.js';

let broker: Broker;
let kafka: Kafka;
beforeAll(async () => {
  broker = await startBroker({ port: 0, maintenanceIntervalMs: 0, logger: { info: () => {}, warn: () => {} } });
  kafka = new Kafka({ clientId: 'publisher-test', brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, retries: 8 } });
});
afterAll(async () => {
  await broker?.close();
});

it('concurrent calls across dropped connections: every acknowledged record once, in order per key', async () => {
  const topic = `publisher-${Math.random().toString(36).slice(2)}`;
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
  const offsets = await (async () => {
    const a = kafka.admin();
    await a.connect();
    try { return await a.fetchTopicOffsets(topic); } finally { await a.disconnect(); }
  })();
  const total = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const collector = await collect(kafka, topic);
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
