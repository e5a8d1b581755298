// Wire-level answers where Kafka distinguishes empty from null, or answers an unknown topic with an
// error, checked at every advertised version with the raw client (our codec decodes a -1 length as
// null, so the two stay distinguishable): Fetch error partitions carry empty records (librdkafka
// cannot parse null ones), aborted_transactions follows the isolation level, OffsetCommit refuses
// unknown topics and partitions, OffsetFetch answers them with -1 as Kafka's coordinator does,
// DescribeConfigs treats an empty key list like null.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import { APIS } from '../src/protocol/registry.js';
import { encodeBatch } from '../src/records/batch.js';
import { startTestBroker, uid } from './helpers.js';
import { WireClient } from './wire.js';

let broker: Broker;
let c: WireClient;
let topic: string;
beforeAll(async () => {
  broker = await startTestBroker();
  c = await WireClient.open(broker.port);
  topic = uid('nve');
  await broker.cluster.createTopic({ name: topic, numPartitions: 1, replicationFactor: -1, configs: [], validateOnly: false });
  const records = encodeBatch({
    baseOffset: 0, producerId: -1,
    records: Array.from({ length: 20 }, (_, i) => ({ offset: i, timestamp: Date.now(), key: null, value: Buffer.from(`v${i}`), headers: [] })),
  });
  await c.send(0, 7, { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] }).response;
});
afterAll(async () => {
  c?.close();
  await broker?.close();
});

function versions(key: number): number[] {
  const spec = APIS.get(key)!;
  return Array.from({ length: spec.maxVersion - spec.minVersion + 1 }, (_, i) => spec.minVersion + i);
}

interface FetchedPartition {
  partitionIndex: number; errorCode: number; highWatermark: number; lastStableOffset: number; logStartOffset: number;
  abortedTransactions: unknown[] | null; records: Buffer | null;
}

