// Oracle round trips for the consumer-group APIs (OffsetCommit, OffsetFetch, FindCoordinator,
// JoinGroup, Heartbeat, LeaveGroup, SyncGroup, DescribeGroups, ListGroups, DeleteGroups) at every
// advertised version, with kafkajs 2.2.4's encoders and decoders as the independent side.

import { describe, expect, it } from 'vitest';
import { CORRELATION_ID, kafkajsDecodeResponse, kafkajsLong, kafkajsRequestFrame, wireThrottle } from '../../../testing/kafkajs-oracle.js';
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

const metadataBytes = Buffer.from([0, 1, 0, 0, 0, 1, 0, 6, 111, 114, 100, 101, 114, 115]);

describe('OffsetCommit (8)', () => {
  it.each(versions(8))('v%i request', async (v) => {
    const body = await decoded('offsetCommit', v, {
      groupId: 'g1', groupGenerationId: 7, memberId: 'm-1', retentionTime: kafkajsLong(86_400_000),
      topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '15', metadata: 'meta' }, { partition: 1, offset: '2' }] }],
    });
    expect(body).toEqual({
      groupId: 'g1', generationIdOrMemberEpoch: 7, memberId: 'm-1', retentionTimeMs: v <= 4 ? 86_400_000 : -1,
      topics: [{ name: 'orders', partitions: [
        { partitionIndex: 0, committedOffset: 15, committedMetadata: 'meta' },
        { partitionIndex: 1, committedOffset: 2, committedMetadata: null },
      ] }],
    });
  });
  it.each(versions(8))('v%i response', async (v) => {
    const frame = encodeResponse(8, v, CORRELATION_ID, { throttleTimeMs: 4, topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, errorCode: 27 }] }] });
    const out = await kafkajsDecodeResponse('offsetCommit', v, frame);
    expect(out.responses).toEqual([{ topic: 'orders', partitions: [{ partition: 1, errorCode: 27 }] }]);
    expect(wireThrottle(out)).toBe(v >= 3 ? 4 : undefined);
  });
});

describe('OffsetFetch (9)', () => {
  it.each(versions(9))('v%i request', async (v) => {
    const body = await decoded('offsetFetch', v, { groupId: 'g1', topics: [{ topic: 'orders', partitions: [{ partition: 0 }, { partition: 3 }] }] });
    expect(body).toEqual({ groupId: 'g1', topics: [{ name: 'orders', partitionIndexes: [0, 3] }] });
  });
  it.each(versions(9).filter((v) => v >= 2))('v%i request for all topics', async (v) => {
    // kafkajs reuses its v1 encoder at v2 (empty array) and sends a null array from v3 on.
    const topics = (await decoded('offsetFetch', v, { groupId: 'g1', topics: [] })).topics;
    expect(topics).toEqual(v >= 3 ? null : []);
  });
  it.each(versions(9))('v%i response', async (v) => {
    const frame = encodeResponse(9, v, CORRELATION_ID, {
      throttleTimeMs: 2, errorCode: 0,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 15, metadata: 'meta', errorCode: 0 }, { partitionIndex: 3, committedOffset: -1, metadata: null, errorCode: 0 }] }],
    });
    const out = await kafkajsDecodeResponse('offsetFetch', v, frame);
    expect(out.responses).toEqual([{ topic: 'orders', partitions: [
      { partition: 0, offset: '15', metadata: 'meta', errorCode: 0 },
      { partition: 3, offset: '-1', metadata: null, errorCode: 0 },
    ] }]);
    expect(out.errorCode).toBe(v >= 2 ? 0 : undefined);
    expect(wireThrottle(out)).toBe(v >= 3 ? 2 : undefined);
  });
});

describe('FindCoordinator (10)', () => {
  it.each(versions(10))('v%i request', async (v) => {
    const body = await decoded('findCoordinator', v, { groupId: 'g1', coordinatorKey: 'g1', coordinatorType: 0 });
    expect(body).toEqual({ key: 'g1', keyType: 0 });
  });
  it.each(versions(10))('v%i response', async (v) => {
    const frame = encodeResponse(10, v, CORRELATION_ID, { errorCode: 0, errorMessage: null, nodeId: 1, host: '127.0.0.1', port: 19092 });
    const out = await kafkajsDecodeResponse('findCoordinator', v, frame, { parse: true });
    expect(out.coordinator).toEqual({ nodeId: 1, host: '127.0.0.1', port: 19092 });
    expect(out.errorMessage).toBe(v >= 1 ? null : undefined);
  });
});

