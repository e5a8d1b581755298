// What the wiring does with one ArchiveOutcome, in the order that keeps the archive exact:
// failed uploads → rewind those partitions to the failed file's start; refused records (now in
// uploaded objects) → dead letters on dlq.v1; then commit the safe offsets. When the dead letters
// or the commit fail, the partitions forget their open files and rewind to the last committed
// offset, so the replay rebuilds the same objects instead of uploading past an uncommitted one.
import type { Logger } from '@tessera/platform/logger';
import type { ArchiveOutcome, PartitionOffset, RejectedRecord } from '../archiver.js';
import type { ArchiverMetrics } from '../metrics.js';
import type { Positions } from './positions.js';

export interface SettleDeps {
  positions: Positions;
  release(topic: string, partition: number): void;
  /** Seeks the consumer (catalogue topic name; the wiring maps it to the broker's). */
  seek(topic: string, partition: number, offset: string): void;
  commit(commits: PartitionOffset[]): Promise<void>;
  deadLetter(rejected: RejectedRecord[]): Promise<void>;
  metrics?: ArchiverMetrics;
  logger: Logger;
}

export interface Settled {
  /** Partitions that were rewound: the caller must not resolve their batch. */
  rewound: Set<string>;
  /** An upload failed: the caller backs off before fetching more. */
  uploadFailed: boolean;
}

export async function settleOutcome(outcome: ArchiveOutcome, deps: SettleDeps): Promise<Settled> {
  const { positions, metrics, logger } = deps;
  const rewound = new Set<string>();
  const rewind = (topic: string, partition: number, offset?: string): void => {
    deps.release(topic, partition);
    const to = positions.rewind(topic, partition, offset);
    rewound.add(`${topic}/${partition}`);
    if (to !== undefined) deps.seek(topic, partition, to);
  };

  for (const u of outcome.uploaded) {
    metrics?.objects.inc({ topic: u.topic });
    metrics?.records.inc({ topic: u.topic }, u.records);
    metrics?.bytes.inc({ topic: u.topic, encoding: 'ndjson' }, u.bytes);
    metrics?.bytes.inc({ topic: u.topic, encoding: 'gzip' }, u.compressedBytes);
  }
  for (const f of outcome.failures) {
    metrics?.uploadFailures.inc({ topic: f.topic, code: f.error.code });
    logger.warn({ topic: f.topic, partition: f.partition, offset: f.offset, code: f.error.code, retriable: f.error.retriable, err: f.error.cause }, `upload failed, re-reading the partition: ${f.error.message}`);
    rewind(f.topic, f.partition, f.offset);
  }

  if (outcome.rejected.length > 0) {
    try {
      await deps.deadLetter(outcome.rejected);
      for (const r of outcome.rejected) metrics?.rejected.inc({ topic: r.record.topic, code: r.rejection.code });
    } catch (err) {
      metrics?.deadLetterFailures.inc();
      logger.warn({ err }, 'dead letters not sent; re-reading the partitions from their committed offsets');
      for (const c of outcome.commits) rewind(c.topic, c.partition);
      return { rewound, uploadFailed: outcome.failures.length > 0 };
    }
  }

  const commits = positions.worthCommitting(outcome.commits);
  if (commits.length > 0) {
    try {
      await deps.commit(commits);
      positions.committed(commits);
      for (const c of commits) metrics?.committedOffset.set({ topic: c.topic, partition: String(c.partition) }, Number(c.offset));
    } catch (err) {
      metrics?.commitFailures.inc();
      logger.warn({ err, commits }, 'offset commit failed; re-reading the partitions from their committed offsets');
      for (const c of commits) rewind(c.topic, c.partition);
    }
  }
  return { rewound, uploadFailed: outcome.failures.length > 0 };
}
