// Owns: the narrow file-system surface the logs and the journal write through, so the partition
// log logic is identical on disk and in memory (memory-medium.ts / disk-medium.ts implement it).

/** One append-mostly file: a log segment or the journal. */
export interface LogFile {
  readonly size: number;
  append(buf: Buffer): void;
  read(position: number, length: number): Buffer;
  readAll(): Buffer;
  truncate(size: number): void;
  /** Atomically replaces the whole content (compaction, journal snapshot): old or new, never half. */
  replace(content: Buffer): void;
  /** Makes written bytes durable (fsync); a no-op in memory. */
  sync(): void;
  close(): void;
}

/** The files of one topic-partition. */
export interface PartitionDir {
  /** Base offsets of the existing segments, ascending. */
  segments(): number[];
  /** Opens the segment with this base offset, creating it empty if missing. */
  openSegment(baseOffset: number): LogFile;
  removeSegment(baseOffset: number): void;
  /** The small state document (log start offset, producer snapshot), or null. */
  readState(): string | null;
  /** Atomic write of the state document. */
  writeState(text: string): void;
  removeAll(): void;
}

export interface Medium {
  partitionDir(topic: string, partition: number): PartitionDir;
  journalFile(): LogFile;
}

/** Segment file name: the base offset zero-padded to 20 digits, as Kafka names them. */
export function segmentName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}.log`;
}
