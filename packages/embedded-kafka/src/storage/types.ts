// Owns: the storage contract the broker programs against — topic log configuration, the partition
// log, the durable metadata journal and the store that opens them. Implementations live beside it
// (partition-log.ts, journal.ts, store.ts); the broker imports only these types and openStore.

export interface LogConfig {
  cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  /** -1 = keep forever. */
  retentionMs: number;
  /** -1 = unbounded. */
  retentionBytes: number;
  deleteRetentionMs: number;
  minCompactionLagMs: number;
  segmentBytes: number;
  segmentMs: number;
  maxMessageBytes: number;
  timestampType: 'CreateTime' | 'LogAppendTime';
}

export type AppendResult =
  | { errorCode: 0; baseOffset: number; logAppendTime: number /* -1 for CreateTime */; duplicate: boolean }
  | { errorCode: number; message: string };

export type DeleteRecordsResult =
  | { errorCode: 0; lowWatermark: number }
  | { errorCode: number; message: string };

export interface PartitionLog {
  readonly logStartOffset: number;
  /** = log end offset: a single node has no replication and no open transactions. */
  readonly highWatermark: number;
  /** Bytes currently held (all segments), for metrics and retention.bytes. */
  readonly sizeBytes: number;
  /**
   * Appends one batch that already passed records/validate.ts. Assigns the base offset and applies
   * idempotent-producer rules: a retried batch answers with its original offset, no append.
   */
  append(batch: Buffer, now: number): AppendResult;
  /**
   * Whole batches starting with the one that contains `fetchOffset`, then more whole batches up to
   * `maxBytes`; always at least one batch when any exists at or after the offset (KIP-74).
   * Empty buffer at or beyond the high watermark.
   */
  read(fetchOffset: number, maxBytes: number): Buffer;
  /** First record with timestamp >= ts, or null when none. */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null;
  /** Moves the log start offset; -1 = high watermark; beyond it = OFFSET_OUT_OF_RANGE. */
  deleteRecords(offset: number): DeleteRecordsResult;
  applyRetention(now: number): void;
  compact(now: number): void;
  setConfig(config: LogConfig): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Removes the partition's data for good (topic deletion). */
  delete(): Promise<void>;
}

export interface TopicRecord {
  name: string;
  topicId: string;
  partitions: number;
  configs: Readonly<Record<string, string>>;
}

export interface CommittedOffset {
  group: string;
  topic: string;
  partition: number;
  offset: number;
  metadata: string | null;
  commitTimestamp: number;
}

/**
 * Small broker metadata kept on disk. Mutations resolve once written to the file; fsynced before
 * that only with flush 'always' (otherwise by the interval timer, after the caller was answered).
 */
export interface Journal {
  /** This data directory's cluster id (random per in-memory store), fixed at first open. */
  clusterId(): string;
  topics(): TopicRecord[];
  putTopic(topic: TopicRecord): Promise<void>;
  deleteTopic(name: string): Promise<void>;
  /** A producer id never handed out before by this data directory. */
  nextProducerId(): Promise<number>;
  /** All committed offsets, or those of one group. */
  offsets(group?: string): CommittedOffset[];
  commitOffsets(offsets: readonly CommittedOffset[]): Promise<void>;
  /** Drops a group's offsets; with `topic`, only that topic's (optionally one partition). */
  deleteOffsets(group: string, topic?: string, partition?: number): Promise<void>;
}

export type FlushPolicy = 'always' | { intervalMs: number };

export interface StoreOptions {
  /** undefined = in-memory (tests); otherwise the directory owning all broker data. */
  dataDir?: string;
  flush: FlushPolicy;
}

export interface Store {
  openLog(topic: string, partition: number, config: LogConfig): Promise<PartitionLog>;
  readonly journal: Journal;
  close(): Promise<void>;
}

/** Storage failures are data: a code the caller can branch on, retriable, and the cause. */
export interface StorageError {
  code: 'IO' | 'CORRUPT' | 'CLOSED';
  retriable: boolean;
  message: string;
  cause?: unknown;
}

export const DEFAULT_LOG_CONFIG: Readonly<LogConfig> = Object.freeze({
  cleanupPolicy: 'delete',
  retentionMs: 604_800_000,
  retentionBytes: -1,
  deleteRetentionMs: 86_400_000,
  minCompactionLagMs: 0,
  segmentBytes: 1_073_741_824,
  segmentMs: 604_800_000,
  maxMessageBytes: 1_048_588,
  timestampType: 'CreateTime',
});
