// Owns: the log-compaction decision (cleanup.policy=compact), pure over batches.
// Keeps the latest record per key, offsets unchanged; a tombstone (null value) survives until
// delete.retention.ms after its record timestamp (kfake's horizon, not Kafka's batch-stamped one);
// the last batch and batches younger than min.compaction.lag.ms are never touched.
//
// Why batches are rewritten kfake-style (lastOffsetDelta = last surviving record, empty batches
// dropped) instead of keeping Kafka's original header: when a fetch lands in a gap at the tail of
// a returned batch, kafkajs sees only records below its offset, flags the batch "empty due to
// compaction" and advances ONE offset per round trip (tulios/kafkajs#562, #1072). With the header
// shrunk, the index points a gap offset at the next batch that really has records. Producer state
// is not lost by the rewrite: the partition snapshots it (state.json) after every compaction.
import { decodeRawBatch, encodeBatch } from '../records/batch.js';
import { ATTR, codecOf } from '../records/layout.js';
import type { Rec } from '../records/record.js';
import type { BatchIndex, IndexEntry } from './batch-index.js';

export interface CompactionInput {
  entry: IndexEntry;
  batch: Buffer;
}

/** keep = unchanged, drop = no surviving records, Buffer = rewritten batch (same base offset). */
export type CompactionOutcome = 'keep' | 'drop' | Buffer;

export interface CompactionRules {
  now: number;
  deleteRetentionMs: number;
}

/**
 * How many leading entries are cleanable: all but the last batch, stopping at the first batch
 * whose newest record is younger than min.compaction.lag.ms.
 */
export function cleanableCount(entries: BatchIndex, now: number, minCompactionLagMs: number): number {
  const limit = Math.max(0, entries.length - 1);
  // With no lag configured, Kafka cleans regardless of (possibly skewed future) timestamps.
  if (minCompactionLagMs <= 0) return limit;
  for (let i = 0; i < limit; i++) {
    if (entries.at(i).maxTimestamp > now - minCompactionLagMs) return i;
  }
  return limit;
}

interface Decoded {
  recs: Rec[] | null; // null: a codec we cannot read (stored opaquely), kept as-is
  /** Time a tombstone's retention counts from: the record timestamp, or the append time. */
  horizonBase: (r: Rec) => number;
  rewrite: (kept: Rec[]) => Buffer;
}

function decode(batch: Buffer): Decoded {
  try {
    const { header, records } = decodeRawBatch(batch);
    const appendTime = (header.attributes & ATTR.logAppendTime) !== 0;
    const recs: Rec[] = records.map((r) => ({
      offset: header.baseOffset + r.offsetDelta,
      timestamp: header.baseTimestamp + r.timestampDelta,
      key: r.key,
      value: r.value,
      headers: r.headers,
    }));
    const codec = codecOf(header.attributes) === 'gzip' ? 'gzip' : 'none';
    const rewrite = (kept: Rec[]): Buffer =>
      encodeBatch({
        baseOffset: header.baseOffset,
        records: kept,
        producerId: header.producerId,
        producerEpoch: header.producerEpoch,
        baseSequence: header.baseSequence,
        partitionLeaderEpoch: header.partitionLeaderEpoch,
        compression: codec,
        attributes: header.attributes,
        baseTimestamp: header.baseTimestamp,
        maxTimestamp: appendTime ? header.maxTimestamp : Math.max(...kept.map((r) => r.timestamp)),
      });
    // Record timestamps of LogAppendTime batches are the append time (Kafka semantics).
    const horizonBase = (r: Rec): number => (appendTime ? header.maxTimestamp : r.timestamp);
    return { recs, horizonBase, rewrite };
  } catch {
    return { recs: null, horizonBase: (r) => r.timestamp, rewrite: () => batch };
  }
}

export interface CompactionResult {
  outcomes: CompactionOutcome[];
  /** A tombstone was kept only because its delete.retention.ms has not passed yet. */
  tombstonesPending: boolean;
}

export function compactBatches(inputs: readonly CompactionInput[], rules: CompactionRules): CompactionResult {
  const decoded = inputs.map((i) => decode(i.batch));
  const latest = new Map<string, number>();
  for (const d of decoded) for (const r of d.recs ?? []) if (r.key) latest.set(r.key.toString('latin1'), r.offset);

  let tombstonesPending = false;
  const outcomes = decoded.map((d): CompactionOutcome => {
    if (d.recs === null) return 'keep';
    const kept = d.recs.filter((r) => {
      if (r.key === null) return true; // written before the topic became compacted
      if (latest.get(r.key.toString('latin1')) !== r.offset) return false;
      if (r.value !== null) return true;
      const expired = d.horizonBase(r) + rules.deleteRetentionMs <= rules.now;
      tombstonesPending ||= !expired;
      return !expired;
    });
    if (kept.length === d.recs.length) return 'keep';
    if (kept.length === 0) return 'drop';
    return d.rewrite(kept);
  });
  return { outcomes, tombstonesPending };
}
