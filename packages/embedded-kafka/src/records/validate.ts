// Owns: Produce-time validation of one record batch (the checks Apache Kafka's broker makes, first failure wins). The error
// codes matter: kafkajs retries CORRUPT_MESSAGE forever but gives up on INVALID_RECORD.
import { batchCrc } from './crc.js';
import { recordsRegion } from './batch.js';
import { Codes } from './codes.js';
import { ATTR, codecOf, HEADER_SIZE, LOG_OVERHEAD, readBatchHeader } from './layout.js';
import type { BatchHeader } from './layout.js';
import { decodeRawRecords } from './record.js';

export type Validation =
  | { ok: true; header: BatchHeader }
  | { ok: false; errorCode: number; message: string };

export interface ValidateOptions {
  compacted: boolean;
  maxMessageBytes: number;
}

const fail = (errorCode: number, message: string): Validation => ({ ok: false, errorCode, message });

export function validateProducedBatch(batch: Buffer, opts: ValidateOptions): Validation {
  if (batch.length > opts.maxMessageBytes) {
    return fail(Codes.MESSAGE_TOO_LARGE, `batch of ${batch.length} bytes exceeds max.message.bytes ${opts.maxMessageBytes}`);
  }
  if (batch.length < HEADER_SIZE) return fail(Codes.CORRUPT_MESSAGE, 'batch shorter than its header');
  const h = readBatchHeader(batch);
  if (h.magic !== 2) return fail(Codes.INVALID_RECORD, `magic ${h.magic} unsupported, only record batch v2`);
  if (h.batchLength !== batch.length - LOG_OVERHEAD) {
    return fail(Codes.CORRUPT_MESSAGE, `batchLength ${h.batchLength} does not match ${batch.length - LOG_OVERHEAD} bytes`);
  }
  if (batchCrc(batch) !== h.crc) return fail(Codes.CORRUPT_MESSAGE, 'CRC-32C mismatch');
  if ((h.attributes & ATTR.control) !== 0) return fail(Codes.INVALID_RECORD, 'control batches cannot be produced');
  const codec = codecOf(h.attributes);
  if (codec === null) return fail(Codes.CORRUPT_MESSAGE, `unknown compression codec ${h.attributes & ATTR.codecMask}`);
  if (h.recordsCount <= 0 || h.lastOffsetDelta !== h.recordsCount - 1) {
    return fail(Codes.INVALID_RECORD, `lastOffsetDelta ${h.lastOffsetDelta} inconsistent with ${h.recordsCount} records`);
  }
  if (codec !== 'none' && codec !== 'gzip') {
    // We cannot decompress these; compaction needs keys, so only opaque storage elsewhere.
    if (opts.compacted) return fail(Codes.UNSUPPORTED_COMPRESSION_TYPE, `${codec} not supported on compacted topics`);
    return { ok: true, header: h };
  }
  let region: Buffer;
  try {
    region = recordsRegion(batch, h);
  } catch (cause) {
    return fail(Codes.CORRUPT_MESSAGE, `cannot decompress ${codec} records: ${String(cause)}`);
  }
  let recs;
  try {
    recs = decodeRawRecords(region, h.recordsCount);
  } catch (cause) {
    return fail(Codes.CORRUPT_MESSAGE, `malformed records: ${String(cause)}`);
  }
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i]!;
    if (r.offsetDelta !== i) return fail(Codes.INVALID_RECORD, `record ${i} has offsetDelta ${r.offsetDelta}`);
    if (opts.compacted && r.key === null) return fail(Codes.INVALID_RECORD, 'compacted topic requires a key on every record');
  }
  return { ok: true, header: h };
}
