// Per-partition bookkeeping of the Kafka wiring, without I/O: the offset this member knows to be
// committed (or resumed from), which commits are worth sending, and partitions being rewound.
// A rewound partition (failed upload, failed commit or dead-letter send) must start its next file
// exactly at the rewind offset: uploading a file that starts past an uploaded-but-uncommitted one
// would let a crash replay write a longer file under the earlier key and keep both copies.
import { topicPartition } from '@tessera/archive/record';
import type { PartitionOffset } from '../archiver.js';

/** How often a rewound partition may come back past its rewind offset before it is accepted. */
const MAX_RESEEKS = 3;

export type Admission =
  /** Feed the batch from this message index on (earlier ones are before the rewind offset). */
  | { kind: 'feed'; from: number }
  /** Skip the batch and seek here: the delivery is past the rewind offset. */
  | { kind: 'seek'; offset: string };

export interface Positions {
  /** Decides what to do with a batch of `offsets` (ascending) for one partition. */
  admit(topic: string, partition: number, offsets: readonly string[]): Admission;
  /** The commits above what is known committed (others would be no-ops). */
  worthCommitting(commits: readonly PartitionOffset[]): PartitionOffset[];
  committed(commits: readonly PartitionOffset[]): void;
  /** Starts a rewind to `offset` (default: the known committed offset); undefined = nothing to rewind. */
  rewind(topic: string, partition: number, offset?: string): string | undefined;
  /** A new group generation: every position comes from the broker's committed offsets again. */
  reset(): void;
}

interface Rewind { offset: bigint; reseeks: number }

export function createPositions(): Positions {
  const known = new Map<string, bigint>();
  const rewinds = new Map<string, Rewind>();

  return {
    admit(topic, partition, offsets) {
      const tp = topicPartition(topic, partition);
      const first = offsets[0];
      if (first === undefined) return { kind: 'feed', from: 0 };
      const rewind = rewinds.get(tp);
      if (rewind) {
        const from = offsets.findIndex((o) => BigInt(o) >= rewind.offset);
        if (from === -1) return { kind: 'feed', from: offsets.length };
        if (BigInt(offsets[from]!) > rewind.offset && rewind.reseeks < MAX_RESEEKS) {
          rewind.reseeks += 1;
          return { kind: 'seek', offset: rewind.offset.toString() };
        }
        // At the rewind offset, or past it after several seeks (compaction removed that record).
        rewinds.delete(tp);
        return { kind: 'feed', from };
      }
      if (!known.has(tp)) known.set(tp, BigInt(first));
      return { kind: 'feed', from: 0 };
    },
    worthCommitting(commits) {
      return commits.filter((c) => {
        const k = known.get(topicPartition(c.topic, c.partition));
        return k === undefined || BigInt(c.offset) > k;
      });
    },
    committed(commits) {
      for (const c of commits) known.set(topicPartition(c.topic, c.partition), BigInt(c.offset));
    },
    rewind(topic, partition, offset) {
      const tp = topicPartition(topic, partition);
      const to = offset === undefined ? known.get(tp) : BigInt(offset);
      if (to === undefined) return undefined;
      rewinds.set(tp, { offset: to, reseeks: 0 });
      return to.toString();
    },
    reset() {
      known.clear();
      rewinds.clear();
    },
  };
}
