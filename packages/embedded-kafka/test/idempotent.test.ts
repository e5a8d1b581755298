// Idempotent producer across a lost Produce response: the broker appends
// the first batch but closes the socket instead of answering; kafkajs reconnects and re-sends the
// same sequence, and broker-side dedup must make every message land exactly once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import { consumeAll } from './consume.js';
import { kafka, startTestBroker, uid } from './helpers.js';

let broker: Broker;
beforeAll(async () => { broker = await startTestBroker(); });
afterAll(async () => { await broker?.close(); });

it('delivers every message exactly once with contiguous offsets when a Produce response is dropped', async () => {
  const topic = uid('idem');
  const k = kafka(broker);
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  await admin.disconnect();

  const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const drop = broker.faults.inject({ apiKey: 0, drop: true });
  const values = Array.from({ length: 30 }, (_, i) => `m${i}`);
  for (let i = 0; i < values.length; i += 10) {
    await producer.send({ topic, acks: -1, messages: values.slice(i, i + 10).map((value) => ({ key: 'k', value })) });
  }
  await producer.disconnect();
  expect(drop.fired).toBe(1);

  const got = await consumeAll(k, topic, values.length);
  expect(got.map((m) => m.value)).toEqual(values);
  expect(got.map((m) => m.offset)).toEqual(values.map((_, i) => i));
  // A re-appended duplicate would push the log end past the message count.
  expect(broker.cluster.log(topic, 0)?.highWatermark).toBe(values.length);
});

it('answers an injected retriable error without appending, and the retry succeeds', async () => {
  const topic = uid('idem-err');
  const k = kafka(broker);
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  await admin.disconnect();
  const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const fail = broker.faults.inject({ apiKey: 0, errorCode: 6 /* NOT_LEADER_OR_FOLLOWER */, times: 2 });
  await producer.send({ topic, acks: -1, messages: [{ value: 'once' }] });
  await producer.disconnect();
  expect(fail.fired).toBe(2);
  expect(broker.cluster.log(topic, 0)?.highWatermark).toBe(1);
});
