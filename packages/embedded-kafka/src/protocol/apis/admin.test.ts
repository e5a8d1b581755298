// Oracle round trips for the admin APIs (CreateTopics, DeleteTopics, DeleteRecords, InitProducerId,
// DescribeConfigs, CreatePartitions) at every advertised version, kafkajs 2.2.4 on the other side.

import { describe, expect, it } from 'vitest';
import { CORRELATION_ID, kafkajsDecodeResponse, kafkajsRequestFrame, wireThrottle } from '../kafkajs-oracle.js';
import { APIS, decodeRequest, encodeResponse } from '../registry.js';

function versions(key: number): number[] {
  const spec = APIS.get(key);
  if (!spec) throw new Error(`api ${key} not advertised`);
  return Array.from({ length: spec.maxVersion - spec.minVersion + 1 }, (_, i) => spec.minVersion + i);
}

async function decoded(api: string, v: number, args: unknown) {
  const { header, body } = decodeRequest(await kafkajsRequestFrame(api, v, args));
  expect(header.apiVersion).toBe(v);
  return body;
}

describe('CreateTopics (19)', () => {
  it.each(versions(19))('v%i request (kafkajs defaults partitions/RF to -1)', async (v) => {
    const body = await decoded('createTopics', v, {
      timeout: 7000, validateOnly: true,
      topics: [
        { topic: 'orders', numPartitions: 4, replicationFactor: 3, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
        { topic: 'users', replicaAssignment: [{ partition: 0, replicas: [1] }] },
      ],
    });
    expect(body).toEqual({
      timeoutMs: 7000, validateOnly: v >= 1,
      topics: [
        { name: 'orders', numPartitions: 4, replicationFactor: 3, assignments: [], configs: [{ name: 'cleanup.policy', value: 'compact' }] },
        { name: 'users', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [1] }], configs: [] },
      ],
    });
  });
  it.each(versions(19))('v%i response', async (v) => {
    const frame = encodeResponse(19, v, CORRELATION_ID, {
      throttleTimeMs: 9,
      topics: [{ name: 'users', errorCode: 36, errorMessage: 'Topic users already exists.' }, { name: 'orders', errorCode: 0 }],
    });
    const out = await kafkajsDecodeResponse('createTopics', v, frame);
    const msg = (m: string | null) => (v >= 1 ? { errorMessage: m } : {});
    expect(out.topicErrors).toEqual([
      { topic: 'orders', errorCode: 0, ...msg(null) },
      { topic: 'users', errorCode: 36, ...msg('Topic users already exists.') },
    ]);
    expect(wireThrottle(out)).toBe(v >= 2 ? 9 : undefined);
  });
});

describe('DeleteTopics (20)', () => {
  it.each(versions(20))('v%i request', async (v) => {
    expect(await decoded('deleteTopics', v, { topics: ['orders', 'users'], timeout: 5000 })).toEqual({ topicNames: ['orders', 'users'], timeoutMs: 5000 });
  });
  it.each(versions(20))('v%i response', async (v) => {
    const frame = encodeResponse(20, v, CORRELATION_ID, { throttleTimeMs: 1, responses: [{ name: 'orders', errorCode: 0 }, { name: 'nope', errorCode: 3 }] });
    const out = await kafkajsDecodeResponse('deleteTopics', v, frame);
    expect(out.topicErrors).toEqual([{ topic: 'nope', errorCode: 3 }, { topic: 'orders', errorCode: 0 }]);
    expect(wireThrottle(out)).toBe(v >= 1 ? 1 : undefined);
  });
});

describe('DeleteRecords (21)', () => {
  it.each(versions(21))('v%i request', async (v) => {
    const body = await decoded('deleteRecords', v, { timeout: 5000, topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '10' }, { partition: 1, offset: '-1' }] }] });
    expect(body).toEqual({ timeoutMs: 5000, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, offset: 10 }, { partitionIndex: 1, offset: -1 }] }] });
  });
  it.each(versions(21))('v%i response', async (v) => {
    const frame = encodeResponse(21, v, CORRELATION_ID, {
      throttleTimeMs: 0,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, lowWatermark: 10, errorCode: 0 }, { partitionIndex: 1, lowWatermark: -1, errorCode: 1 }] }],
    });
    const out = await kafkajsDecodeResponse('deleteRecords', v, frame, { requestArgs: { topics: [] } });
    const parts = out.topics[0].partitions.map((p: { partition: number; lowWatermark: { toString(): string }; errorCode: number }) =>
      [p.partition, p.lowWatermark.toString(), p.errorCode]);
    expect(out.topics[0].topic).toBe('orders');
    expect(parts).toEqual([[0, '10', 0], [1, '-1', 1]]);
  });
});

