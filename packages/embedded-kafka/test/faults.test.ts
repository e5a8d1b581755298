// The fault hook driving real client error paths: an injected REBALANCE_IN_PROGRESS heartbeat makes
// a kafkajs member rejoin; an injected COORDINATOR_NOT_AVAILABLE is retried by the admin client; a
// delayed request still answers in order on its connection.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import { eventually, kafka, startTestBroker, uid } from './helpers.js';
import { WireClient } from './wire.js';

let broker: Broker;
beforeAll(async () => { broker = await startTestBroker(); });
afterAll(async () => { await broker?.close(); });

it('a heartbeat failed with REBALANCE_IN_PROGRESS makes the member rejoin', async () => {
  const topic = uid('fault-hb');
  const groupId = uid('fault-hb-g');
  const k = kafka(broker);
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  const consumer = k.consumer({ groupId, sessionTimeout: 3000, heartbeatInterval: 100, maxWaitTimeInMs: 100 });
  let joins = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => { joins += 1; });
  await consumer.connect();
  await consumer.subscribe({ topic });
  await consumer.run({ eachMessage: async () => {} });
  await eventually(() => (joins === 1 ? true : undefined), 20_000, 'first join');

  const rule = broker.faults.inject({ apiKey: 12, errorCode: 27, match: (b) => b.groupId === groupId });
  await eventually(() => (joins >= 2 ? true : undefined), 20_000, 'rejoin after the injected error');
  expect(rule.fired).toBe(1);

  const coordinator = broker.faults.inject({ apiKey: 10, errorCode: 15, times: 2 });
  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  expect(offsets[0]?.partitions).toEqual([{ partition: 0, offset: '-1', metadata: null }]);
  expect(coordinator.fired).toBe(2);
  await consumer.disconnect();
  await admin.disconnect();
});

it('a delayed request keeps its place in the connection order', async () => {
  const c = await WireClient.open(broker.port);
  const delayed = broker.faults.inject({ apiKey: 3, delayMs: 300 });
  const order: string[] = [];
  const first = c.send(3, 6, { topics: null, allowAutoTopicCreation: false }).response.then(() => order.push('delayed metadata'));
  const second = c.send(18, 2, {}).response.then(() => order.push('api versions'));
  await Promise.all([first, second]);
  expect(order).toEqual(['delayed metadata', 'api versions']);
  expect(delayed.fired).toBe(1);
  c.close();
});
