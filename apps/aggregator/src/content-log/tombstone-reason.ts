// Why a tombstone on content.v1 was written, recovered from the log itself. The streams producer's
// tombstone() takes no record headers, so the reason cannot travel with the record; instead the
// materializer compares the tombstone's timestamp with the expiry of the value it removes: the
// expiry sweep only tombstones items whose expiresAt has passed, a takedown usually comes before.
// When the value is not there to compare (compacted away, or never seen) the answer is
// 'takedown': keeping a removed item removed is the safe mistake, re-admitting one is not.
import type { KnownEntry, TombstoneReason } from '../content-sink.js';

export function tombstoneReason(previous: KnownEntry | undefined, tombstoneTimestampMs: number): TombstoneReason {
  if (previous?.state !== 'live') return 'takedown';
  return tombstoneTimestampMs >= previous.item.expiresAt ? 'expired' : 'takedown';
}
