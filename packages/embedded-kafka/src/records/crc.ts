// Owns: the record batch checksum. Kafka v2 batches carry CRC-32C (Castagnoli) over bytes 21..end;
// Node's zlib.crc32 is IEEE CRC-32, which is why this comes from `crc-32/crc32c`.
import CRC32C from 'crc-32/crc32c.js';
import { CRC_START } from './layout.js';

/** Unsigned CRC-32C of `buf`. */
export function crc32c(buf: Uint8Array): number {
  return CRC32C.buf(buf) >>> 0;
}

/** The CRC a batch should carry, computed over its covered region. */
export function batchCrc(batch: Buffer): number {
  return crc32c(batch.subarray(CRC_START));
}

/** Recompute and store the CRC in place (after a covered field changed). */
export function writeBatchCrc(batch: Buffer): void {
  batch.writeUInt32BE(batchCrc(batch), 17);
}
