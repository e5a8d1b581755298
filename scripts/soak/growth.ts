// Judges whether a process's memory keeps growing: the Theil–Sen slope (the median of the slopes
// between every pair of samples) over the samples after warm-up. One sample never decides: a GC
// pause, a burst of allocation or a freed arena moves single samples, not the median slope.
// Pure: samples in, verdict out.

export interface Sample {
  /** Seconds since the load started. */
  readonly t: number;
  readonly rssBytes: number;
  readonly cpuSeconds: number;
}

export interface Growth {
  /** Median RSS over the first fifth of the judged window (just after warm-up). */
  readonly rssAfterWarmup: number;
  /** Median RSS over its last fifth. */
  readonly rssAtEnd: number;
  /** Theil–Sen slope, bytes per minute. */
  readonly slopePerMin: number;
  /** The slope over the judged window as a share of rssAfterWarmup (0.05 = 5 %). */
  readonly fittedGrowth: number;
  /** CPU seconds used over the whole run. */
  readonly cpuSeconds: number;
  readonly samples: number;
}

export function growthOf(samples: readonly Sample[], warmupSec: number): Growth | undefined {
  const judged = samples.filter((s) => s.t >= warmupSec);
  if (judged.length < 5) return undefined;
  const fifth = Math.max(1, Math.floor(judged.length / 5));
  const rssAfterWarmup = median(judged.slice(0, fifth).map((s) => s.rssBytes));
  const rssAtEnd = median(judged.slice(-fifth).map((s) => s.rssBytes));
  const slopePerSec = theilSen(judged.map((s) => [s.t, s.rssBytes] as const));
  const span = (judged.at(-1)!.t - judged[0]!.t);
  const first = samples[0]!;
  const last = samples.at(-1)!;
  return {
    rssAfterWarmup, rssAtEnd,
    slopePerMin: slopePerSec * 60,
    fittedGrowth: (slopePerSec * span) / rssAfterWarmup,
    cpuSeconds: last.cpuSeconds - first.cpuSeconds,
    samples: judged.length,
  };
}

/** Median of pairwise slopes; for n > 400 points a deterministic stride keeps it O(400²). */
export function theilSen(points: readonly (readonly [number, number])[]): number {
  const stride = Math.max(1, Math.ceil(points.length / 400));
  const used = points.filter((_, i) => i % stride === 0);
  const slopes: number[] = [];
  for (let i = 0; i < used.length; i += 1) {
    for (let j = i + 1; j < used.length; j += 1) {
      const [x1, y1] = used[i]!;
      const [x2, y2] = used[j]!;
      if (x2 !== x1) slopes.push((y2 - y1) / (x2 - x1));
    }
  }
  return slopes.length > 0 ? median(slopes) : 0;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