describe('InitProducerId (22)', () => {
  it.each(versions(22))('v%i request (idempotent producer: null transactional id)', async (v) => {
    expect(await decoded('initProducerId', v, { transactionalId: null, transactionTimeout: 30000 }))
      .toEqual({ transactionalId: null, transactionTimeoutMs: 30000 });
  });
  it.each(versions(22))('v%i response', async (v) => {
    const frame = encodeResponse(22, v, CORRELATION_ID, { throttleTimeMs: 0, errorCode: 0, producerId: 2 ** 33 + 5, producerEpoch: 0 });
    const out = await kafkajsDecodeResponse('initProducerId', v, frame, { parse: true });
    expect(out).toMatchObject({ errorCode: 0, producerId: String(2 ** 33 + 5), producerEpoch: 0 });
  });
});

describe('DescribeConfigs (32)', () => {
  it.each(versions(32))('v%i request', async (v) => {
    const body = await decoded('describeConfigs', v, {
      includeSynonyms: true,
      resources: [{ type: 2, name: 'orders', configNames: ['cleanup.policy'] }, { type: 4, name: '1', configNames: [] }],
    });
    expect(body).toEqual({
      includeSynonyms: v >= 1,
      // kafkajs encodes an empty name list as a null array: "all configs".
      resources: [
        { resourceType: 2, resourceName: 'orders', configurationKeys: ['cleanup.policy'] },
        { resourceType: 4, resourceName: '1', configurationKeys: null },
      ],
    });
  });
  it.each(versions(32))('v%i response', async (v) => {
    const frame = encodeResponse(32, v, CORRELATION_ID, {
      throttleTimeMs: 0,
      results: [{
        errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders',
        configs: [
          { name: 'cleanup.policy', value: 'compact', readOnly: false, isDefault: false, configSource: 1, isSensitive: false, synonyms: [{ name: 'cleanup.policy', value: 'compact', source: 1 }] },
          { name: 'retention.ms', value: '604800000', readOnly: false, isDefault: true, configSource: 5, isSensitive: false, synonyms: [] },
        ],
      }],
    });
    const out = await kafkajsDecodeResponse('describeConfigs', v, frame, { parse: true });
    const [resource] = out.resources;
    expect(resource).toMatchObject({ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' });
    expect(resource.configEntries.map((c: { configName: string; configValue: string; isDefault: boolean; configSource: number }) =>
      [c.configName, c.configValue, c.isDefault, c.configSource])).toEqual([
      // v0 has no source on the wire: kafkajs derives TOPIC_CONFIG (1) from isDefault=false.
      ['cleanup.policy', 'compact', false, 1],
      ['retention.ms', '604800000', true, 5],
    ]);
    if (v >= 1) expect(resource.configEntries[0].configSynonyms).toEqual([{ configName: 'cleanup.policy', configValue: 'compact', configSource: 1 }]);
  });
});

describe('CreatePartitions (37)', () => {
  it.each(versions(37))('v%i request', async (v) => {
    const body = await decoded('createPartitions', v, {
      timeout: 5000, validateOnly: false,
      topicPartitions: [{ topic: 'orders', count: 6 }, { topic: 'users', count: 2, assignments: [[1]] }],
    });
    expect(body).toEqual({
      timeoutMs: 5000, validateOnly: false,
      topics: [{ name: 'orders', count: 6, assignments: null }, { name: 'users', count: 2, assignments: [{ brokerIds: [1] }] }],
    });
  });
  it.each(versions(37))('v%i response', async (v) => {
    const frame = encodeResponse(37, v, CORRELATION_ID, { throttleTimeMs: 0, results: [{ name: 'orders', errorCode: 37, errorMessage: 'count must grow' }, { name: 'a', errorCode: 0 }] });
    const out = await kafkajsDecodeResponse('createPartitions', v, frame);
    expect(out.topicErrors).toEqual([{ topic: 'a', errorCode: 0, errorMessage: null }, { topic: 'orders', errorCode: 37, errorMessage: 'count must grow' }]);
  });
});
