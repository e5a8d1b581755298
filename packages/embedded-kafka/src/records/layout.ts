// Owns: the fixed byte layout of a record batch v2 header and walking a buffer of
// concatenated batches. Field positions are from the Kafka message format (record batch v2, "Message Format" in Apache Kafka's documentation).

export const OFF = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordsCount: 57,
} as const;

/** Size of the header up to and including recordsCount. */
export const HEADER_SIZE = 61;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const LOG_OVERHEAD = 12;
/** First byte covered by the CRC (attributes). */
export const CRC_START = 21;

export const ATTR = {
  codecMask: 0x07,
  logAppendTime: 0x08,
  transactional: 0x10,
  control: 0x20,
  deleteHorizon: 0x40,
} as const;

export type Codec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
const CODECS: readonly Codec[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export interface BatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

/** Reads the header at `at`. The caller guarantees HEADER_SIZE bytes are present. */
export function readBatchHeader(buf: Buffer, at = 0): BatchHeader {
  return {
    baseOffset: Number(buf.readBigInt64BE(at + OFF.baseOffset)),
    batchLength: buf.readInt32BE(at + OFF.batchLength),
    partitionLeaderEpoch: buf.readInt32BE(at + OFF.partitionLeaderEpoch),
    magic: buf.readInt8(at + OFF.magic),
    crc: buf.readUInt32BE(at + OFF.crc),
    attributes: buf.readInt16BE(at + OFF.attributes),
    lastOffsetDelta: buf.readInt32BE(at + OFF.lastOffsetDelta),
    baseTimestamp: Number(buf.readBigInt64BE(at + OFF.baseTimestamp)),
    maxTimestamp: Number(buf.readBigInt64BE(at + OFF.maxTimestamp)),
    producerId: Number(buf.readBigInt64BE(at + OFF.producerId)),
    producerEpoch: buf.readInt16BE(at + OFF.producerEpoch),
    baseSequence: buf.readInt32BE(at + OFF.baseSequence),
    recordsCount: buf.readInt32BE(at + OFF.recordsCount),
  };
}

/** Codec name from the attributes, or null for an undefined codec id (5..7). */
export function codecOf(attributes: number): Codec | null {
  return CODECS[attributes & ATTR.codecMask] ?? null;
}

export function codecId(codec: Codec): number {
  return CODECS.indexOf(codec);
}

/**
 * Splits concatenated batches. A truncated tail (fewer bytes than its batchLength promises, as
 * Fetch responses may carry) is dropped; the bytes are views into `records`, not copies.
 */
export function splitBatches(records: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at + LOG_OVERHEAD <= records.length) {
    const len = records.readInt32BE(at + OFF.batchLength);
    const end = at + LOG_OVERHEAD + len;
    if (len < HEADER_SIZE - LOG_OVERHEAD || end > records.length) break;
    out.push(records.subarray(at, end));
    at = end;
  }
  return out;
}
