// Fetch behaviour the clients depend on (notes §4 "Fetch", §9 item 6): an idle consumer long-polls
// instead of spinning, and a record larger than the per-partition fetch limit is still delivered.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import { eventually, kafka, startTestBroker, uid } from './helpers.js';

let broker: Broker;
beforeAll(async () => { broker = await startTestBroker(); });
afterAll(async () => { await broker?.close(); });

it('an idle consumer does not spin: fetches are held for max wait', async () => {
  const topic = uid('idle');
  const clientId = uid('idle-client');
  const k = kafka(broker, { clientId });
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  await admin.disconnect();

  let fetches = 0;
  const stop = broker.faults.observe((e) => { if (e.apiKey === 1 && e.clientId === clientId) fetches += 1; });
  const consumer = k.consumer({ groupId: uid('idle-g'), maxWaitTimeInMs: 500, heartbeatInterval: 200, sessionTimeout: 6000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => {} });
  await eventually(() => (fetches > 0 ? true : undefined), 20_000, 'first fetch');
  const before = fetches;
  await new Promise((r) => setTimeout(r, 2000));
  const during = fetches - before;
  await consumer.disconnect();
  stop();
  // 2 s of idling at 500 ms per long poll is ~4 fetches; a busy loop would be hundreds.
  expect(during).toBeGreaterThan(0);
  expect(during).toBeLessThanOrEqual(10);
});

it('a new record wakes a waiting fetch', async () => {
  const topic = uid('wake');
  const k = kafka(broker);
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  await admin.disconnect();
  const consumer = k.consumer({ groupId: uid('wake-g'), maxWaitTimeInMs: 5000, heartbeatInterval: 200, sessionTimeout: 6000 });
  const got: string[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => { joined = true; });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { got.push(String(message.value)); } });
  await eventually(() => (joined ? true : undefined), 20_000, 'join');
  await new Promise((r) => setTimeout(r, 300)); // let the first long poll park
  const producer = k.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: 'wake-up' }] });
  await producer.disconnect();
  // The fetch parks for up to 5 s; only a fetch woken by the append delivers within 3 s.
  await eventually(() => (got.includes('wake-up') ? true : undefined), 3000, 'woken fetch');
  await consumer.disconnect();
});

it('delivers a record larger than maxBytesPerPartition (KIP-74)', async () => {
  const topic = uid('big');
  const k = kafka(broker);
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  await admin.disconnect();
  const producer = k.producer();
  await producer.connect();
  const big = 'x'.repeat(64 * 1024);
  await producer.send({ topic, messages: [{ value: big }, { value: 'after' }] });
  await producer.send({ topic, messages: [{ value: 'small' }] });
  await producer.disconnect();

  const consumer = k.consumer({ groupId: uid('big-g'), maxBytesPerPartition: 1024, maxBytes: 2048, maxWaitTimeInMs: 100, heartbeatInterval: 200, sessionTimeout: 6000 });
  const got: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { got.push(String(message.value)); } });
  await eventually(() => (got.length >= 3 ? true : undefined), 20_000, 'three records');
  await consumer.disconnect();
  expect(got.map((v) => v.length)).toEqual([big.length, 5, 5]);
});
