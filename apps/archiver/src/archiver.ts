// The archiver's core, without Kafka: feed it batches of consumed records; it encodes them,
// rotates files (rotation.ts), gzips and uploads the complete ones, and answers with the offsets
// that are now safe to commit, per partition. The consumer wiring commits exactly those, after
// this returns, so an offset is committed only once every record before it is in an uploaded
// object. A failed upload leaves that partition to be re-read from `seekTo`; the rebuilt files
// get the same keys, so the retry overwrites and never duplicates.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { encodeLine } from '@tessera/archive/line';
import type { Rejection, ValueDecoder } from '@tessera/archive/line';
import { CONTENT_TYPE, objectKey } from '@tessera/archive/naming';
import type { ObjectStore, StoreError } from '@tessera/archive/object-store';
import { topicPartition } from '@tessera/archive/record';
import type { ConsumedRecord } from '@tessera/archive/record';
import { commitOffset, DEFAULT_LIMITS, place } from './rotation.js';
import type { FileChunk, RotationLimits } from './rotation.js';

const gzipAsync = promisify(gzip);

export interface ArchiverOptions {
  store: Pick<ObjectStore, 'put'>;
  /** Key prefix inside the store ("" or e.g. "archive"). */
  prefix: string;
  decode: ValueDecoder;
  limits?: RotationLimits;
  /** Parallel uploads per call. */
  uploadConcurrency?: number;
  gzipLevel?: number;
}

export interface PartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read, as Kafka commits it. */
  offset: string;
}

export interface UploadedObject {
  key: string;
  topic: string;
  partition: number;
  startOffset: string;
  endOffset: string;
  records: number;
  bytes: number;
  compressedBytes: number;
}

export interface RejectedRecord {
  record: ConsumedRecord;
  rejection: Rejection;
}

export interface ArchiveOutcome {
  /** Commit these. */
  commits: PartitionOffset[];
  uploaded: UploadedObject[];
  /** Records archived raw that the decoder refused, now durable: send them to dlq.v1 before committing. */
  rejected: RejectedRecord[];
  /** Partitions whose uploads failed: seek each back to `seekTo` and feed again. */
  failures: (PartitionOffset & { error: StoreError })[];
}

export interface Archiver {
  archive(records: readonly ConsumedRecord[]): Promise<ArchiveOutcome>;
  /**
   * Closes and uploads the open files (before shutdown or revocation: all of them; the idle timer
   * passes `only` to pick the partitions that received nothing for a while).
   */
  flush(only?: (topic: string, partition: number) => boolean): Promise<ArchiveOutcome>;
  /** Forgets a partition's unuploaded state (revoked: its new owner re-reads from the commit). */
  release(topic: string, partition: number): void;
}

interface PartitionState {
  topic: string;
  partition: number;
  open: FileChunk | undefined;
  lastOffset: string;
  rejected: RejectedRecord[];
}

export function createArchiver(options: ArchiverOptions): Archiver {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const partitions = new Map<string, PartitionState>();

  const upload = async (chunk: FileChunk): Promise<UploadedObject> => {
    const body = Buffer.from(chunk.lines.join(''), 'utf8');
    const compressed = await gzipAsync(body, { level: options.gzipLevel ?? 6 });
    const key = objectKey(options.prefix, chunk.topic, chunk.partition, chunk.startOffset, chunk.hour);
    const result = await options.store.put(key, compressed, CONTENT_TYPE);
    if (!result.ok) throw result.error;
    const { topic, partition, startOffset, endOffset } = chunk;
    return { key, topic, partition, startOffset, endOffset, records: chunk.lines.length, bytes: body.length, compressedBytes: compressed.length };
  };

  const settle = async (closed: FileChunk[], touched: Set<string>): Promise<ArchiveOutcome> => {
    const results = await mapLimit(closed, options.uploadConcurrency ?? 4, async (chunk) => {
      try {
        return { chunk, uploaded: await upload(chunk) };
      } catch (error) {
        return { chunk, error: error as StoreError };
      }
    });
    const outcome: ArchiveOutcome = { commits: [], uploaded: [], rejected: [], failures: [] };
    const failed = new Map<string, { seekTo: bigint; error: StoreError }>();
    for (const r of results) {
      if (r.uploaded) outcome.uploaded.push(r.uploaded);
      else {
        const tp = topicPartition(r.chunk.topic, r.chunk.partition);
        const prev = failed.get(tp);
        if (!prev || BigInt(r.chunk.startOffset) < prev.seekTo) failed.set(tp, { seekTo: BigInt(r.chunk.startOffset), error: r.error! });
      }
    }
    for (const tp of touched) {
      const state = partitions.get(tp);
      if (!state) continue;
      const failure = failed.get(tp);
      if (failure) {
        partitions.delete(tp);
        outcome.failures.push({ topic: state.topic, partition: state.partition, offset: failure.seekTo.toString(), error: failure.error });
        continue;
      }
      const offset = commitOffset(state.open, state.lastOffset);
      outcome.commits.push({ topic: state.topic, partition: state.partition, offset });
      const durable = state.rejected.filter((r) => BigInt(r.record.offset) < BigInt(offset));
      state.rejected = state.rejected.slice(durable.length);
      outcome.rejected.push(...durable);
    }
    return outcome;
  };

  return {
    async archive(records) {
      const closed: FileChunk[] = [];
      const touched = new Set<string>();
      for (const record of records) {
        const tp = topicPartition(record.topic, record.partition);
        let state = partitions.get(tp);
        touched.add(tp);
        if (!state) {
          state = { topic: record.topic, partition: record.partition, open: undefined, lastOffset: record.offset, rejected: [] };
          partitions.set(tp, state);
        } else if (BigInt(record.offset) <= BigInt(state.lastOffset)) {
          // Delivered again (a re-fetch or a seek back without release): already placed in a
          // file, uploaded or open. Appending it again would put it in the archive twice.
          continue;
        }
        const line = encodeLine(record, options.decode);
        if (line.rejection) state.rejected.push({ record, rejection: line.rejection });
        const placed = place(state.open, { topic: record.topic, partition: record.partition, offset: record.offset, eventTime: line.eventTime, text: line.text }, limits);
        state.open = placed.open;
        state.lastOffset = record.offset;
        closed.push(...placed.closed);
      }
      return settle(closed, touched);
    },
    async flush(only) {
      const closed: FileChunk[] = [];
      const touched = new Set<string>();
      for (const [tp, state] of partitions) {
        if (only && !only(state.topic, state.partition)) continue;
        touched.add(tp);
        if (state.open) closed.push(state.open);
        state.open = undefined;
      }
      return settle(closed, touched);
    },
    release(topic, partition) {
      partitions.delete(topicPartition(topic, partition));
    },
  };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
