// Oracle round trips for the data-plane APIs (Produce, Fetch, ListOffsets, Metadata) at every
// advertised version: kafkajs 2.2.4 encodes the request we decode, and decodes the response we encode.

import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  CORRELATION_ID,
  kafkajsDecodeResponse,
  kafkajsLong,
  kafkajsRecordBatch,
  kafkajsRequestFrame,
  wireThrottle,
} from '../../../testing/kafkajs-oracle.js';
import { APIS, decodeRequest, encodeResponse } from '../registry.js';

function versions(key: number): number[] {
  const spec = APIS.get(key);
  if (!spec) throw new Error(`api ${key} not advertised`);
  return Array.from({ length: spec.maxVersion - spec.minVersion + 1 }, (_, i) => spec.minVersion + i);
}

describe('Produce (0)', () => {
  it.each(versions(0))('v%i request from kafkajs decodes with raw batch bytes', async (v) => {
    const frame = await kafkajsRequestFrame('produce', v, {
      acks: -1,
      timeout: 30000,
      transactionalId: null,
      topicData: [{ topic: 'orders', partitions: [{ partition: 2, firstSequence: 0, messages: [{ key: 'k1', value: 'hello' }] }] }],
    });
    const { header, body } = decodeRequest(frame);
    expect(header).toEqual({ apiKey: 0, apiVersion: v, correlationId: CORRELATION_ID, clientId: CLIENT_ID });
    expect(body).toMatchObject({ transactionalId: null, acks: -1, timeoutMs: 30000 });
    const topicData = body.topicData as { name: string; partitionData: { index: number; records: Buffer }[] }[];
    expect(topicData).toHaveLength(1);
    expect(topicData[0]?.name).toBe('orders');
    const records = topicData[0]?.partitionData[0]?.records as Buffer;
    expect(topicData[0]?.partitionData[0]?.index).toBe(2);
    // The whole batch, exactly: batchLength + 12 bytes, magic 2, the value inside.
    expect(records.length).toBe(records.readInt32BE(8) + 12);
    expect(records[16]).toBe(2);
    expect(records.includes(Buffer.from('hello'))).toBe(true);
  });

  it.each(versions(0))('v%i response decodes in kafkajs', async (v) => {
    const frame = encodeResponse(0, v, CORRELATION_ID, {
      responses: [{ name: 'orders', partitionResponses: [{ index: 2, errorCode: 0, baseOffset: 2 ** 40, logAppendTimeMs: -1, logStartOffset: 7 }] }],
      throttleTimeMs: 3,
    });
    const decoded = await kafkajsDecodeResponse('produce', v, frame);
    const partition: Record<string, unknown> = { partition: 2, errorCode: 0, baseOffset: String(2 ** 40), logAppendTime: '-1' };
    if (v >= 5) partition.logStartOffset = '7';
    expect(decoded.topics).toEqual([{ topicName: 'orders', partitions: [partition] }]);
    expect(wireThrottle(decoded)).toBe(3);
  });
});

describe('Fetch (1)', () => {
  it.each(versions(1))('v%i request from kafkajs decodes', async (v) => {
    const frame = await kafkajsRequestFrame('fetch', v, {
      replicaId: -1,
      maxWaitTime: 5000,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      rackId: 'rack-a',
      topics: [{ topic: 'orders', partitions: [{ partition: 0, fetchOffset: kafkajsLong(123), maxBytes: 1048576 }] }],
    });
    const { body } = decodeRequest(frame);
    expect(body).toEqual({
      replicaId: -1,
      maxWaitMs: 5000,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic: 'orders', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 123, logStartOffset: -1, partitionMaxBytes: 1048576 }] }],
      forgottenTopicsData: [],
      rackId: v >= 11 ? 'rack-a' : '',
    });
  });

  it.each(versions(1))('v%i response with a real record batch decodes in kafkajs', async (v) => {
    const records = await kafkajsRecordBatch({ baseOffset: 10, timestamp: 1_700_000_000_000, messages: [{ key: 'a', value: 'one' }, { key: 'b', value: 'two' }] });
    const frame = encodeResponse(1, v, CORRELATION_ID, {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [{
        topic: 'orders',
        partitions: [
          { partitionIndex: 0, errorCode: 0, highWatermark: 12, lastStableOffset: 12, logStartOffset: 0, abortedTransactions: null, records },
          { partitionIndex: 1, errorCode: 1, highWatermark: 0, records: null },
        ],
      }],
    });
    const decoded = await kafkajsDecodeResponse('fetch', v, frame);
    expect(decoded.responses).toHaveLength(1);
    const [p0, p1] = decoded.responses[0].partitions;
    expect(decoded.responses[0].topicName).toBe('orders');
    expect(p0).toMatchObject({ partition: 0, errorCode: 0, highWatermark: '12', lastStableOffset: '12', abortedTransactions: [] });
    if (v >= 5) expect(p0.lastStartOffset).toBe('0');
    if (v >= 11) expect(p0.preferredReadReplica).toBe(-1);
    expect(p0.messages.map((m: { offset: string; key: Buffer; value: Buffer }) => [m.offset, m.key.toString(), m.value.toString()]))
      .toEqual([['10', 'a', 'one'], ['11', 'b', 'two']]);
    expect(p1).toMatchObject({ partition: 1, errorCode: 1, highWatermark: '0', lastStableOffset: '-1', messages: [] });
  });
});

