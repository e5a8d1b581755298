// Popularity counts in memory, for code that replays events in (roughly) event-time order: the
// trainer over the archive and the offline evaluation over a log. Each item keeps its engagement
// and impression times sorted; a query counts, by binary search, the events of a window (see
// popularity.ts) that happened at or before `now`, so a replay reads exactly what was known then.
import type { CountWindow } from './feature-set.js';
import type { ItemCounts } from './popularity.js';
import { NO_COUNTS, windowRange } from './popularity.js';

interface Times {
  engagements: number[];
  impressions: number[];
}

function insertSorted(list: number[], at: number): void {
  if (list.length === 0 || list[list.length - 1]! <= at) {
    list.push(at);
    return;
  }
  list.splice(upperBound(list, at), 0, at);
}

/** Index of the first element > value. */
function upperBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element >= value. */
function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class EventTimeCounter {
  private readonly items = new Map<string, Times>();

  constructor(private readonly windows: readonly [CountWindow, CountWindow, CountWindow]) {}

  private times(contentId: string): Times {
    let t = this.items.get(contentId);
    if (!t) {
      t = { engagements: [], impressions: [] };
      this.items.set(contentId, t);
    }
    return t;
  }

  engagement(contentId: string, at: number): void {
    insertSorted(this.times(contentId).engagements, at);
  }

  impression(contentId: string, at: number): void {
    insertSorted(this.times(contentId).impressions, at);
  }

  counts(contentId: string, now: number): ItemCounts {
    const t = this.items.get(contentId);
    if (!t) return NO_COUNTS;
    const known = upperBound(t.engagements, now);
    const shown = upperBound(t.impressions, now);
    const [s, m, l] = this.windows;
    const short = windowRange(now, s);
    const mid = windowRange(now, m);
    const long = windowRange(now, l);
    const inWindow = (list: readonly number[], range: { from: number; to: number }, end: number) =>
      Math.max(0, Math.min(end, lowerBound(list, range.to)) - lowerBound(list, range.from));
    return {
      engagements: [inWindow(t.engagements, short, known), inWindow(t.engagements, mid, known), inWindow(t.engagements, long, known)],
      impressionsMid: inWindow(t.impressions, mid, shown),
      impressionsLong: inWindow(t.impressions, long, shown),
      total: known,
      firstAt: known > 0 ? t.engagements[0] : undefined,
      lastAt: known > 0 ? t.engagements[known - 1] : undefined,
    };
  }

  /** Item ids with at least one event. */
  ids(): IterableIterator<string> {
    return this.items.keys();
  }
}