describe('JoinGroup (11)', () => {
  it.each(versions(11))('v%i request', async (v) => {
    const body = await decoded('joinGroup', v, {
      groupId: 'g1', sessionTimeout: 30000, rebalanceTimeout: 60000, memberId: '', groupInstanceId: null,
      protocolType: 'consumer', groupProtocols: [{ name: 'RoundRobinAssigner', metadata: metadataBytes }],
    });
    expect(body).toEqual({
      groupId: 'g1', sessionTimeoutMs: 30000, rebalanceTimeoutMs: v >= 1 ? 60000 : -1, memberId: '', groupInstanceId: null,
      protocolType: 'consumer', protocols: [{ name: 'RoundRobinAssigner', metadata: metadataBytes }],
    });
  });
  it.each(versions(11))('v%i response (leader sees members)', async (v) => {
    const frame = encodeResponse(11, v, CORRELATION_ID, {
      throttleTimeMs: 0, errorCode: 0, generationId: 3, protocolName: 'RoundRobinAssigner', leader: 'm-1', memberId: 'm-1',
      members: [{ memberId: 'm-1', groupInstanceId: null, metadata: metadataBytes }, { memberId: 'm-2', metadata: metadataBytes }],
    });
    const out = await kafkajsDecodeResponse('joinGroup', v, frame, { parse: true });
    expect(out).toMatchObject({ errorCode: 0, generationId: 3, groupProtocol: 'RoundRobinAssigner', leaderId: 'm-1', memberId: 'm-1' });
    const extra = v >= 5 ? { groupInstanceId: null } : {};
    expect(out.members).toEqual([
      { memberId: 'm-1', ...extra, memberMetadata: metadataBytes },
      { memberId: 'm-2', ...extra, memberMetadata: metadataBytes },
    ]);
  });
  it('v4 MEMBER_ID_REQUIRED carries the generated member id to kafkajs', async () => {
    const frame = encodeResponse(11, 4, CORRELATION_ID, { errorCode: 79, memberId: 'client-1-uuid' });
    const out = await kafkajsDecodeResponse('joinGroup', 4, frame);
    expect(out).toMatchObject({ errorCode: 79, generationId: -1, memberId: 'client-1-uuid', members: [] });
  });
});

describe('Heartbeat (12)', () => {
  it.each(versions(12))('v%i request', async (v) => {
    const body = await decoded('heartbeat', v, { groupId: 'g1', groupGenerationId: 3, memberId: 'm-1', groupInstanceId: 'i-1' });
    expect(body).toEqual({ groupId: 'g1', generationId: 3, memberId: 'm-1', groupInstanceId: v >= 3 ? 'i-1' : null });
  });
  it.each(versions(12))('v%i response', async (v) => {
    const out = await kafkajsDecodeResponse('heartbeat', v, encodeResponse(12, v, CORRELATION_ID, { throttleTimeMs: 1, errorCode: 27 }));
    expect(out.errorCode).toBe(27);
    expect(wireThrottle(out)).toBe(v >= 1 ? 1 : undefined);
  });
});

describe('LeaveGroup (13)', () => {
  it.each(versions(13))('v%i request', async (v) => {
    const body = await decoded('leaveGroup', v, { groupId: 'g1', memberId: 'm-1', members: [{ memberId: 'm-1' }, { memberId: 'm-2', groupInstanceId: 'i-2' }] });
    expect(body).toEqual(v >= 3
      ? { groupId: 'g1', memberId: '', members: [{ memberId: 'm-1', groupInstanceId: null }, { memberId: 'm-2', groupInstanceId: 'i-2' }] }
      : { groupId: 'g1', memberId: 'm-1', members: [] });
  });
  it.each(versions(13))('v%i response', async (v) => {
    const frame = encodeResponse(13, v, CORRELATION_ID, { throttleTimeMs: 0, errorCode: 0, members: [{ memberId: 'm-1', groupInstanceId: null, errorCode: 25 }] });
    const out = await kafkajsDecodeResponse('leaveGroup', v, frame);
    expect(out.errorCode).toBe(0);
    expect(out.members).toEqual(v >= 3 ? [{ memberId: 'm-1', groupInstanceId: null, errorCode: 25 }] : undefined);
  });
});

