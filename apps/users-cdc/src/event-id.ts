// Deterministic UUIDv7 event ids. The contract asks users-cdc to derive a change's eventId from
// the commit, so re-reading the same WAL after a restart yields the same id and downstream dedup
// recognizes it. The 48-bit time field is the commit time; the random bits come from a hash of the
// slot, the position and the user.
import { createHash } from 'node:crypto';

export function deterministicUuidV7(timeMs: number, seed: string): string {
  const bytes = createHash('sha256').update(seed).digest().subarray(0, 16);
  const time = BigInt(Math.max(0, Math.trunc(timeMs)));
  for (let i = 0; i < 6; i += 1) bytes[i] = Number((time >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f); // version 7
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f); // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
