// Unit tests for the primitive codec: varint/zigzag edge cases (cross-checked against kafkajs's own
// Encoder/Decoder), int64 range enforcement, classic vs compact nullable encodings, tagged fields.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors.js';
import { Reader, Writer } from './primitives.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const KEncoder = require('kafkajs/src/protocol/encoder') as any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const KDecoder = require('kafkajs/src/protocol/decoder') as any;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: string): unknown };

const hex = (w: Writer) => w.finish().toString('hex');
const reader = (h: string) => new Reader(Buffer.from(h, 'hex'));

describe('zigzag varint (int32)', () => {
  const cases: [number, string][] = [
    [0, '00'], [-1, '01'], [1, '02'], [-64, '7f'], [64, '8001'], [300, 'd804'],
    [2147483647, 'feffffff0f'], [-2147483648, 'ffffffff0f'],
  ];
  it.each(cases)('%i <-> %s', (value, bytes) => {
    expect(hex(new Writer().varint(value))).toBe(bytes);
    expect(reader(bytes).varint()).toBe(value);
  });
  it('matches kafkajs writeVarInt / readVarInt across the int32 range', () => {
    const values = [0, 1, -1, 63, -64, 64, -65, 8191, -8192, 1 << 20, -(1 << 27), 2 ** 31 - 1, -(2 ** 31)];
    for (let i = 0; i < 200; i++) values.push(Math.floor(Math.random() * 2 ** 32) - 2 ** 31);
    for (const v of values) {
      const ours = new Writer().varint(v).finish();
      expect(ours.toString('hex')).toBe(new KEncoder().writeVarInt(v).buffer.toString('hex'));
      expect(new KDecoder(ours).readVarInt()).toBe(v);
    }
  });
  it('rejects values outside int32', () => {
    expect(() => new Writer().varint(2 ** 31)).toThrow(ProtocolError);
    expect(() => new Writer().varint(1.5)).toThrow(ProtocolError);
  });
});

describe('zigzag varlong (int64 as number)', () => {
  it('matches kafkajs writeVarLong for large and negative values', () => {
    const values = [0, -1, 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 40 + 3, -(2 ** 45), 1_700_000_000_000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    for (const v of values) {
      const ours = new Writer().varlong(v).finish();
      expect(ours.toString('hex')).toBe(new KEncoder().writeVarLong(Long.fromValue(String(v))).buffer.toString('hex'));
      expect(new Reader(ours).varlong()).toBe(v);
    }
  });
  it('refuses to write or read beyond ±(2^53-1)', () => {
    expect(() => new Writer().varlong(2 ** 53)).toThrow(ProtocolError);
    const tooBig = new KEncoder().writeVarLong(Long.fromValue(String(2n ** 53n))).buffer as Buffer;
    expect(() => new Reader(tooBig).varlong()).toThrow(/safe integer/);
  });
});

describe('unsigned varint (flexible versions)', () => {
  const cases: [number, string][] = [[0, '00'], [1, '01'], [127, '7f'], [128, '8001'], [16384, '808001'], [0xffffffff, 'ffffffff0f']];
  it.each(cases)('%i <-> %s (no zigzag)', (value, bytes) => {
    expect(hex(new Writer().uvarint(value))).toBe(bytes);
    expect(reader(bytes).uvarint()).toBe(value);
  });
  it('rejects negative values, over-long and truncated encodings', () => {
    expect(() => new Writer().uvarint(-1)).toThrow(ProtocolError);
    expect(() => reader('ffffffffff01').uvarint()).toThrow(/longer than 5 bytes|exceeds 32 bits/);
    expect(() => reader('8080').uvarint()).toThrow(/truncated/);
  });
});

describe('int64', () => {
  it.each([0, -1, 1, 2 ** 32, -(2 ** 32) - 7, 1_700_000_000_000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])(
    '%i round-trips and matches the two-complement bytes', (v) => {
      const bytes = new Writer().int64(v).finish();
      const ref = Buffer.alloc(8);
      ref.writeBigInt64BE(BigInt(v));
      expect(bytes).toEqual(ref);
      expect(new Reader(bytes).int64()).toBe(v);
    });
  it('throws a ProtocolError beyond ±(2^53-1) on write and on read', () => {
    expect(() => new Writer().int64(2 ** 53)).toThrow(ProtocolError);
    expect(() => new Writer().int64(-(2 ** 53))).toThrow(ProtocolError);
    for (const big of [2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)]) {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(big);
      expect(() => new Reader(b).int64()).toThrow(/safe integer/);
    }
  });
});

describe('strings, bytes and arrays', () => {
  it('classic nullable string and bytes use int16/int32 -1 for null', () => {
    expect(hex(new Writer().nullableString(null))).toBe('ffff');
    expect(hex(new Writer().nullableString('ab'))).toBe('00026162');
    expect(hex(new Writer().nullableString('é'))).toBe('0002c3a9'); // length is UTF-8 bytes
    expect(hex(new Writer().nullableBytes(null))).toBe('ffffffff');
    expect(reader('ffff').nullableString()).toBeNull();
    expect(reader('0002c3a9').nullableString()).toBe('é');
    expect(reader('ffffffff').nullableBytes()).toBeNull();
    expect(reader('0000000201ff').nullableBytes()).toEqual(Buffer.from([1, 255]));
  });
  it('compact encodings store length + 1, 0 meaning null', () => {
    expect(hex(new Writer().compactNullableString(null))).toBe('00');
    expect(hex(new Writer().compactNullableString(''))).toBe('01');
    expect(hex(new Writer().compactNullableString('ab'))).toBe('036162');
    expect(hex(new Writer().compactNullableBytes(Buffer.from([7])))).toBe('0207');
    expect(hex(new Writer().compactArrayLength(-1).compactArrayLength(0).compactArrayLength(2))).toBe('000103');
    expect(reader('00').compactNullableString()).toBeNull();
    expect(reader('01').compactNullableString()).toBe('');
    expect(reader('00').compactArrayLength()).toBe(-1);
    expect(reader('03').compactArrayLength()).toBe(2);
  });
  it('rejects a string longer than an int16 length allows', () => {
    expect(() => new Writer().nullableString('x'.repeat(0x8000))).toThrow(ProtocolError);
  });
  it('reads past the end as a ProtocolError, not a RangeError', () => {
    expect(() => reader('0005616263').nullableString()).toThrow(ProtocolError);
  });
});

describe('tagged fields', () => {
  it('skips unknown tags and leaves the reader after the section', () => {
    // 2 fields: tag 0 with 3 bytes, tag 5 with 0 bytes; then int16 7.
    const r = reader('02' + '0003aabbcc' + '0500' + '0007');
    r.skipTaggedFields();
    expect(r.int16()).toBe(7);
    expect(r.remaining).toBe(0);
  });
  it('writes an empty section as a single zero byte', () => {
    expect(hex(new Writer().emptyTaggedFields())).toBe('00');
  });
});

describe('Writer growth', () => {
  it('keeps every byte when growing from a tiny buffer through large raw writes', () => {
    const w = new Writer(16);
    const blob = Buffer.alloc(100_000, 0xab);
    for (let i = 0; i < 1000; i++) w.int32(i);
    w.raw(blob).int16(-2);
    const out = w.finish();
    expect(out.length).toBe(4000 + 100_000 + 2);
    expect(out.readInt32BE(4 * 999)).toBe(999);
    expect(out.subarray(4000, 104_000).equals(blob)).toBe(true);
    expect(out.readInt16BE(104_000)).toBe(-2);
  });
});
