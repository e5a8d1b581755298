// Which records go into which file: one open file per topic-partition, closed when the next
// record belongs to another event-time hour, or once it holds `maxRecords` records or
// `maxBytes` uncompressed bytes. Pure: the same record sequence always yields the same files
// with the same start offsets, which is what lets a replay overwrite instead of duplicate.
// Wall-clock flushes (idle partitions, shutdown) are the caller's decision, not made here.
import { hourPartition } from '@tessera/archive/naming';
import type { HourPartition } from '@tessera/archive/naming';

export interface RotationLimits {
  maxRecords: number;
  /** Uncompressed NDJSON bytes (compressed size would depend on the zlib build). */
  maxBytes: number;
}

export const DEFAULT_LIMITS: RotationLimits = { maxRecords: 50_000, maxBytes: 32 * 1024 * 1024 };

export interface FileChunk {
  topic: string;
  partition: number;
  startOffset: string;
  /** Offset of the last record in the file. */
  endOffset: string;
  hour: HourPartition;
  lines: string[];
  bytes: number;
}

export interface PlacedLine {
  topic: string;
  partition: number;
  offset: string;
  eventTime: number;
  text: string;
}

export interface Placement {
  /** The file still accepting records, if any. */
  open: FileChunk | undefined;
  /** Files complete now, in offset order. */
  closed: FileChunk[];
}

export function place(open: FileChunk | undefined, line: PlacedLine, limits: RotationLimits): Placement {
  const closed: FileChunk[] = [];
  const hour = hourPartition(line.eventTime);
  let current = open;
  if (current && (current.hour.dt !== hour.dt || current.hour.hr !== hour.hr)) {
    closed.push(current);
    current = undefined;
  }
  current ??= { topic: line.topic, partition: line.partition, startOffset: line.offset, endOffset: line.offset, hour, lines: [], bytes: 0 };
  current.lines.push(line.text);
  current.bytes += Buffer.byteLength(line.text);
  current.endOffset = line.offset;
  if (current.lines.length >= limits.maxRecords || current.bytes >= limits.maxBytes) {
    closed.push(current);
    current = undefined;
  }
  return { open: current, closed };
}

/**
 * The Kafka offset to commit for a partition (the next offset to read): everything before the
 * open file's first record is in uploaded files; with no open file, everything up to `lastOffset`.
 */
export function commitOffset(open: FileChunk | undefined, lastOffset: string): string {
  return open ? open.startOffset : (BigInt(lastOffset) + 1n).toString();
}
