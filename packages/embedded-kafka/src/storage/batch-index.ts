// Owns: the in-memory per-batch index of a partition (rebuilt from segment files on open) and the
// lookups Fetch and ListOffsets need. One entry per stored batch, in offset order.

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

/** Index of the first entry with lastOffset >= offset, or entries.length. */
export function firstEndingAtOrAfter(entries: readonly IndexEntry[], offset: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.lastOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Entries to serve for a fetch: the batch containing (or first after) `offset`, whole, then
 * following whole batches while they fit in maxBytes. The first is included even when larger
 * than maxBytes (KIP-74), because a client cannot make progress on a truncated first batch.
 */
export function selectForFetch(entries: readonly IndexEntry[], offset: number, maxBytes: number): IndexEntry[] {
  const out: IndexEntry[] = [];
  let total = 0;
  for (let i = firstEndingAtOrAfter(entries, offset); i < entries.length; i++) {
    const e = entries[i]!;
    if (out.length > 0 && total + e.size > maxBytes) break;
    out.push(e);
    total += e.size;
  }
  return out;
}
