// Owns: turning a whole batch into records and back — decompression (gzip only; Node 20 has no
// zstd; the other codecs are stored opaquely, and refused only where the broker must read keys,
// on compacted topics) and the v2 batch encoder.
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeBatchCrc } from './crc.js';
import { ATTR, codecId, codecOf, HEADER_SIZE, LOG_OVERHEAD, OFF, readBatchHeader } from './layout.js';
import type { BatchHeader } from './layout.js';
import { decodeRawRecords, encodeRawRecords } from './record.js';
import type { RawRec, Rec } from './record.js';

/** The uncompressed records region of a batch; throws for a codec we cannot read. */
export function recordsRegion(batch: Buffer, header: BatchHeader = readBatchHeader(batch)): Buffer {
  const body = batch.subarray(HEADER_SIZE, LOG_OVERHEAD + header.batchLength);
  const codec = codecOf(header.attributes);
  if (codec === 'none') return body;
  if (codec === 'gzip') return gunzipSync(body);
  throw new Error(`cannot decode ${codec ?? 'unknown'} compressed batch`);
}

/** Records with their raw deltas. Throws on malformed or unreadable batches. */
export function decodeRawBatch(batch: Buffer): { header: BatchHeader; records: RawRec[] } {
  const header = readBatchHeader(batch);
  return { header, records: decodeRawRecords(recordsRegion(batch, header), header.recordsCount) };
}

/** Records with absolute offsets and timestamps (gzip supported; other codecs throw). */
export function decodeRecords(batch: Buffer): Rec[] {
  const { header, records } = decodeRawBatch(batch);
  // LogAppendTime batches report the append time for every record (Kafka semantics).
  const appendTime = (header.attributes & ATTR.logAppendTime) !== 0;
  return records.map((r) => ({
    offset: header.baseOffset + r.offsetDelta,
    timestamp: appendTime ? header.maxTimestamp : header.baseTimestamp + r.timestampDelta,
    key: r.key,
    value: r.value,
    headers: r.headers,
  }));
}

export interface EncodeBatchOptions {
  baseOffset: number;
  records: readonly Rec[];
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  partitionLeaderEpoch?: number;
  compression?: 'none' | 'gzip';
  /** Extra attribute bits (timestamp type, transactional); the codec bits come from `compression`. */
  attributes?: number;
  /** Defaults to the first record's timestamp. */
  baseTimestamp?: number;
  /** Defaults to the largest record timestamp. */
  maxTimestamp?: number;
  /** Defaults to the last record's offset - baseOffset (compaction relies on that default). */
  lastOffsetDelta?: number;
}

export function encodeBatch(o: EncodeBatchOptions): Buffer {
  const recs = o.records;
  const baseTimestamp = o.baseTimestamp ?? recs[0]?.timestamp ?? -1;
  const maxTimestamp = o.maxTimestamp ?? recs.reduce((m, r) => Math.max(m, r.timestamp), baseTimestamp);
  const raw: RawRec[] = recs.map((r) => ({
    offsetDelta: r.offset - o.baseOffset,
    timestampDelta: r.timestamp - baseTimestamp,
    key: r.key,
    value: r.value,
    headers: r.headers,
  }));
  const plain = encodeRawRecords(raw);
  const compression = o.compression ?? 'none';
  const body = compression === 'gzip' ? gzipSync(plain) : plain;
  const last = recs[recs.length - 1];
  const lastOffsetDelta = o.lastOffsetDelta ?? (last ? last.offset - o.baseOffset : 0);

  const buf = Buffer.alloc(HEADER_SIZE + body.length);
  buf.writeBigInt64BE(BigInt(o.baseOffset), OFF.baseOffset);
  buf.writeInt32BE(buf.length - LOG_OVERHEAD, OFF.batchLength);
  buf.writeInt32BE(o.partitionLeaderEpoch ?? -1, OFF.partitionLeaderEpoch);
  buf.writeInt8(2, OFF.magic);
  buf.writeInt16BE(((o.attributes ?? 0) & ~ATTR.codecMask) | codecId(compression), OFF.attributes);
  buf.writeInt32BE(lastOffsetDelta, OFF.lastOffsetDelta);
  buf.writeBigInt64BE(BigInt(baseTimestamp), OFF.baseTimestamp);
  buf.writeBigInt64BE(BigInt(maxTimestamp), OFF.maxTimestamp);
  buf.writeBigInt64BE(BigInt(o.producerId ?? -1), OFF.producerId);
  buf.writeInt16BE(o.producerEpoch ?? -1, OFF.producerEpoch);
  buf.writeInt32BE(o.baseSequence ?? -1, OFF.baseSequence);
  buf.writeInt32BE(recs.length, OFF.recordsCount);
  body.copy(buf, HEADER_SIZE);
  writeBatchCrc(buf);
  return buf;
}
