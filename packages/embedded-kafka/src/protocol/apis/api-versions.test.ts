// ApiVersions: v0-2 against kafkajs 2.2.4; v3 (which kafkajs lacks) against a byte fixture of the
// request librdkafka sends (flexible body, request header v2) and the exact response layout
// (flexible body behind a v0 response header); plus the v0-shaped UNSUPPORTED_VERSION answer.

import { describe, expect, it } from 'vitest';
import { ErrorCode, ProtocolError } from '../errors.js';
import { CORRELATION_ID, kafkajsDecodeResponse, kafkajsRequestFrame, wireThrottle } from '../../../testing/kafkajs-oracle.js';
import { advertisedApiKeys, decodeRequest, decodeResponse, encodeApiVersionsUnsupported, encodeResponse } from '../registry.js';

const ADVERTISED: [number, number, number][] = [
  [0, 3, 7], [1, 4, 11], [2, 1, 3], [3, 0, 6], [8, 2, 5], [9, 1, 4], [10, 0, 2], [11, 0, 5], [12, 0, 3],
  [13, 0, 3], [14, 0, 3], [15, 0, 2], [16, 0, 2], [18, 0, 3], [19, 0, 4], [20, 0, 1], [21, 0, 1], [22, 0, 1],
  [32, 0, 2], [33, 0, 1], [37, 0, 1], [42, 0, 1], [44, 0, 0],
];

describe('advertised table', () => {
  it('is exactly the advertised ranges (registry.ts explains them), plus CreateTopics v4 and the config-altering APIs', () => {
    const table = advertisedApiKeys().map((a) => [a.apiKey, a.minVersion, a.maxVersion]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    expect(table).toEqual(ADVERTISED);
  });
});

describe('ApiVersions v0-2 with kafkajs', () => {
  it.each([0, 1, 2])('v%i request has an empty body', async (v) => {
    const { header, body } = decodeRequest(await kafkajsRequestFrame('apiVersions', v, undefined));
    expect(header).toMatchObject({ apiKey: 18, apiVersion: v });
    expect(body).toEqual({ clientSoftwareName: '', clientSoftwareVersion: '' });
  });
  it.each([0, 1, 2])('v%i response lists every advertised api', async (v) => {
    const frame = encodeResponse(18, v, CORRELATION_ID, { errorCode: 0, apiKeys: advertisedApiKeys(), throttleTimeMs: 6 });
    const out = await kafkajsDecodeResponse('apiVersions', v, frame, { parse: true });
    expect(out.errorCode).toBe(0);
    expect(out.apiVersions.map((a: { apiKey: number; minVersion: number; maxVersion: number }) => [a.apiKey, a.minVersion, a.maxVersion])).toEqual(
      advertisedApiKeys().map((a) => [a.apiKey, a.minVersion, a.maxVersion]),
    );
    expect(wireThrottle(out)).toBe(v >= 1 ? 6 : undefined);
  });
});

describe('ApiVersions v3 (flexible)', () => {
  // librdkafka 2.0.2's first request: header v2 (client_id stays an int16 string, then an empty
  // tagged-field section), body = compact client_software_name/version + tagged fields.
  const body = Buffer.concat([
    Buffer.from([0x0b]), Buffer.from('librdkafka'), // compact string: uvarint(len + 1) = 11
    Buffer.from([0x06]), Buffer.from('2.0.2'),
    Buffer.from([0x00]),
  ]);
  const header = Buffer.concat([
    Buffer.from('0012' + '0003' + '00000001', 'hex'),
    Buffer.from('0007', 'hex'), Buffer.from('rdkafka'),
    Buffer.from([0x00]),
  ]);

  it('decodes the request librdkafka sends', () => {
    const decoded = decodeRequest(Buffer.concat([header, body]));
    expect(decoded.header).toEqual({ apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'rdkafka' });
    expect(decoded.body).toEqual({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
  });

  it('skips unknown tagged fields in the header and the body', () => {
    const taggedHeader = Buffer.concat([header.subarray(0, header.length - 1), Buffer.from('01' + '07' + '02' + 'beef', 'hex')]);
    const taggedBody = Buffer.concat([body.subarray(0, body.length - 1), Buffer.from('02' + '00' + '01' + 'aa' + '09' + '00', 'hex')]);
    expect(decodeRequest(Buffer.concat([taggedHeader, taggedBody])).body).toEqual({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
  });

  it('encodes the response as a flexible body behind a v0 response header', () => {
    const frame = encodeResponse(18, 3, 1, { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 7 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 });
    const expected = Buffer.from([
      '0000001a', //           size: 26 bytes follow
      '00000001', //           correlation id, and NO tagged-field byte (header v0)
      '0000', //               error code
      '03', //                 compact array: 2 entries + 1
      '0000' + '0003' + '0007' + '00', // api 0, 3..7, empty tagged fields
      '0012' + '0000' + '0003' + '00', // api 18, 0..3
      '00000000', //           throttle_time_ms
      '00', //                 top-level tagged fields
    ].join(''), 'hex');
    expect(frame.toString('hex')).toBe(expected.toString('hex'));
    expect(decodeResponse(18, 3, frame.subarray(4)).body).toEqual({
      errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 7 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0,
    });
  });
});

describe('unsupported ApiVersions version', () => {
  it('decodeRequest throws UNSUPPORTED_VERSION with the header fields (v4 from a newer librdkafka)', () => {
    const v4 = Buffer.concat([Buffer.from('0012' + '0004' + '0000002a' + '0000' + '00', 'hex'), Buffer.from('0100', 'hex')]);
    let err: unknown;
    try {
      decodeRequest(v4);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ code: ErrorCode.UNSUPPORTED_VERSION, apiKey: 18, apiVersion: 4, correlationId: 42 });
  });

  it('is answered with a v0-shaped body kafkajs reads as UNSUPPORTED_VERSION plus the api list', async () => {
    const frame = encodeApiVersionsUnsupported(42);
    const out = await kafkajsDecodeResponse('apiVersions', 0, frame, { correlationId: 42 }).catch((e: unknown) => e);
    // kafkajs's decode itself throws on 35 (that is how it steps down to a lower version).
    expect(out).toMatchObject({ type: 'UNSUPPORTED_VERSION' });
    const raw = decodeResponse(18, 0, frame.subarray(4));
    expect(raw.correlationId).toBe(42);
    expect(raw.body).toMatchObject({ errorCode: 35 });
    expect((raw.body.apiKeys as unknown[]).length).toBe(ADVERTISED.length);
  });
});
