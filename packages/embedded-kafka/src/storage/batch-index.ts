// Owns: the per-batch index of a partition (rebuilt from segment files on open) and the lookups
// Fetch, ListOffsets, retention and compaction need. One entry per stored batch, in offset order,
// grouped in chunks of up to CHUNK_ENTRIES consecutive batches of one segment. Only the newest
// chunk (where appends go) and the CACHED_CHUNKS chunks used most recently hold their entries in
// memory; every other chunk keeps a summary (offsets, byte range, newest timestamp) and is read
// back from its segment's batch headers when a lookup needs it. The resident part is thus a fixed
// number of entries per partition plus one summary per CHUNK_ENTRIES batches — not one object per
// batch for as long as retention keeps it (7 days on the event topics; ~130 bytes per batch).
import { HEADER_SIZE, LOG_OVERHEAD, readBatchHeader } from '../records/layout.js';

export interface IndexEntry {
  baseOffset: number;
  /** baseOffset + lastOffsetDelta. */
  lastOffset: number;
  /** Byte position inside its segment. */
  position: number;
  size: number;
  maxTimestamp: number;
  /** Base offset of the segment file holding the batch. */
  segment: number;
}

/** Reads `length` bytes at `position` of the segment whose base offset is `segment`. */
export type SegmentReader = (segment: number, position: number, length: number) => Buffer;

/** Batches per chunk: a chunk read back costs one pass over its batch headers. */
export const CHUNK_ENTRIES = 512;
/** Chunks other than the newest kept in memory after a lookup read them (a lagging consumer's). */
export const CACHED_CHUNKS = 2;
/** Bytes read at once when a chunk's headers are read back (a larger batch is skipped over). */
const SCAN_WINDOW = 256 * 1024;

interface Chunk {
  readonly segment: number;
  /** Ordinal of the chunk's first entry in the whole index. */
  first: number;
  count: number;
  lastOffset: number;
  /** Byte range of the chunk's batches in its segment (batches are contiguous). */
  position: number;
  end: number;
  maxTimestamp: number;
  /** null = not resident: read back from the segment on use. */
  entries: IndexEntry[] | null;
}

export interface IndexLimits {
  chunkEntries?: number;
  cachedChunks?: number;
}

export class BatchIndex {
  private chunks: Chunk[] = [];
  /** Resident chunks other than the newest, least recently used first. */
  private cached: Chunk[] = [];
  private total = 0;
  private readonly chunkEntries: number;
  private readonly cachedChunks: number;
  /** Chunks read back from their segment since open (tests and the README's figures). */
  reloads = 0;

  constructor(private readonly read: SegmentReader, limits: IndexLimits = {}) {
    this.chunkEntries = limits.chunkEntries ?? CHUNK_ENTRIES;
    this.cachedChunks = limits.cachedChunks ?? CACHED_CHUNKS;
  }

  get length(): number {
    return this.total;
  }

  /** Entries held in memory now: at most (1 + CACHED_CHUNKS) × CHUNK_ENTRIES, whatever the log's length. */
  get residentEntries(): number {
    let n = 0;
    for (const c of this.chunks) if (c.entries) n += c.entries.length;
    return n;
  }

  /** Chunk summaries held (one per CHUNK_ENTRIES batches, or fewer when segments roll). */
  get chunkCount(): number {
    return this.chunks.length;
  }

  append(entry: IndexEntry): void {
    let tail = this.chunks[this.chunks.length - 1];
    if (!tail || tail.segment !== entry.segment || tail.count >= this.chunkEntries) {
      if (tail) this.remember(tail);
      tail = {
        segment: entry.segment, first: this.total, count: 0, lastOffset: entry.lastOffset,
        position: entry.position, end: entry.position, maxTimestamp: entry.maxTimestamp, entries: [],
      };
      this.chunks.push(tail);
    }
    this.resident(tail).push(entry);
    tail.count += 1;
    tail.lastOffset = entry.lastOffset;
    tail.end = entry.position + entry.size;
    tail.maxTimestamp = Math.max(tail.maxTimestamp, entry.maxTimestamp);
    this.total += 1;
  }

  at(i: number): IndexEntry {
    const c = this.chunks[this.chunkAt(i)];
    if (!c || i < 0 || i >= this.total) throw new RangeError(`index entry ${i} outside [0, ${this.total})`);
    return this.resident(c)[i - c.first]!;
  }

  last(): IndexEntry | undefined {
    return this.total === 0 ? undefined : this.at(this.total - 1);
  }

