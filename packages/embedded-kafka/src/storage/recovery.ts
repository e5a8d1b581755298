// Owns: verifying segment bytes on open. Every batch is checked for length, magic, CRC-32C and
// offset order; the first failure marks where a kill -9 (or disk garbage) left a torn tail, and
// everything from there on is cut so it can never be served.
import { batchCrc } from '../records/crc.js';
import { HEADER_SIZE, LOG_OVERHEAD, readBatchHeader } from '../records/layout.js';
import type { BatchHeader } from '../records/layout.js';
import type { IndexEntry } from './batch-index.js';

export interface ScannedBatch {
  entry: IndexEntry;
  header: BatchHeader;
}

export interface ScanResult {
  batches: ScannedBatch[];
  /** Bytes that hold whole, verified batches; anything after is torn or corrupt. */
  validBytes: number;
}

/**
 * Scans one segment's bytes. `nextOffset` is the lowest base offset the first batch may have
 * (the end of the previous segment), so a stale or reordered batch counts as corruption too.
 */
export function scanSegment(bytes: Buffer, segment: number, nextOffset: number): ScanResult {
  const batches: ScannedBatch[] = [];
  let at = 0;
  let expectFrom = nextOffset;
  while (at + HEADER_SIZE <= bytes.length) {
    const len = bytes.readInt32BE(at + 8);
    const size = len + LOG_OVERHEAD;
    if (len < HEADER_SIZE - LOG_OVERHEAD || at + size > bytes.length) break;
    const batch = bytes.subarray(at, at + size);
    const header = readBatchHeader(batch);
    if (header.magic !== 2 || header.lastOffsetDelta < 0) break;
    if (batchCrc(batch) !== header.crc) break;
    if (header.baseOffset < expectFrom) break;
    const lastOffset = header.baseOffset + header.lastOffsetDelta;
    batches.push({
      header,
      entry: { baseOffset: header.baseOffset, lastOffset, position: at, size, maxTimestamp: header.maxTimestamp, segment },
    });
    expectFrom = lastOffset + 1;
    at += size;
  }
  return { batches, validBytes: at };
}
