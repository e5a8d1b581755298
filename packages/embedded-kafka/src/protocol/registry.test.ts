// Registry and schema behaviour the server relies on: errors carry the header fields, encode fills
// defaults, decode fills fields a version lacks, and every (api, version) is self-consistent.

import { describe, expect, it } from 'vitest';
import { ErrorCode, ProtocolError } from './errors.js';
import { APIS, decodeRequest, decodeResponse, encodeRequest, encodeResponse } from './registry.js';

function thrown(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
  throw new Error('expected a ProtocolError');
}

function headerOnly(apiKey: number, apiVersion: number, correlationId: number): Buffer {
  const b = Buffer.alloc(10);
  b.writeInt16BE(apiKey, 0);
  b.writeInt16BE(apiVersion, 2);
  b.writeInt32BE(correlationId, 4);
  b.writeInt16BE(-1, 8); // null client id
  return b;
}

describe('decodeRequest errors', () => {
  it('unknown api key -> UNSUPPORTED_VERSION carrying key, version and correlation id', () => {
    expect(thrown(() => decodeRequest(headerOnly(45, 0, 77)))).toMatchObject({ code: ErrorCode.UNSUPPORTED_VERSION, apiKey: 45, apiVersion: 0, correlationId: 77, retriable: false });
  });
  it.each([[0, 2], [0, 8], [1, 3], [1, 12], [3, 7], [9, 0]])('api %i v%i outside the advertised range is refused', (key, v) => {
    expect(thrown(() => decodeRequest(headerOnly(key, v, 5)))).toMatchObject({ code: ErrorCode.UNSUPPORTED_VERSION, apiKey: key, apiVersion: v, correlationId: 5 });
  });
  it('a truncated body -> INVALID_REQUEST with the header context', () => {
    const frame = encodeRequest({ apiKey: 12, apiVersion: 3, correlationId: 9, clientId: 'c' }, { groupId: 'g', generationId: 1, memberId: 'm' });
    const err = thrown(() => decodeRequest(frame.subarray(4, frame.length - 2)));
    expect(err).toMatchObject({ code: ErrorCode.INVALID_REQUEST, apiKey: 12, apiVersion: 3, correlationId: 9 });
  });
  it('an absurd array count is refused before allocating', () => {
    const frame = Buffer.concat([headerOnly(15, 0, 1), Buffer.from('7fffffff', 'hex')]);
    expect(thrown(() => decodeRequest(frame))).toMatchObject({ code: ErrorCode.INVALID_REQUEST, apiKey: 15 });
  });
});

describe('encodeResponse', () => {
  it('fills spec defaults for missing fields (Fetch v11: lastStableOffset/logStartOffset/preferredReadReplica -1, records null)', () => {
    const frame = encodeResponse(1, 11, 3, { responses: [{ topic: 't', partitions: [{ partitionIndex: 0, highWatermark: 5 }] }] });
    const { correlationId, body } = decodeResponse(1, 11, frame.subarray(4));
    expect(correlationId).toBe(3);
    expect(body).toEqual({
      throttleTimeMs: 0, errorCode: 0, sessionId: 0,
      responses: [{ topic: 't', partitions: [{
        partitionIndex: 0, errorCode: 0, highWatermark: 5, lastStableOffset: -1, logStartOffset: -1,
        abortedTransactions: null, preferredReadReplica: -1, records: null,
      }] }],
    });
  });
  it('writes the default for null in a non-nullable field instead of corrupting the frame', () => {
    const frame = encodeResponse(16, 2, 1, { groups: [{ groupId: null, protocolType: 'consumer' }] });
    expect(decodeResponse(16, 2, frame.subarray(4)).body.groups).toEqual([{ groupId: '', protocolType: 'consumer' }]);
  });
  it('refuses an int64 beyond ±(2^53-1) with the api context', () => {
    const err = thrown(() => encodeResponse(22, 1, 8, { producerId: 2 ** 53 }));
    expect(err).toMatchObject({ apiKey: 22, apiVersion: 1, correlationId: 8 });
  });
  it('refuses an unadvertised version', () => {
    expect(thrown(() => encodeResponse(0, 8, 1, {}))).toMatchObject({ code: ErrorCode.UNSUPPORTED_VERSION, apiKey: 0, apiVersion: 8 });
  });
});

describe('decodeRequest fills fields a version does not carry', () => {
  it('Fetch v4 has no logStartOffset/currentLeaderEpoch/rackId: defaults appear', () => {
    const frame = encodeRequest({ apiKey: 1, apiVersion: 4, correlationId: 1, clientId: null }, {
      maxWaitMs: 100, minBytes: 1, maxBytes: 1000, topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: 3, partitionMaxBytes: 100 }] }],
    });
    const { header, body } = decodeRequest(frame.subarray(4));
    expect(header.clientId).toBeNull();
    expect(body).toMatchObject({ replicaId: -1, sessionEpoch: -1, rackId: '', forgottenTopicsData: [] });
    expect(body.topics).toEqual([{ topic: 't', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 3, logStartOffset: -1, partitionMaxBytes: 100 }] }]);
  });
});

describe('every advertised (api, version) is self-consistent', () => {
  const pairs = [...APIS.values()].flatMap((s) => Array.from({ length: s.maxVersion - s.minVersion + 1 }, (_, i) => [s.name, s.key, s.minVersion + i] as const));
  it.each(pairs)('%s (%i) v%i: default request and response re-encode to the same bytes', (_name, key, v) => {
    const req = encodeRequest({ apiKey: key, apiVersion: v, correlationId: 1, clientId: 'x' }, {});
    const { body } = decodeRequest(req.subarray(4));
    expect(encodeRequest({ apiKey: key, apiVersion: v, correlationId: 1, clientId: 'x' }, body).equals(req)).toBe(true);
    const res = encodeResponse(key, v, 2, {});
    expect(encodeResponse(key, v, 2, decodeResponse(key, v, res.subarray(4)).body).equals(res)).toBe(true);
  });
});
