// Record batch v2 against kafkajs 2.2.4 as an independent oracle: its encoder's batches must
// validate and decode here, ours must decode there, and both must agree on CRC-32C.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeRecords, encodeBatch } from './batch.js';
import { Codes } from './codes.js';
import { crc32c, writeBatchCrc } from './crc.js';
import { ATTR, OFF, readBatchHeader, splitBatches } from './layout.js';
import type { Rec } from './record.js';
import { validateProducedBatch } from './validate.js';

const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js');
const KRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js');
const decodeKBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js');
const KDecoder = require('kafkajs/src/protocol/decoder.js');
const kCrc32C = require('kafkajs/src/protocol/recordBatch/crc32C/index.js');
const { Types: KCompression } = require('kafkajs/src/protocol/message/compression/index.js');

const opts = { compacted: false, maxMessageBytes: 1_048_588 };

async function kafkajsBatch(
  msgs: { key: string | null; value: string | null; headers?: Record<string, string> }[],
  extra: Record<string, unknown> = {},
): Promise<Buffer> {
  const records = msgs.map((m, i) =>
    KRecord({
      offsetDelta: i,
      timestampDelta: i * 10,
      key: m.key === null ? null : Buffer.from(m.key),
      value: m.value === null ? null : Buffer.from(m.value),
      headers: m.headers ?? {},
    }),
  );
  const enc = await RecordBatch({
    firstTimestamp: 1_700_000_000_000,
    maxTimestamp: 1_700_000_000_000 + (msgs.length - 1) * 10,
    lastOffsetDelta: msgs.length - 1,
    records,
    ...extra,
  });
  return Buffer.from(enc.buffer);
}

const rec = (offset: number, key: string | null, value: string | null, timestamp = 1000): Rec => ({
  offset,
  timestamp,
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: [],
});

describe('crc32c', () => {
  it('matches the CRC-32C check value and kafkajs', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) % 256));
    expect(crc32c(data)).toBe(kCrc32C(data));
  });
});

describe('kafkajs-encoded batches', () => {
  it('validate and decode (uncompressed, with headers and null value)', async () => {
    const b = await kafkajsBatch([
      { key: 'k1', value: 'v1', headers: { h: 'x' } },
      { key: 'k2', value: null },
      { key: null, value: 'v3' },
    ]);
    const v = validateProducedBatch(b, opts);
    expect(v.ok).toBe(true);
    const recs = decodeRecords(b);
    expect(recs.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null])).toEqual([
      [0, 1_700_000_000_000, 'k1', 'v1'],
      [1, 1_700_000_000_010, 'k2', null],
      [2, 1_700_000_000_020, null, 'v3'],
    ]);
    expect(recs[0]!.headers).toEqual([{ key: 'h', value: Buffer.from('x') }]);
  });

  it('validate and decode gzip', async () => {
    const msgs = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(100) + i }));
    const b = await kafkajsBatch(msgs, { compression: KCompression.GZIP });
    expect(b.readInt16BE(OFF.attributes) & ATTR.codecMask).toBe(1);
    expect(validateProducedBatch(b, { ...opts, compacted: true })).toMatchObject({ ok: true });
    const recs = decodeRecords(b);
    expect(recs).toHaveLength(50);
    expect(recs[49]!.value?.toString()).toBe('v'.repeat(100) + 49);
  });

  it('reads the idempotence fields from the header', async () => {
    const Long = require('kafkajs/src/utils/long.js');
    const b = await kafkajsBatch([{ key: 'a', value: 'b' }], {
      producerId: Long.fromNumber(4242),
      producerEpoch: 3,
      firstSequence: 17,
    });
    const h = readBatchHeader(b);
    expect([h.producerId, h.producerEpoch, h.baseSequence, h.recordsCount, h.magic]).toEqual([4242, 3, 17, 1, 2]);
  });
});

describe('encodeBatch', () => {
  it('decodes with the kafkajs decoder (plain and gzip)', async () => {
    for (const compression of ['none', 'gzip'] as const) {
      const b = encodeBatch({
        baseOffset: 100,
        compression,
        records: [rec(100, 'a', '1', 5000), { ...rec(102, 'b', null, 4000), headers: [{ key: 'h', value: Buffer.from('y') }] }],
      });
      const d = await decodeKBatch(new KDecoder(b));
      expect(d.firstOffset).toBe('100');
      expect(d.lastOffsetDelta).toBe(2);
      expect(d.maxTimestamp).toBe('5000');
      expect(d.records.map((r: any) => [r.offset, r.timestamp, r.key.toString(), r.value?.toString() ?? null])).toEqual([
        ['100', '5000', 'a', '1'],
        ['102', '4000', 'b', null],
      ]);
      expect(d.records[1].headers.h.toString()).toBe('y');
      expect(readBatchHeader(b).crc).toBe(kCrc32C(b.subarray(21)));
    }
  });

  it('handles large and negative varints', () => {
    const b = encodeBatch({ baseOffset: 0, records: [rec(0, 'x', 'y', 2 ** 41), rec(1, 'x', 'z', 5)] });
    expect(decodeRecords(b).map((r) => r.timestamp)).toEqual([2 ** 41, 5]);
  });
});