describe('ListOffsets (2)', () => {
  it.each(versions(2))('v%i request from kafkajs decodes', async (v) => {
    const frame = await kafkajsRequestFrame('listOffsets', v, {
      replicaId: -1,
      isolationLevel: 1,
      topics: [{ topic: 'orders', partitions: [{ partition: 0, timestamp: -2 }, { partition: 1, timestamp: 1_700_000_000_123 }] }],
    });
    const { body } = decodeRequest(frame);
    expect(body).toEqual({
      replicaId: -1,
      isolationLevel: v >= 2 ? 1 : 0,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, timestamp: -2 }, { partitionIndex: 1, timestamp: 1_700_000_000_123 }] }],
    });
  });

  it.each(versions(2))('v%i response decodes in kafkajs', async (v) => {
    const frame = encodeResponse(2, v, CORRELATION_ID, {
      throttleTimeMs: 5,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 42 }, { partitionIndex: 1, errorCode: 3 }] }],
    });
    const decoded = await kafkajsDecodeResponse('listOffsets', v, frame);
    expect(decoded.responses).toEqual([{
      topic: 'orders',
      partitions: [
        { partition: 0, errorCode: 0, timestamp: '-1', offset: '42' },
        { partition: 1, errorCode: 3, timestamp: '-1', offset: '-1' },
      ],
    }]);
    expect(wireThrottle(decoded)).toBe(v >= 2 ? 5 : undefined);
  });
});

describe('Metadata (3)', () => {
  it.each(versions(3))('v%i request from kafkajs decodes (named topics)', async (v) => {
    const frame = await kafkajsRequestFrame('metadata', v, { topics: ['orders', 'users'], allowAutoTopicCreation: false });
    const { body } = decodeRequest(frame);
    expect(body).toEqual({ topics: [{ name: 'orders' }, { name: 'users' }], allowAutoTopicCreation: v >= 4 ? false : true });
  });

  it.each(versions(3))('v%i request for all topics decodes as kafkajs meant it', async (v) => {
    const { body } = decodeRequest(await kafkajsRequestFrame('metadata', v, { topics: [] }));
    // kafkajs sends [] at v0 (= all topics there) and a null array from v1 on.
    expect(body.topics).toEqual(v === 0 ? [] : null);
  });

  it.each(versions(3))('v%i response decodes in kafkajs', async (v) => {
    const frame = encodeResponse(3, v, CORRELATION_ID, {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: '127.0.0.1', port: 19092, rack: null }],
      clusterId: 'tessera-local',
      controllerId: 1,
      topics: [{
        errorCode: 0,
        name: 'orders',
        isInternal: false,
        partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }],
      }],
    });
    const decoded = await kafkajsDecodeResponse('metadata', v, frame);
    const broker: Record<string, unknown> = { nodeId: 1, host: '127.0.0.1', port: 19092 };
    if (v >= 1) broker.rack = null;
    expect(decoded.brokers).toEqual([broker]);
    const partition: Record<string, unknown> = { partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1] };
    if (v >= 5) partition.offlineReplicas = [];
    expect(decoded.topicMetadata).toEqual([{ topicErrorCode: 0, topic: 'orders', ...(v >= 1 ? { isInternal: false } : {}), partitionMetadata: [partition] }]);
    expect(decoded.controllerId).toBe(v >= 1 ? 1 : undefined);
    expect(decoded.clusterId).toBe(v >= 2 ? 'tessera-local' : undefined);
  });
});
