import { decodeValue, encodeValue } from '@tessera/contracts/codec';
import { describe, expect, it } from 'vitest';
import { dlqErrorCode, toDeadLetter } from './dead-letter.js';
import type { RawRecord } from './dead-letter.js';

const record: RawRecord = {
  topic: 'beacons.v1', partition: 2, offset: '9007199254740993', timestamp: '1795320000000',
  key: Buffer.from('u-1'), value: Buffer.from([0, 1, 2, 255]),
  headers: { trace: 'abc', multi: [Buffer.from([1]), Buffer.from([2])], empty: undefined },
};
const error = { code: 'invalid_json', retriable: false, message: 'not JSON' };

describe('toDeadLetter', () => {
  it('keeps coordinates, error and original bytes, and passes the dlq.v1 contract', () => {
    const dl = toDeadLetter(record, error, { group: 'beacon-enricher', attempts: 1, now: 1_795_320_001_000 });
    expect(dl.source).toEqual({ topic: 'beacons.v1', partition: 2, offset: '9007199254740993', timestamp: 1_795_320_000_000, consumerGroup: 'beacon-enricher' });
    expect(dl.error).toEqual({ code: 'invalid_json', message: 'not JSON', retriable: false, attempts: 1 });
    expect(Buffer.from(dl.value!, 'base64')).toEqual(record.value);
    expect(dl.headers).toEqual([
      { key: 'trace', value: Buffer.from('abc').toString('base64') },
      { key: 'multi', value: 'AQ==' }, { key: 'multi', value: 'Ag==' },
      { key: 'empty', value: null },
    ]);
    const bytes = encodeValue('dlq.v1', dl);
    expect(bytes.ok).toBe(true);
    expect(bytes.ok && decodeValue('dlq.v1', bytes.value)).toEqual({ ok: true, value: dl });
  });

  it('passes the dlq.v1 contract when the message holds a cut surrogate pair or is cut inside one', () => {
    let quoted = '';
    try {
      JSON.parse(`${'😀'.repeat(50)}}`);
    } catch (e) {
      quoted = (e as Error).message; // V8 quotes the start of the text and cuts an emoji in half
    }
    for (const message of [quoted, `${'x'.repeat(1999)}😀 and more`]) {
      const dl = toDeadLetter(record, { ...error, message }, { group: 'g', attempts: 1, now: 1_795_320_001_000 });
      expect(encodeValue('dlq.v1', dl).ok).toBe(true);
    }
  });

  it('gives a replay of the same record the same eventId', () => {
    const first = toDeadLetter(record, error, { group: 'g', attempts: 1, now: 1_795_320_001_000 });
    const replay = toDeadLetter(record, error, { group: 'g', attempts: 3, now: 1_795_320_999_000 });
    const other = toDeadLetter({ ...record, offset: '1' }, error, { group: 'g', attempts: 1, now: 1_795_320_001_000 });
    expect(replay.eventId).toBe(first.eventId);
    expect(other.eventId).not.toBe(first.eventId);
  });

  it('keeps tombstones and keyless records as null, and omits an implausible timestamp', () => {
    const dl = toDeadLetter({ ...record, key: null, value: null, timestamp: '-1' }, error, { group: 'g', attempts: 1, now: 1_795_320_001_000 });
    expect(dl.key).toBeNull();
    expect(dl.value).toBeNull();
    expect(dl.source.timestamp).toBeUndefined();
    expect(encodeValue('dlq.v1', dl).ok).toBe(true);
  });

  it('normalizes foreign error codes to the dlq.v1 pattern', () => {
    expect(dlqErrorCode('ECONNREFUSED')).toBe('econnrefused');
    expect(dlqErrorCode('Bad Thing!')).toBe('bad_thing_');
    expect(dlqErrorCode('')).toBe('unclassified');
  });
});
