// Conformance of the data plane: what a client sees after producing (offsets, high watermarks,
// log start offsets), ListOffsets earliest / latest / by timestamp, and the error codes for a
// produce to an unknown topic or partition, a fetch out of range and metadata of an unknown topic.
// Each sequence runs on the embedded broker and on Apache Kafka; the observations must be equal.
import { expect, it } from 'vitest';
import { encodeBatch } from '../../src/records/batch.js';
import { uid } from '../helpers.js';
import { conformanceTargets, createTopic, onBoth, type Target } from './targets.js';

const targets = conformanceTargets();

const batch = (values: string[], timestamp = Date.now()): Buffer => encodeBatch({
  baseOffset: 0,
  records: values.map((v, i) => ({ offset: i, timestamp, key: null, value: Buffer.from(v), headers: [] })),
});
const produceBody = (topic: string, partition: number, records: Buffer) => ({
  transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
});
const fetchBody = (topic: string, partition: number, fetchOffset: number) => ({
  replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
  topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
  forgottenTopicsData: [], rackId: '',
});
type ProduceAnswer = { responses: { partitionResponses: { errorCode: number; baseOffset: number; logStartOffset: number }[] }[] };
type FetchAnswer = { responses: { partitions: { errorCode: number; highWatermark: number; logStartOffset: number; records: Buffer | null }[] }[] };

it('reports the same offsets, high watermarks and log start offsets after produce', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const topic = uid('conf-offsets');
    await createTopic(t, topic, 2);
    const producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sends = [];
    for (const n of [3, 1, 4]) {
      const meta = await producer.send({ topic, acks: -1, messages: Array.from({ length: n }, (_, i) => ({ partition: 0, value: `v${i}` })) });
      sends.push(meta.map((m) => ({ partition: m.partition, errorCode: m.errorCode, baseOffset: m.baseOffset, logStartOffset: m.logStartOffset, logAppendTime: m.logAppendTime })));
    }
    sends.push((await producer.send({ topic, acks: -1, messages: [{ partition: 1, value: 'p1' }] }))
      .map((m) => ({ partition: m.partition, errorCode: m.errorCode, baseOffset: m.baseOffset, logStartOffset: m.logStartOffset, logAppendTime: m.logAppendTime })));
    await producer.disconnect();
    const offsets = (await t.admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
    return { sends, offsets };
  });
  expect(seen.embedded).toEqual(seen.apache);
  expect(seen.apache.offsets).toEqual([{ partition: 0, offset: '8', high: '8', low: '0' }, { partition: 1, offset: '1', high: '1', low: '0' }]);
});

it('answers ListOffsets earliest, latest and by timestamp alike (kafkajs and raw v1-v3)', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const topic = uid('conf-times');
    await createTopic(t, topic, 1);
    // Timestamps relative to a recent base (an old one would fall to retention on Apache Kafka).
    const base = Date.now() - 60_000;
    const producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [0, 1000, 2000].map((d) => ({ value: `t${d}`, timestamp: String(base + d) })) });
    await producer.send({ topic, acks: -1, messages: [3000, 4000].map((d) => ({ value: `t${d}`, timestamp: String(base + d) })) });
    await producer.disconnect();
    const rel = (ts: number) => (ts < 0 ? ts : ts - base);
    const byKafkajs: Record<string, unknown> = {};
    for (const [label, at] of [['before-all', base - 5000], ['mid-first-batch', base + 500], ['exact', base + 2000], ['mid-second-batch', base + 3500], ['after-all', base + 10_000]] as const) {
      byKafkajs[label] = await t.admin.fetchTopicOffsetsByTimestamp(topic, at);
    }
    const raw: Record<string, unknown> = {};
    for (const version of [1, 2, 3]) {
      const body = {
        replicaId: -1, isolationLevel: 0,
        topics: [{ name: topic, partitions: [-2, -1, base + 500, base + 4000, base + 10_000].map((timestamp) => ({ partitionIndex: 0, timestamp })) }],
      };
      // One request per timestamp: Kafka refuses a partition listed twice in one request.
      const answers = [];
      for (const p of body.topics[0]!.partitions) {
        const r = (await t.request(2, version, { ...body, topics: [{ name: topic, partitions: [p] }] })) as { topics: { partitions: { errorCode: number; timestamp: number; offset: number }[] }[] };
        const part = r.topics[0]!.partitions[0]!;
        answers.push({ errorCode: part.errorCode, offset: part.offset, timestamp: rel(part.timestamp) });
      }
      raw[`v${version}`] = answers;
    }
    const unknown = (await t.request(2, 3, { replicaId: -1, isolationLevel: 0, topics: [{ name: topic, partitions: [{ partitionIndex: 7, timestamp: -1 }] }] })) as { topics: { partitions: { errorCode: number }[] }[] };
    return { byKafkajs, raw, unknownPartition: unknown.topics[0]!.partitions[0]!.errorCode };
  });
  expect(seen.embedded).toEqual(seen.apache);
});

it('answers the same errors for an unknown topic or partition and a fetch out of range', async () => {
  const seen = await onBoth(targets(), async (t: Target) => {
    const topic = uid('conf-errors');
    await createTopic(t, topic, 1);
    const code = (r: unknown) => (r as ProduceAnswer).responses[0]!.partitionResponses[0]!;
    const produced = code(await t.request(0, 7, produceBody(topic, 0, batch(['a', 'b', 'c']))));
    const unknownTopic = code(await t.request(0, 7, produceBody(uid('conf-missing'), 0, batch(['x']))));
    const unknownPartition = code(await t.request(0, 7, produceBody(topic, 3, batch(['x']))));
    const fetch = async (partition: number, offset: number) => {
      const p = ((await t.request(1, 11, fetchBody(topic, partition, offset))) as FetchAnswer).responses[0]!.partitions[0]!;
      return { errorCode: p.errorCode, highWatermark: p.highWatermark, logStartOffset: p.logStartOffset, bytes: p.records?.length ?? null };
    };
    const metadata = (await t.request(3, 6, { topics: [{ name: uid('conf-missing') }], allowAutoTopicCreation: false })) as { topics: { errorCode: number; partitions: unknown[] }[] };
    const at0 = await fetch(0, 0);
    return {
      produced: { errorCode: produced.errorCode, baseOffset: produced.baseOffset, logStartOffset: produced.logStartOffset },
      unknownTopic: unknownTopic.errorCode,
      unknownPartition: unknownPartition.errorCode,
      fetchAtStart: { ...at0, bytes: at0.bytes !== null && at0.bytes > 0 },
      fetchAtEnd: await fetch(0, 3),
      fetchPastEnd: await fetch(0, 4),
      fetchNegative: await fetch(0, -5),
      fetchUnknownPartition: await fetch(5, 0),
      metadataUnknownTopic: { errorCode: metadata.topics[0]!.errorCode, partitions: metadata.topics[0]!.partitions.length },
    };
  });
  expect(seen.embedded).toEqual(seen.apache);
});