describe('validateProducedBatch', () => {
  const good = () => encodeBatch({ baseOffset: 0, records: [rec(0, 'k', 'v'), rec(1, 'k2', 'v2')] });

  it('accepts a good batch', () => expect(validateProducedBatch(good(), opts).ok).toBe(true));

  it('rejects a bad CRC with CORRUPT_MESSAGE', () => {
    const b = good();
    b[b.length - 1]! ^= 0xff;
    expect(validateProducedBatch(b, opts)).toMatchObject({ ok: false, errorCode: Codes.CORRUPT_MESSAGE });
  });

  it('rejects a wrong batchLength with CORRUPT_MESSAGE', () => {
    const b = Buffer.concat([good(), Buffer.from([0])]);
    expect(validateProducedBatch(b, opts)).toMatchObject({ ok: false, errorCode: Codes.CORRUPT_MESSAGE });
  });

  it('rejects magic != 2 with INVALID_RECORD', () => {
    const b = good();
    b.writeInt8(1, OFF.magic);
    expect(validateProducedBatch(b, opts)).toMatchObject({ ok: false, errorCode: Codes.INVALID_RECORD });
  });

  it('rejects control batches with INVALID_RECORD', () => {
    const b = encodeBatch({ baseOffset: 0, attributes: ATTR.control, records: [rec(0, 'k', 'v')] });
    expect(validateProducedBatch(b, opts)).toMatchObject({ ok: false, errorCode: Codes.INVALID_RECORD });
  });

  it('rejects oversize batches with MESSAGE_TOO_LARGE', () => {
    expect(validateProducedBatch(good(), { ...opts, maxMessageBytes: 50 })).toMatchObject({
      ok: false,
      errorCode: Codes.MESSAGE_TOO_LARGE,
    });
  });

  it('rejects inconsistent lastOffsetDelta and offsetDeltas with INVALID_RECORD', () => {
    const wrongLast = encodeBatch({ baseOffset: 0, lastOffsetDelta: 5, records: [rec(0, 'k', 'v'), rec(1, 'k', 'v')] });
    expect(validateProducedBatch(wrongLast, opts)).toMatchObject({ ok: false, errorCode: Codes.INVALID_RECORD });
    const gap = encodeBatch({ baseOffset: 0, lastOffsetDelta: 1, records: [rec(0, 'k', 'v'), rec(2, 'k', 'v')] });
    expect(validateProducedBatch(gap, opts)).toMatchObject({ ok: false, errorCode: Codes.INVALID_RECORD });
  });

  it('rejects keyless records on compacted topics only', () => {
    const b = encodeBatch({ baseOffset: 0, records: [rec(0, 'k', 'v'), rec(1, null, 'v')] });
    expect(validateProducedBatch(b, opts).ok).toBe(true);
    expect(validateProducedBatch(b, { ...opts, compacted: true })).toMatchObject({ ok: false, errorCode: Codes.INVALID_RECORD });
  });

  it('stores snappy opaquely but refuses it on compacted topics', () => {
    const b = good();
    b.writeInt16BE(2, OFF.attributes); // snappy; body is not really snappy, which is the point
    writeBatchCrc(b);
    expect(validateProducedBatch(b, opts).ok).toBe(true);
    expect(validateProducedBatch(b, { ...opts, compacted: true })).toMatchObject({
      ok: false,
      errorCode: Codes.UNSUPPORTED_COMPRESSION_TYPE,
    });
  });

  it('rejects a gzip body that does not decompress with CORRUPT_MESSAGE', () => {
    const b = good();
    b.writeInt16BE(1, OFF.attributes);
    writeBatchCrc(b);
    expect(validateProducedBatch(b, opts)).toMatchObject({ ok: false, errorCode: Codes.CORRUPT_MESSAGE });
  });
});

describe('splitBatches', () => {
  it('splits concatenated batches and drops a truncated tail', () => {
    const a = encodeBatch({ baseOffset: 0, records: [rec(0, 'a', '1')] });
    const b = encodeBatch({ baseOffset: 1, records: [rec(1, 'b', '2')] });
    const parts = splitBatches(Buffer.concat([a, b, b.subarray(0, 30)]));
    expect(parts.map((p) => readBatchHeader(p).baseOffset)).toEqual([0, 1]);
    expect(parts[1]!.equals(b)).toBe(true);
  });
});
