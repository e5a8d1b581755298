// Oracle round trips for the admin APIs (CreateTopics, DeleteTopics, DeleteRecords, InitProducerId,
// DescribeConfigs, AlterConfigs, CreatePartitions) at every advertised version, kafkajs 2.2.4 on the
// other side. Where kafkajs stops below our range (CreateTopics v4 has v3's schema) its highest
// version's bytes are relabelled; IncrementalAlterConfigs, which kafkajs lacks, is checked against a
// byte fixture written from Kafka's message spec.

import { describe, expect, it } from 'vitest';
import { CORRELATION_ID, kafkajsDecodeResponse, kafkajsRequestFrame, wireThrottle } from '../../../testing/kafkajs-oracle.js';
import { APIS, decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../registry.js';

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

/** kafkajs' frame for `kafkajsMax`, relabelled as version v (same schema, per Kafka's spec). */
async function relabelled(api: string, v: number, kafkajsMax: number, args: unknown) {
  const frame = await kafkajsRequestFrame(api, Math.min(v, kafkajsMax), args);
  frame.writeInt16BE(v, 2); // request header: api_key int16, api_version int16, ...
  const { header, body } = decodeRequest(frame);
  expect(header.apiVersion).toBe(v);
  return body;
}

describe('CreateTopics (19)', () => {
  it.each(versions(19))('v%i request (kafkajs defaults partitions/RF to -1)', async (v) => {
    const body = await relabelled('createTopics', v, 3, {
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
    const out = await kafkajsDecodeResponse('createTopics', Math.min(v, 3), frame);
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

describe('AlterConfigs (33)', () => {
  it.each(versions(33))('v%i request', async (v) => {
    const body = await decoded('alterConfigs', v, {
      validateOnly: true,
      resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'retention.ms', value: '1000' }, { name: 'cleanup.policy', value: null }] }],
    });
    expect(body).toEqual({
      validateOnly: true,
      resources: [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.ms', value: '1000' }, { name: 'cleanup.policy', value: null }] }],
    });
  });
  it.each(versions(33))('v%i response', async (v) => {
    const frame = encodeResponse(33, v, CORRELATION_ID, {
      throttleTimeMs: 4,
      responses: [
        { errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' },
        { errorCode: 40, errorMessage: 'Unknown topic config name: nope', resourceType: 2, resourceName: 'users' },
      ],
    });
    const out = await kafkajsDecodeResponse('alterConfigs', v, frame);
    expect(out.resources).toEqual([
      { errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' },
      { errorCode: 40, errorMessage: 'Unknown topic config name: nope', resourceType: 2, resourceName: 'users' },
    ]);
    expect(wireThrottle(out)).toBe(4);
  });
});

describe('IncrementalAlterConfigs (44), byte fixture from the spec (kafkajs has no encoder)', () => {
  const str = (s: string) => Buffer.concat([Buffer.from([0, s.length]), Buffer.from(s)]);
  const requestBody = Buffer.concat([
    Buffer.from([0, 0, 0, 1]), // resources: 1
    Buffer.from([2]), str('orders'), // resource_type TOPIC, resource_name
    Buffer.from([0, 0, 0, 2]), // configs: 2
    str('cleanup.policy'), Buffer.from([2]), str('compact'), // APPEND "compact"
    str('retention.ms'), Buffer.from([1]), Buffer.from([0xff, 0xff]), // DELETE, null value
    Buffer.from([1]), // validate_only true
  ]);
  const header = Buffer.concat([Buffer.from([0, 44, 0, 0, 0, 0, 0, 7]), str('fixture')]);

  it('v0 request decodes field by field', () => {
    const { header: h, body } = decodeRequest(Buffer.concat([header, requestBody]));
    expect(h).toEqual({ apiKey: 44, apiVersion: 0, correlationId: 7, clientId: 'fixture' });
    expect(body).toEqual({
      validateOnly: true,
      resources: [{ resourceType: 2, resourceName: 'orders', configs: [
        { name: 'cleanup.policy', configOperation: 2, value: 'compact' },
        { name: 'retention.ms', configOperation: 1, value: null },
      ] }],
    });
    // And our encoder writes exactly those bytes back.
    expect(encodeRequest({ apiKey: 44, apiVersion: 0, correlationId: 7, clientId: 'fixture' }, body).subarray(4)).toEqual(Buffer.concat([header, requestBody]));
  });

  it('v0 response encodes to the spec layout', () => {
    const frame = encodeResponse(44, 0, 7, { throttleTimeMs: 0, responses: [{ errorCode: 40, errorMessage: 'bad', resourceType: 2, resourceName: 'orders' }, { errorCode: 0, resourceType: 2, resourceName: 'users' }] });
    const body = Buffer.concat([
      Buffer.from([0, 0, 0, 7]), // correlation id
      Buffer.from([0, 0, 0, 0]), Buffer.from([0, 0, 0, 2]), // throttle, responses: 2
      Buffer.from([0, 40]), str('bad'), Buffer.from([2]), str('orders'),
      Buffer.from([0, 0]), Buffer.from([0xff, 0xff]), Buffer.from([2]), str('users'), // error_message null on success
    ]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    expect(frame).toEqual(Buffer.concat([size, body]));
    expect(decodeResponse(44, 0, frame.subarray(4)).body.responses).toEqual([
      { errorCode: 40, errorMessage: 'bad', resourceType: 2, resourceName: 'orders' },
      { errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'users' },
    ]);
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
