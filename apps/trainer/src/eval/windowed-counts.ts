// Per-item interaction counts in a sliding window [t - window, t), for a sequence of query times
// in increasing order: the window's start and end advance over the time-sorted timeline, so all
// queries together cost one pass plus the reads.
import type { LogEvent } from './interaction-log.js';

export class SlidingCounts {
  readonly counts: Float64Array;
  private start = 0;
  private end = 0;
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly timeline: readonly LogEvent[], items: number, private readonly windowMs: number) {
    this.counts = new Float64Array(items);
  }

  /** Moves the window to end at `t` (exclusive); `t` must not decrease between calls. */
  at(t: number): Float64Array {
    if (t < this.last) throw new RangeError('SlidingCounts.at needs non-decreasing times');
    this.last = t;
    const events = this.timeline;
    while (this.end < events.length && events[this.end]!.at < t) {
      const item = events[this.end]!.item;
      this.counts[item] = this.counts[item]! + 1;
      this.end += 1;
    }
    while (this.start < this.end && events[this.start]!.at < t - this.windowMs) {
      const item = events[this.start]!.item;
      this.counts[item] = this.counts[item]! - 1;
      this.start += 1;
    }
    return this.counts;
  }
}

/** The `limit` best items by `score` (ties: higher `tie`, then lower index), skipping `exclude`. */
export function topItems(score: ArrayLike<number>, tie: ArrayLike<number>, limit: number, exclude: (item: number) => boolean, keep: (item: number) => boolean = () => true): number[] {
  const out: number[] = [];
  const better = (a: number, b: number) => score[a]! > score[b]! || (score[a] === score[b] && (tie[a]! > tie[b]! || (tie[a] === tie[b] && a < b)));
  for (let i = 0; i < score.length; i += 1) {
    if (score[i]! <= 0 || exclude(i) || !keep(i)) continue;
    if (out.length === limit && !better(i, out[out.length - 1]!)) continue;
    let at = out.length === limit ? limit - 1 : out.length;
    if (out.length < limit) out.push(i);
    while (at > 0 && better(i, out[at - 1]!)) {
      out[at] = out[at - 1]!;
      at -= 1;
    }
    out[at] = i;
  }
  return out;
}
