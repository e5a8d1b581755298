// Compacted topics: the last value per key survives, tombstones expire after
// delete.retention.ms, offsets keep their gaps, a consumer crosses the gaps to the end in a bounded
// number of fetches, and a keyless write is refused with a non-retriable error.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import { eventually, kafka, startTestBroker, uid } from './helpers.js';

let broker: Broker;
beforeAll(async () => { broker = await startTestBroker(); });
afterAll(async () => { await broker?.close(); });

function errorTypes(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err as { type?: string; cause?: unknown; originalError?: unknown } | undefined; e; e = (e.originalError ?? e.cause) as typeof e) {
    if (e.type) out.push(e.type);
  }
  return out;
}

it('keeps the last value per key, expires tombstones and lets a consumer reach the end', async () => {
  const topic = uid('compact');
  const clientId = uid('compact-reader');
  const k = kafka(broker);
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, configEntries: [
    { name: 'cleanup.policy', value: 'compact' },
    { name: 'delete.retention.ms', value: '0' },
  ] }] });
  await admin.disconnect();

  const producer = k.producer();
  await producer.connect();
  const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
  for (const round of ['a', 'b', 'c']) {
    for (const key of keys) await producer.send({ topic, messages: [{ key, value: `${key}-${round}` }] });
  }
  await producer.send({ topic, messages: [{ key: 'k2', value: null }] });
  await producer.send({ topic, messages: [{ key: 'k6', value: 'last' }] });
  await expect(producer.send({ topic, messages: [{ value: 'no key' }] })).rejects.toSatisfy((err) => errorTypes(err).includes('INVALID_RECORD'));
  await producer.disconnect();

  broker.compactNow(topic);
  broker.compactNow(topic); // a second pass removes tombstones whose delete horizon passed in the first

  let fetches = 0;
  const stop = broker.faults.observe((e) => { if (e.apiKey === 1 && e.clientId === clientId) fetches += 1; });
  const consumer = kafka(broker, { clientId }).consumer({ groupId: uid('compact-g'), maxWaitTimeInMs: 100, heartbeatInterval: 200, sessionTimeout: 6000 });
  const got: { key: string; value: string | null; offset: number }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => {
    got.push({ key: String(message.key), value: message.value ? String(message.value) : null, offset: Number(message.offset) });
  } });
  await eventually(() => (got.some((m) => m.key === 'k6') ? true : undefined), 20_000, 'the last record');
  await consumer.disconnect();
  stop();

  expect(got.map((m) => `${m.key}=${m.value}`)).toEqual(['k1=k1-c', 'k3=k3-c', 'k4=k4-c', 'k5=k5-c', 'k6=last']);
  const offsets = got.map((m) => m.offset);
  expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  expect(offsets.at(-1)).toBe(16);
  // Stepping one offset per round trip through the gaps would take ~17 fetches before the tail.
  expect(fetches).toBeLessThanOrEqual(8);
});
