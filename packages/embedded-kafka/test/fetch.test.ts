// Fetch behaviour the clients depend on: an idle fetch is parked and
// woken by an append (an idle consumer long-polls instead of spinning), and a record larger than the
// per-partition fetch limit is still delivered. Each waits for events (the fault hook's request
// observer, arrivals), never for a fixed time.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import { eventually, kafka, startTestBroker, uid } from './helpers.js';
import { WireClient } from './wire.js';

let broker: Broker;
beforeAll(async () => { broker = await startTestBroker(); });
afterAll(async () => { await broker?.close(); });

it('a fetch on an idle partition is parked until a record is appended, then answers with it', async () => {
  const topic = uid('park');
  await broker.cluster.createTopic({ name: topic, numPartitions: 1, replicationFactor: -1, configs: [], validateOnly: false });
  const c = await WireClient.open(broker.port);
  let seen!: () => void;
  const arrived = new Promise<void>((resolve) => { seen = resolve; });
  const stop = broker.faults.observe((e) => { if (e.apiKey === 1 && e.clientId === 'wire-test') seen(); });
  try {
    // max wait far beyond the test timeout: only a fetch woken by the append can answer in time,
    // and one answered at once (a broker that does not long-poll) would carry no records.
    const fetched = c.send(1, 11, {
      replicaId: -1, maxWaitMs: 600_000, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [], rackId: '',
    }).response as Promise<{ responses: { partitions: { errorCode: number; records: Buffer | null }[] }[] }>;
    await arrived; // decoded, gathered (nothing yet) and parked before this continuation runs
    const producer = kafka(broker).producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'wake-up' }] });
    await producer.disconnect();
    const partition = (await fetched).responses[0]!.partitions[0]!;
    expect(partition.errorCode).toBe(0);
    expect(partition.records?.includes(Buffer.from('wake-up'))).toBe(true);
  } finally {
    stop();
    c.close();
  }
});

it('an idle kafkajs consumer long-polls instead of spinning: its first fetch is the one woken', async () => {
  const topic = uid('idle');
  const clientId = uid('idle-client');
  const k = kafka(broker, { clientId });
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  await admin.disconnect();

  let fetches = 0;
  let firstFetch!: () => void;
  const fetching = new Promise<void>((resolve) => { firstFetch = resolve; });
  const stop = broker.faults.observe((e) => {
    if (e.apiKey !== 1 || e.clientId !== clientId) return;
    fetches += 1;
    firstFetch();
  });
  const consumer = k.consumer({ groupId: uid('idle-g'), maxWaitTimeInMs: 5000, heartbeatInterval: 200, sessionTimeout: 6000 });
  const got: { value: string; fetchesSoFar: number }[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => { got.push({ value: String(message.value), fetchesSoFar: fetches }); } });
    await fetching;
    const producer = k.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'wake-up' }] });
    await producer.disconnect();
    await eventually(() => (got.length > 0 ? true : undefined), 20_000, 'the record');
    // A broker answering idle fetches at once would have had the consumer fetch again and again
    // between its first fetch and the append; a long-polling one answers that first fetch.
    expect(got[0]).toEqual({ value: 'wake-up', fetchesSoFar: 1 });
  } finally {
    stop();
    await consumer.disconnect();
  }
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