describe('SyncGroup (14)', () => {
  const assignment = Buffer.from([0, 1, 0, 0, 0, 1, 0, 1, 97, 0, 0, 0, 1, 0, 0, 0, 0]);
  it.each(versions(14))('v%i request', async (v) => {
    const body = await decoded('syncGroup', v, {
      groupId: 'g1', generationId: 3, memberId: 'm-1', groupInstanceId: 'i-1',
      groupAssignment: [{ memberId: 'm-1', memberAssignment: assignment }, { memberId: 'm-2', memberAssignment: Buffer.alloc(0) }],
    });
    expect(body).toEqual({
      groupId: 'g1', generationId: 3, memberId: 'm-1', groupInstanceId: v >= 3 ? 'i-1' : null,
      assignments: [{ memberId: 'm-1', assignment }, { memberId: 'm-2', assignment: Buffer.alloc(0) }],
    });
  });
  it.each(versions(14))('v%i response', async (v) => {
    const out = await kafkajsDecodeResponse('syncGroup', v, encodeResponse(14, v, CORRELATION_ID, { errorCode: 0, assignment }), { parse: true });
    expect(out.memberAssignment).toEqual(assignment);
  });
});

describe('DescribeGroups (15)', () => {
  it.each(versions(15))('v%i request', async (v) => {
    expect(await decoded('describeGroups', v, { groupIds: ['g1', 'g2'] })).toEqual({ groups: ['g1', 'g2'] });
  });
  it.each(versions(15))('v%i response', async (v) => {
    const frame = encodeResponse(15, v, CORRELATION_ID, {
      throttleTimeMs: 0,
      groups: [
        { errorCode: 0, groupId: 'g1', groupState: 'Stable', protocolType: 'consumer', protocolData: 'RoundRobinAssigner',
          members: [{ memberId: 'm-1', clientId: 'c', clientHost: '/127.0.0.1', memberMetadata: metadataBytes, memberAssignment: Buffer.alloc(0) }] },
        { errorCode: 0, groupId: 'g2', groupState: 'Dead' },
      ],
    });
    const out = await kafkajsDecodeResponse('describeGroups', v, frame);
    expect(out.groups).toEqual([
      { errorCode: 0, groupId: 'g1', state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner',
        members: [{ memberId: 'm-1', clientId: 'c', clientHost: '/127.0.0.1', memberMetadata: metadataBytes, memberAssignment: Buffer.alloc(0) }] },
      { errorCode: 0, groupId: 'g2', state: 'Dead', protocolType: '', protocol: '', members: [] },
    ]);
  });
});

describe('ListGroups (16)', () => {
  it.each(versions(16))('v%i request has an empty body', async (v) => {
    expect(await decoded('listGroups', v, undefined)).toEqual({});
  });
  it.each(versions(16))('v%i response', async (v) => {
    const frame = encodeResponse(16, v, CORRELATION_ID, { throttleTimeMs: 0, errorCode: 0, groups: [{ groupId: 'g1', protocolType: 'consumer' }] });
    const out = await kafkajsDecodeResponse('listGroups', v, frame, { parse: true });
    expect(out.groups).toEqual([{ groupId: 'g1', protocolType: 'consumer' }]);
  });
});

describe('DeleteGroups (42)', () => {
  it.each(versions(42))('v%i request', async (v) => {
    expect(await decoded('deleteGroups', v, ['g1', 'g2'])).toEqual({ groupsNames: ['g1', 'g2'] });
  });
  it.each(versions(42))('v%i response', async (v) => {
    const frame = encodeResponse(42, v, CORRELATION_ID, { throttleTimeMs: 0, results: [{ groupId: 'g1', errorCode: 0 }, { groupId: 'g2', errorCode: 68 }] });
    const out = await kafkajsDecodeResponse('deleteGroups', v, frame);
    expect(out.results.map((r: { groupId: string; errorCode: number }) => [r.groupId, r.errorCode])).toEqual([['g1', 0], ['g2', 68]]);
  });
});