  /** Ordinal of the first entry with lastOffset >= offset, or length. */
  firstEndingAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.chunks[mid]!.lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    const c = this.chunks[lo];
    if (!c) return this.total;
    const entries = this.resident(c);
    let a = 0;
    let b = entries.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (entries[mid]!.lastOffset < offset) a = mid + 1;
      else b = mid;
    }
    return c.first + a;
  }

  /** Ordinal of the first entry at or after `from` whose maxTimestamp >= ts, or length; skips whole older chunks unread. */
  firstReaching(ts: number, from: number): number {
    for (let k = from >= this.total ? this.chunks.length : this.chunkAt(from); k < this.chunks.length; k++) {
      const c = this.chunks[k]!;
      if (c.maxTimestamp < ts) continue;
      const entries = this.resident(c);
      for (let j = Math.max(0, from - c.first); j < entries.length; j++) if (entries[j]!.maxTimestamp >= ts) return c.first + j;
    }
    return this.total;
  }

  /** Bytes of the entries from ordinal `i` to the end. */
  bytesFrom(i: number): number {
    if (i >= this.total) return 0;
    const k = this.chunkAt(Math.max(0, i));
    const c = this.chunks[k]!;
    const start = i <= c.first ? c.position : this.resident(c)[i - c.first]!.position;
    let bytes = c.end - start;
    for (let j = k + 1; j < this.chunks.length; j++) bytes += this.chunks[j]!.end - this.chunks[j]!.position;
    return bytes;
  }

  /** Entries [from, to) as an array (compaction's input). */
  slice(from: number, to: number): IndexEntry[] {
    const out: IndexEntry[] = [];
    for (let i = from; i < Math.min(to, this.total); i++) out.push(this.at(i));
    return out;
  }

  /** Number of batches held in one segment. */
  countIn(segment: number): number {
    let n = 0;
    for (const c of this.chunks) if (c.segment === segment) n += c.count;
    return n;
  }

  /** Last offset of a segment's last batch, or -1 when it holds none. */
  lastOffsetIn(segment: number): number {
    let last = -1;
    for (const c of this.chunks) if (c.segment === segment) last = c.lastOffset;
    return last;
  }

  /** All entries of one segment, read back where needed (compaction rewrites a segment whole). */
  entriesIn(segment: number): IndexEntry[] {
    return this.chunks.filter((c) => c.segment === segment).flatMap((c) => c.entries ?? this.scan(c));
  }

  /** Forgets the segments' batches (the files were removed). */
  dropSegments(segments: ReadonlySet<number>): void {
    if (segments.size === 0) return;
    this.rebuild(this.chunks.filter((c) => !segments.has(c.segment)));
  }

  /** Replaces a segment's batches (its file was rewritten by compaction); entries in offset order. */
  replaceSegment(segment: number, entries: readonly IndexEntry[]): void {
    const at = this.chunks.findIndex((c) => c.segment === segment);
    if (at < 0) return; // a segment without batches has nothing to rewrite
    let end = at;
    while (end < this.chunks.length && this.chunks[end]!.segment === segment) end += 1;
    const rebuilt: Chunk[] = [];
    for (let i = 0; i < entries.length; i += this.chunkEntries) {
      const part = entries.slice(i, i + this.chunkEntries);
      const head = part[0]!;
      const tail = part[part.length - 1]!;
      rebuilt.push({
        segment, first: 0, count: part.length, lastOffset: tail.lastOffset, position: head.position, end: tail.position + tail.size,
        maxTimestamp: part.reduce((m, e) => Math.max(m, e.maxTimestamp), -Infinity), entries: [...part],
      });
    }
    this.rebuild([...this.chunks.slice(0, at), ...rebuilt, ...this.chunks.slice(end)]);
  }

  /** Renumbers after a structural change; only the newest chunk stays resident. */
  private rebuild(chunks: Chunk[]): void {
    this.chunks = chunks;
    this.cached = [];
    this.total = 0;
    chunks.forEach((c, k) => {
      c.first = this.total;
      this.total += c.count;
      if (k < chunks.length - 1) c.entries = null;
    });
  }

  /** Index of the chunk holding ordinal i (the last chunk starting at or before it). */
  private chunkAt(i: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.chunks[mid]!.first <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The chunk's entries, read back and cached when not resident. */
  private resident(c: Chunk): IndexEntry[] {
    if (c.entries) {
      const at = this.cached.indexOf(c);
      if (at >= 0 && at < this.cached.length - 1) this.cached.push(...this.cached.splice(at, 1));
      return c.entries;
    }
    c.entries = this.scan(c);
    this.reloads += 1;
    this.remember(c);
    return c.entries;
  }

  /** Keeps a chunk that is no longer the newest among the cached ones, evicting the least recent. */
  private remember(c: Chunk): void {
    if (!this.cached.includes(c)) this.cached.push(c);
    while (this.cached.length > this.cachedChunks) this.cached.shift()!.entries = null;
  }

  /** Reads a chunk's batch headers back from its segment. */
  private scan(c: Chunk): IndexEntry[] {
    const out: IndexEntry[] = [];
    let pos = c.position;
    while (pos < c.end && out.length < c.count) {
      const window = this.read(c.segment, pos, Math.min(c.end - pos, SCAN_WINDOW));
      let at = 0;
      while (at + HEADER_SIZE <= window.length && out.length < c.count) {
        const h = readBatchHeader(window, at);
        const size = window.readInt32BE(at + 8) + LOG_OVERHEAD;
        out.push({ baseOffset: h.baseOffset, lastOffset: h.baseOffset + h.lastOffsetDelta, position: pos + at, size, maxTimestamp: h.maxTimestamp, segment: c.segment });
        at += size;
      }
      if (at === 0) throw new Error(`index chunk of segment ${c.segment} at ${pos}: no batch header could be read`);
      pos += at;
    }
    if (out.length !== c.count) throw new Error(`index chunk of segment ${c.segment}: read ${out.length} batches back, expected ${c.count}`);
    return out;
  }
}

/**
 * Entries to serve for a fetch: the batch containing (or first after) `offset`, whole, then
 * following whole batches while they fit in maxBytes. The first is included even when larger
 * than maxBytes (KIP-74), because a client cannot make progress on a truncated first batch.
 */
export function selectForFetch(index: BatchIndex, offset: number, maxBytes: number): IndexEntry[] {
  const out: IndexEntry[] = [];
  let total = 0;
  for (let i = index.firstEndingAtOrAfter(offset); i < index.length; i++) {
    const e = index.at(i);
    if (out.length > 0 && total + e.size > maxBytes) break;
    out.push(e);
    total += e.size;
  }
  return out;
}