async function fetchOne(version: number, t: string, partition: number, fetchOffset: number, isolationLevel = 0): Promise<FetchedPartition> {
  const body = await c.send(1, version, {
    replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel, sessionId: 0, sessionEpoch: -1,
    topics: [{ topic: t, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
    forgottenTopicsData: [], rackId: '',
  }).response as { responses: { partitions: FetchedPartition[] }[] };
  return body.responses[0]!.partitions[0]!;
}

describe('Fetch error partitions carry empty records, never null', () => {
  it.each(versions(1))('v%i: offset past the end → OFFSET_OUT_OF_RANGE with bounds -1 (as Apache Kafka) and empty records', async (v) => {
    const p = await fetchOne(v, topic, 0, 25);
    expect(p).toMatchObject({ errorCode: 1, highWatermark: -1, lastStableOffset: -1, abortedTransactions: null });
    if (v >= 5) expect(p.logStartOffset).toBe(-1);
    expect(p.records).toEqual(Buffer.alloc(0));
  });

  it.each(versions(1))('v%i: unknown topic and unknown partition → UNKNOWN_TOPIC_OR_PARTITION with empty records', async (v) => {
    for (const p of [await fetchOne(v, uid('missing'), 0, 0), await fetchOne(v, topic, 7, 0)]) {
      expect(p).toMatchObject({ errorCode: 3, highWatermark: -1, abortedTransactions: null });
      expect(p.records).toEqual(Buffer.alloc(0));
    }
  });

  it('an injected Fetch error also carries empty records', async () => {
    const rule = broker.faults.inject({ apiKey: 1, errorCode: 6 });
    const p = await fetchOne(11, topic, 0, 0);
    expect(rule.fired).toBe(1);
    expect(p.errorCode).toBe(6);
    expect(p.records).toEqual(Buffer.alloc(0));
  });

  it.each(versions(1))('v%i: aborted_transactions is [] for read_committed and null for read_uncommitted', async (v) => {
    const committed = await fetchOne(v, topic, 0, 20, 1);
    expect(committed).toMatchObject({ errorCode: 0, highWatermark: 20, lastStableOffset: 20, abortedTransactions: [] });
    expect(committed.records).toEqual(Buffer.alloc(0));
    const uncommitted = await fetchOne(v, topic, 0, 0, 0);
    expect(uncommitted).toMatchObject({ errorCode: 0, abortedTransactions: null });
    expect(uncommitted.records?.length).toBeGreaterThan(0);
  });
});

describe('OffsetCommit and OffsetFetch for topics the broker does not have', () => {
  it.each(versions(8))('v%i: unknown topic and partition → UNKNOWN_TOPIC_OR_PARTITION, the known one is stored', async (v) => {
    const groupId = uid('nve-g');
    const missing = uid('missing');
    const commit = await c.send(8, v, {
      groupId, generationIdOrMemberEpoch: -1, memberId: '', retentionTimeMs: -1,
      topics: [
        { name: topic, partitions: [{ partitionIndex: 0, committedOffset: 5, committedMetadata: 'm' }, { partitionIndex: 3, committedOffset: 1, committedMetadata: null }] },
        { name: missing, partitions: [{ partitionIndex: 0, committedOffset: 9, committedMetadata: null }] },
      ],
    }).response as { topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] };
    expect(commit.topics).toEqual([
      { name: topic, partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 3, errorCode: 3 }] },
      { name: missing, partitions: [{ partitionIndex: 0, errorCode: 3 }] },
    ]);
    const all = await c.send(9, 4, { groupId, topics: null }).response as { topics: { name: string; partitions: { partitionIndex: number; committedOffset: number }[] }[] };
    expect(all.topics).toEqual([{ name: topic, partitions: [expect.objectContaining({ partitionIndex: 0, committedOffset: 5, metadata: 'm' })] }]);
  });

  it('a commit naming only unknown topics does not create the group', async () => {
    const groupId = uid('nve-g');
    await c.send(8, 5, { groupId, generationIdOrMemberEpoch: -1, memberId: '', topics: [{ name: uid('missing'), partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: null }] }] }).response;
    const groups = await c.send(16, 2, {}).response as { groups: { groupId: string }[] };
    expect(groups.groups.map((g) => g.groupId)).not.toContain(groupId);
  });

  it.each(versions(9))('v%i: OffsetFetch of an unknown topic answers offset -1 without an error (Kafka ≥ v1)', async (v) => {
    const r = await c.send(9, v, { groupId: uid('nve-g'), topics: [{ name: uid('missing'), partitionIndexes: [0, 1] }] }).response as
      { topics: { partitions: { partitionIndex: number; committedOffset: number; metadata: string | null; errorCode: number }[] }[] };
    expect(r.topics[0]?.partitions).toEqual([
      expect.objectContaining({ partitionIndex: 0, committedOffset: -1, metadata: '', errorCode: 0 }),
      expect.objectContaining({ partitionIndex: 1, committedOffset: -1, metadata: '', errorCode: 0 }),
    ]);
  });
});

describe('DescribeConfigs', () => {
  it.each(versions(32))('v%i: an empty key list means every config, like null', async (v) => {
    const ask = (configurationKeys: string[] | null) => c.send(32, v, { resources: [{ resourceType: 2, resourceName: topic, configurationKeys }], includeSynonyms: false }).response as
      Promise<{ results: { errorCode: number; configs: { name: string }[] }[] }>;
    const empty = await ask([]);
    const nil = await ask(null);
    expect(empty.results[0]?.errorCode).toBe(0);
    expect(empty.results[0]?.configs.map((x) => x.name)).toEqual(nil.results[0]?.configs.map((x) => x.name));
    expect(empty.results[0]?.configs.length).toBeGreaterThan(5);
  });

  it('an illegal topic name is INVALID_TOPIC_EXCEPTION, an unknown one UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const r = await c.send(32, 2, { resources: [
      { resourceType: 2, resourceName: 'bad name!', configurationKeys: null },
      { resourceType: 2, resourceName: uid('missing'), configurationKeys: null },
    ], includeSynonyms: false }).response as { results: { errorCode: number }[] };
    expect(r.results.map((x) => x.errorCode)).toEqual([17, 3]);
  });
});
