// Owns: the segment files of one partition and the per-batch index over them (./batch-index.ts,
// mostly read back from the files on use) — recovery on open (torn tails cut), appending and
// rolling, byte-range reads, dropping dead segments and replacing a segment's batches after
// compaction. Knows nothing about offsets' meaning or producers.
import { readBatchHeader } from '../records/layout.js';
import type { BatchHeader } from '../records/layout.js';
import { BatchIndex } from './batch-index.js';
import type { IndexEntry, IndexLimits } from './batch-index.js';
import type { LogFile, PartitionDir } from './medium.js';
import { scanSegment } from './recovery.js';

interface Segment {
  base: number;
  file: LogFile;
  /** When the segment started receiving batches, for segment.ms rolling. */
  createdAt: number | null;
  dirty: boolean;
}

export interface Recovered {
  set: SegmentSet;
  headers: BatchHeader[];
  /** Bytes cut from torn or corrupt tails. */
  truncatedBytes: number;
}

export class SegmentSet {
  private segs: Segment[] = [];
  /** All batches of all segments in offset order. */
  readonly index: BatchIndex;

  private constructor(private readonly dir: PartitionDir, limits: IndexLimits) {
    this.index = new BatchIndex((segment, position, length) => {
      const seg = this.segs.find((s) => s.base === segment);
      if (!seg) throw new Error(`segment ${segment} is gone`);
      return seg.file.read(position, length);
    }, limits);
  }

  static open(dir: PartitionDir, firstBase: number, limits: IndexLimits = {}): Recovered {
    const set = new SegmentSet(dir, limits);
    const headers: BatchHeader[] = [];
    let truncatedBytes = 0;
    let next = 0;
    let cut = false;
    for (const base of dir.segments()) {
      const file = dir.openSegment(base);
      if (cut) {
        // Everything after a corrupt batch is unreachable history; Kafka drops it too.
        truncatedBytes += file.size;
        file.close();
        dir.removeSegment(base);
        continue;
      }
      const bytes = file.readAll();
      const scan = scanSegment(bytes, base, Math.max(next, base));
      if (scan.validBytes < bytes.length) {
        truncatedBytes += bytes.length - scan.validBytes;
        file.truncate(scan.validBytes);
        cut = true;
      }
      headers.push(...scan.batches.map((b) => b.header));
      set.segs.push({ base, file, createdAt: scan.batches[0]?.entry.maxTimestamp ?? null, dirty: false });
      for (const b of scan.batches) set.index.append(b.entry);
      next = Math.max(next, base, (scan.batches[scan.batches.length - 1]?.entry.lastOffset ?? -1) + 1);
    }
    if (set.segs.length === 0) set.segs.push(set.newSegment(firstBase));
    set.dropEmptyInactive();
    return { set, headers, truncatedBytes };
  }

  /** Base offset of the active (last) segment: the log end when it holds no batch. */
  get activeBase(): number {
    return this.active.base;
  }

  get sizeBytes(): number {
    return this.segs.reduce((s, g) => s + g.file.size, 0);
  }

  private get active(): Segment {
    return this.segs[this.segs.length - 1]!;
  }

  private newSegment(base: number): Segment {
    return { base, file: this.dir.openSegment(base), createdAt: null, dirty: false };
  }

  /** Rolls to a new segment at `nextOffset` when the active one is full or old enough. */
  rollIfNeeded(incoming: number, nextOffset: number, now: number, segmentBytes: number, segmentMs: number): void {
    const a = this.active;
    if (a.file.size === 0) return;
    const full = a.file.size + incoming > segmentBytes;
    const old = a.createdAt !== null && now - a.createdAt >= segmentMs;
    if (!full && !old) return;
    a.file.sync();
    a.dirty = false;
    this.segs.push(this.newSegment(nextOffset));
  }

  /** Appends a stored batch to the active segment; returns its index entry. */
  append(stored: Buffer, header: BatchHeader, now: number): IndexEntry {
    const a = this.active;
    const position = a.file.size;
    try {
      a.file.append(stored);
    } catch (err) {
      // Never leave half a batch behind: recovery would cut it, but a live reader must not see it.
      a.file.truncate(position);
      throw err;
    }
    const entry: IndexEntry = {
      baseOffset: header.baseOffset,
      lastOffset: header.baseOffset + header.lastOffsetDelta,
      position,
      size: stored.length,
      maxTimestamp: header.maxTimestamp,
      segment: a.base,
    };
    this.index.append(entry);
    a.createdAt ??= now;
    a.dirty = true;
    return entry;
  }

  /** Bytes of consecutive entries (as selected for a fetch), concatenated. */
  readEntries(sel: readonly IndexEntry[]): Buffer {
    const parts: Buffer[] = [];
    let i = 0;
    while (i < sel.length) {
      const first = sel[i]!;
      let last = first;
      while (i + 1 < sel.length && sel[i + 1]!.segment === first.segment) last = sel[++i]!;
      i++;
      const seg = this.segs.find((s) => s.base === first.segment);
      if (seg) parts.push(seg.file.read(first.position, last.position + last.size - first.position));
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  readBatch(e: IndexEntry): Buffer {
    return this.readEntries([e]);
  }

  /** Removes inactive segments whose batches all end below `offset`. */
  removeBelow(offset: number): void {
    const keep = this.segs.filter((s, i) => i === this.segs.length - 1 || this.index.lastOffsetIn(s.base) >= offset);
    this.removeAllBut(keep);
  }

  /**
   * Replaces batches after compaction: `replaced` maps a batch base offset to its new bytes, or
   * null to drop it. Untouched batches keep their bytes; each changed segment is rewritten whole.
   */
  replaceBatches(replaced: ReadonlyMap<number, Buffer | null>): void {
    for (const seg of this.segs) {
      const before = this.index.entriesIn(seg.base);
      if (!before.some((e) => replaced.has(e.baseOffset))) continue;
      const parts: Buffer[] = [];
      const entries: IndexEntry[] = [];
      let position = 0;
      for (const e of before) {
        const next = replaced.has(e.baseOffset) ? replaced.get(e.baseOffset)! : seg.file.read(e.position, e.size);
        if (next === null) continue;
        const h = readBatchHeader(next);
        entries.push({ ...e, position, size: next.length, lastOffset: h.baseOffset + h.lastOffsetDelta, maxTimestamp: h.maxTimestamp });
        parts.push(next);
        position += next.length;
      }
      seg.file.replace(Buffer.concat(parts));
      this.index.replaceSegment(seg.base, entries);
      seg.dirty = false;
    }
    this.dropEmptyInactive();
  }

  syncDirty(): void {
    for (const s of this.segs) {
      if (!s.dirty) continue;
      s.file.sync();
      s.dirty = false;
    }
  }

  close(): void {
    this.syncDirty();
    for (const s of this.segs) s.file.close();
  }

  /** Closes without syncing, for deletion. */
  release(): void {
    for (const s of this.segs) s.file.close();
  }

  private dropEmptyInactive(): void {
    const keep = this.segs.filter((s, i) => i === this.segs.length - 1 || this.index.countIn(s.base) > 0);
    this.removeAllBut(keep);
  }

  private removeAllBut(keep: Segment[]): void {
    const gone = this.segs.filter((s) => !keep.includes(s));
    for (const s of gone) this.removeSegment(s);
    this.segs = keep;
    this.index.dropSegments(new Set(gone.map((s) => s.base)));
  }

  private removeSegment(s: Segment): void {
    s.file.close();
    this.dir.removeSegment(s.base);
  }
}
