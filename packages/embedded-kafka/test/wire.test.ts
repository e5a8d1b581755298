// Server behaviour below what the real clients expose: responses in request order per
// connection, a parked Fetch never blocks another connection, unsupported versions close the
// connection (ApiVersions answers a v0-shaped error instead), acks=0 is silent, acks must be
// -1/0/1, one batch per partition, and Fetch returns the whole batch containing the offset.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import { APIS, decodeResponse } from '../src/protocol/registry.js';
import { encodeBatch } from '../src/records/batch.js';
import { readBatchHeader } from '../src/records/layout.js';
import { eventually, startTestBroker, uid } from './helpers.js';
import { WireClient } from './wire.js';

let broker: Broker;
beforeAll(async () => { broker = await startTestBroker(); });
afterAll(async () => { await broker?.close(); });

const batch = (...values: string[]): Buffer => encodeBatch({
  baseOffset: 0,
  producerId: -1,
  records: values.map((v, i) => ({ offset: i, timestamp: Date.now(), key: null, value: Buffer.from(v), headers: [] })),
});

async function newTopic(): Promise<string> {
  const name = uid('wire');
  const r = await broker.cluster.createTopic({ name, numPartitions: 1, replicationFactor: -1, configs: [], validateOnly: false });
  expect(r.errorCode).toBe(0);
  return name;
}

const produceBody = (topic: string, records: Buffer, acks = -1) => ({
  transactionalId: null, acks, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
});
const fetchBody = (topic: string, fetchOffset: number, maxWaitMs: number) => ({
  replicaId: -1, maxWaitMs, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
  topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
  forgottenTopicsData: [], rackId: '',
});
type Parts = { responses: { partitions: { errorCode: number; highWatermark: number; records: Buffer | null }[] }[] };

it('answers in request order per connection and never blocks other connections', async () => {
  const topic = await newTopic();
  const a = await WireClient.open(broker.port);
  const b = await WireClient.open(broker.port);
  const order: string[] = [];
  const parked = a.send(1, 11, fetchBody(topic, 0, 30_000));
  const behind = a.send(3, 6, { topics: null, allowAutoTopicCreation: false });
  void parked.response.then(() => order.push('fetch'));
  void behind.response.then(() => order.push('metadata-behind-fetch'));
  await b.send(3, 6, { topics: null, allowAutoTopicCreation: false }).response;
  order.push('other-connection');
  await b.send(0, 7, produceBody(topic, batch('wake'))).response;
  const fetched = (await parked.response) as unknown as Parts;
  await behind.response;
  expect(order).toEqual(['other-connection', 'fetch', 'metadata-behind-fetch']);
  expect(fetched.responses[0]?.partitions[0]?.highWatermark).toBe(1);
  a.close();
  b.close();
});

it('closes the connection on an unsupported version, but answers ApiVersions with a v0 error body', async () => {
  const c = await WireClient.open(broker.port);
  const header = (apiKey: number, version: number, corr: number): Buffer => {
    const h = Buffer.alloc(4 + 2 + 2 + 4 + 2);
    h.writeInt32BE(h.length - 4, 0);
    h.writeInt16BE(apiKey, 4);
    h.writeInt16BE(version, 6);
    h.writeInt32BE(corr, 8);
    h.writeInt16BE(-1, 12); // null client id
    return h;
  };
  const frame = c.nextFrame();
  c.writeRaw(header(18, 9, 77));
  const v0 = decodeResponse(18, 0, await frame);
  expect(v0.correlationId).toBe(77);
  expect(v0.body.errorCode).toBe(35);
  expect((v0.body.apiKeys as unknown[]).length).toBe(APIS.size);
  expect(c.closed).toBe(false);

  c.writeRaw(header(0, 99, 78));
  await eventually(() => (c.closed ? true : undefined), 5000, 'connection closed');
});

it('sends nothing for acks=0, refuses other acks values and more than one batch', async () => {
  const topic = await newTopic();
  const c = await WireClient.open(broker.port);
  c.sendOneWay(0, 7, produceBody(topic, batch('silent'), 0));
  // The first frame back must carry the Metadata request's correlation id: acks=0 answers nothing.
  const md = await c.send(3, 6, { topics: null, allowAutoTopicCreation: false }).response;
  expect(md.controllerId).toBe(1);
  expect(broker.cluster.log(topic, 0)?.highWatermark).toBe(1);

  const c2 = await WireClient.open(broker.port);
  const bad = (await c2.send(0, 7, produceBody(topic, batch('x'), 2)).response) as { responses: { partitionResponses: { errorCode: number }[] }[] };
  expect(bad.responses[0]?.partitionResponses[0]?.errorCode).toBe(21);
  const two = (await c2.send(0, 7, produceBody(topic, Buffer.concat([batch('a'), batch('b')]))).response) as typeof bad;
  expect(two.responses[0]?.partitionResponses[0]?.errorCode).toBe(87);
  expect(broker.cluster.log(topic, 0)?.highWatermark).toBe(1);
  c.close();
  c2.close();
});

it('returns the whole batch containing the fetch offset, and OFFSET_OUT_OF_RANGE beyond the end', async () => {
  const topic = await newTopic();
  const c = await WireClient.open(broker.port);
  await c.send(0, 7, produceBody(topic, batch('zero', 'one', 'two'))).response;
  const mid = (await c.send(1, 11, fetchBody(topic, 1, 0)).response) as unknown as Parts;
  const records = mid.responses[0]!.partitions[0]!.records!;
  expect(readBatchHeader(records)).toMatchObject({ baseOffset: 0, recordsCount: 3 });
  const beyond = (await c.send(1, 11, fetchBody(topic, 4, 0)).response) as unknown as Parts;
  expect(beyond.responses[0]?.partitions[0]?.errorCode).toBe(1);
  c.close();
});

it('serves the low end of the advertised ranges (what kafka-python 2.0.2 negotiates)', async () => {
  const topic = await newTopic();
  const c = await WireClient.open(broker.port);
  await c.send(0, 3, produceBody(topic, batch('low', 'versions'))).response;
  const md = (await c.send(3, 0, { topics: [] }).response) as { brokers: { port: number }[]; topics: { name: string }[] };
  expect(md.brokers).toEqual([expect.objectContaining({ nodeId: 1, host: '127.0.0.1', port: broker.port })]);
  expect(md.topics.map((t) => t.name)).toContain(topic); // v0: an empty list means all topics
  const fetched = (await c.send(1, 4, fetchBody(topic, 0, 0)).response) as unknown as Parts;
  expect(readBatchHeader(fetched.responses[0]!.partitions[0]!.records!).recordsCount).toBe(2);
  const lo = (await c.send(2, 1, { replicaId: -1, topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1 }] }] }).response) as
    { topics: { partitions: { offset: number }[] }[] };
  expect(lo.topics[0]?.partitions[0]?.offset).toBe(2);
  const fc = (await c.send(10, 0, { key: 'any-group' }).response) as { errorCode: number; nodeId: number; port: number };
  expect(fc).toMatchObject({ errorCode: 0, nodeId: 1, port: broker.port });
  c.close();
});
