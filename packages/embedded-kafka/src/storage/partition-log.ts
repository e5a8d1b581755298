// Owns: one topic-partition's log semantics on top of its segments — offset assignment, the
// stored-batch rewrite on append, idempotent-producer dedup, fetch positioning, offsets for
// timestamps, DeleteRecords, and running retention/compaction. Durable bits beside the segments
// live in state.json: the log start offset and a producer-state snapshot. Producer state after a
// crash = snapshot + replay of the batch headers appended after it (see `restoreProducers`).
import { decodeRecords } from '../records/batch.js';
import { Codes } from '../records/codes.js';
import { writeBatchCrc } from '../records/crc.js';
import { ATTR, OFF, readBatchHeader } from '../records/layout.js';
import type { BatchHeader } from '../records/layout.js';
import { selectForFetch } from './batch-index.js';
import type { IndexLimits } from './batch-index.js';
import { cleanableCount, compactBatches } from './compaction.js';
import { guard } from './errors.js';
import type { PartitionDir } from './medium.js';
import { ProducerStates } from './producer-state.js';
import type { ProducerEntry } from './producer-state.js';
import { retentionStart } from './retention.js';
import { SegmentSet } from './segments.js';
import type { AppendResult, DeleteRecordsResult, LogConfig, PartitionLog } from './types.js';

/** The single node is always leader of epoch 0. */
const LEADER_EPOCH = 0;

interface StateDoc {
  logStartOffset: number;
  /** Log end offset when `producers` was taken: later batches are replayed on open. */
  producersEnd: number;
  producers: Record<string, ProducerEntry>;
}

export interface OpenLogOptions {
  dir: PartitionDir;
  config: LogConfig;
  /** true: fsync after every append (flush policy 'always'). */
  syncEachAppend: boolean;
  /** Called once when the log is closed or deleted (the store stops flushing it). */
  onRelease?: () => void;
  /** The batch index's resident bound (defaults in ./batch-index.ts; tests make it small). */
  index?: IndexLimits;
}

export class FilePartitionLog implements PartitionLog {
  private logEnd: number;
  private start: number;
  private closed = false;
  /** Log end at the last compaction that left nothing waiting on time; -1 = must run. */
  private settledAt = -1;

  private constructor(
    private readonly dir: PartitionDir,
    private config: LogConfig,
    private readonly syncEachAppend: boolean,
    private readonly onRelease: (() => void) | undefined,
    private readonly segs: SegmentSet,
    private producers: ProducerStates,
    start: number,
    /** Bytes recovery cut from torn/corrupt tails when this log was opened. */
    readonly truncatedBytes: number,
  ) {
    const last = segs.index.last();
    this.logEnd = Math.max(segs.activeBase, last ? last.lastOffset + 1 : 0, start);
    this.start = start;
  }

  static open(o: OpenLogOptions): FilePartitionLog {
    const state = parseState(o.dir.readState());
    const { set, headers, truncatedBytes } = SegmentSet.open(o.dir, state?.logStartOffset ?? 0, o.index);
    const start = state?.logStartOffset ?? (set.index.length > 0 ? set.index.at(0).baseOffset : set.activeBase);
    const log = new FilePartitionLog(o.dir, o.config, o.syncEachAppend, o.onRelease, set, new ProducerStates(), start, truncatedBytes);
    log.start = Math.min(start, log.logEnd);
    log.producers = restoreProducers(state, headers, log.logEnd);
    return log;
  }

  get logStartOffset(): number {
    return this.start;
  }

  get highWatermark(): number {
    return this.logEnd;
  }

  get sizeBytes(): number {
    return this.segs.sizeBytes;
  }

  /** Batch index entries held in memory (bounded; see ./batch-index.ts) and chunks read back so far. */
  get indexResidency(): { entries: number; chunks: number; reloads: number } {
    const index = this.segs.index;
    return { entries: index.residentEntries, chunks: index.chunkCount, reloads: index.reloads };
  }

  append(batch: Buffer, now: number): AppendResult {
    if (this.closed) return { errorCode: Codes.KAFKA_STORAGE_ERROR, message: 'log is closed' };
    const h = readBatchHeader(batch);
    const seq = this.producers.check(h);
    if (seq.kind === 'duplicate') return { errorCode: 0, baseOffset: seq.baseOffset, logAppendTime: -1, duplicate: true };
    if (seq.kind === 'reject') return { errorCode: seq.errorCode, message: seq.message };

    // Copy: the request buffer belongs to the connection, and we rewrite header fields.
    const stored = Buffer.from(batch);
    const base = this.logEnd;
    stored.writeBigInt64BE(BigInt(base), OFF.baseOffset);
    stored.writeInt32BE(LEADER_EPOCH, OFF.partitionLeaderEpoch); // neither is CRC-covered
    const appendTime = this.config.timestampType === 'LogAppendTime';
    if (appendTime) {
      stored.writeInt16BE(stored.readInt16BE(OFF.attributes) | ATTR.logAppendTime, OFF.attributes);
      stored.writeBigInt64BE(BigInt(now), OFF.maxTimestamp);
      writeBatchCrc(stored); // attributes and maxTimestamp are covered
    }
    const header: BatchHeader = { ...h, baseOffset: base, maxTimestamp: appendTime ? now : h.maxTimestamp };
    try {
      this.segs.rollIfNeeded(stored.length, base, now, this.config.segmentBytes, this.config.segmentMs);
      this.segs.append(stored, header, now);
      if (this.syncEachAppend) this.segs.syncDirty();
    } catch (cause) {
      return { errorCode: Codes.KAFKA_STORAGE_ERROR, message: `append failed: ${String(cause)}` };
    }
    this.logEnd = base + h.lastOffsetDelta + 1;
    this.producers.observe(h, base);
    return { errorCode: 0, baseOffset: base, logAppendTime: appendTime ? now : -1, duplicate: false };
  }

  read(fetchOffset: number, maxBytes: number): Buffer {
    const from = Math.max(fetchOffset, this.start);
    if (this.closed || from >= this.logEnd) return Buffer.alloc(0);
    const sel = selectForFetch(this.segs.index, from, maxBytes);
    return sel.length === 0 ? Buffer.alloc(0) : this.segs.readEntries(sel);
  }

  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null {
    const index = this.segs.index;
    for (let i = index.firstReaching(ts, index.firstEndingAtOrAfter(this.start)); i < index.length; i = index.firstReaching(ts, i + 1)) {
      const e = index.at(i);
      let recs;
      try {
        recs = decodeRecords(this.segs.readBatch(e));
      } catch {
        // Opaque codec: the batch is the finest granularity we can answer with.
        return { offset: Math.max(e.baseOffset, this.start), timestamp: e.maxTimestamp };
      }
      const hit = recs.find((r) => r.offset >= this.start && r.timestamp >= ts);
      if (hit) return { offset: hit.offset, timestamp: hit.timestamp };
    }
    return null;
  }

  deleteRecords(offset: number): DeleteRecordsResult {
    const target = offset === -1 ? this.logEnd : offset;
    if (target < 0 || target > this.logEnd) {
      return { errorCode: Codes.OFFSET_OUT_OF_RANGE, message: `offset ${offset} outside [0, ${this.logEnd}]` };
    }
    try {
      if (target > this.start) this.moveStart(target);
    } catch (cause) {
      return { errorCode: Codes.KAFKA_STORAGE_ERROR, message: `deleteRecords failed: ${String(cause)}` };
    }
    return { errorCode: 0, lowWatermark: this.start };
  }

  /** Throws StorageFailure if the files cannot be changed (the broker's timer logs and retries). */
  applyRetention(now: number): void {
    if (this.closed) return;
    const next = retentionStart(this.segs.index, this.start, this.config, now);
    if (next > this.start) guard('retention', () => this.moveStart(next));
  }

  compact(now: number): void {
    if (this.closed || !this.config.cleanupPolicy.includes('compact')) return;
    // The broker calls this from a timer: skip the full decode when nothing can have changed.
    if (this.logEnd === this.settledAt) return;
    const index = this.segs.index;
    const n = cleanableCount(index, now, this.config.minCompactionLagMs);
    const inputs = index.slice(0, n).map((entry) => ({ entry, batch: this.segs.readBatch(entry) }));
    const { outcomes, tombstonesPending } = compactBatches(inputs, { now, deleteRetentionMs: this.config.deleteRetentionMs });
    // Time alone can still change the result while tombstones or lag-protected batches wait.
    const waiting = tombstonesPending || n < index.length - 1;
    this.settledAt = waiting ? -1 : this.logEnd;
    const replaced = new Map<number, Buffer | null>();
    outcomes.forEach((o, i) => {
      if (o !== 'keep') replaced.set(inputs[i]!.entry.baseOffset, o === 'drop' ? null : o);
    });
    if (replaced.size === 0) return;
    guard('compaction', () => {
      this.segs.replaceBatches(replaced);
      this.persistState(); // rewritten headers no longer replay producer state; the snapshot does
    });
  }

  setConfig(config: LogConfig): void {
    this.config = config;
    this.settledAt = -1;
  }

  async flush(): Promise<void> {
    if (!this.closed) this.segs.syncDirty();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.segs.close();
    this.persistState();
    this.closed = true;
    this.onRelease?.();
  }

  async delete(): Promise<void> {
    if (!this.closed) this.segs.release();
    this.closed = true;
    this.dir.removeAll();
    this.onRelease?.();
  }

  private moveStart(offset: number): void {
    this.start = offset;
    this.segs.removeBelow(offset);
    this.persistState();
  }

  private persistState(): void {
    const doc: StateDoc = { logStartOffset: this.start, producersEnd: this.logEnd, producers: this.producers.toJSON() };
    this.dir.writeState(JSON.stringify(doc));
  }
}

/**
 * state.json is replaced atomically, so a bad one means outside damage: fall back to what the
 * segments alone say (start = first batch, producers replayed from every header).
 */
function parseState(raw: string | null): StateDoc | null {
  if (raw === null) return null;
  try {
    const doc = JSON.parse(raw) as StateDoc;
    return typeof doc.logStartOffset === 'number' && typeof doc.producersEnd === 'number' ? doc : null;
  } catch {
    return null;
  }
}

/**
 * Snapshot + replay. A snapshot claiming more than the recovered log end (data lost with the OS,
 * not just the process) cannot be trusted, so then every surviving header is replayed instead.
 */
function restoreProducers(state: StateDoc | null, headers: readonly BatchHeader[], logEnd: number): ProducerStates {
  const usable = state !== null && state.producersEnd <= logEnd;
  const producers = usable ? ProducerStates.fromJSON(state.producers) : new ProducerStates();
  const from = usable ? state.producersEnd : -1;
  for (const h of headers) if (h.baseOffset >= from) producers.observe(h, h.baseOffset);
  return producers;
}
