// What an app's RSS is made of, read from its /metrics (prom-client's default process metrics):
// V8's used heap and the memory V8 knows of outside it (Buffers, ArrayBuffers). RSS minus both is
// native memory (allocator arenas, a native library's own heap: onnxruntime, DuckDB), code and
// the heap's free pages. So a growing RSS reads as a JavaScript leak when heapUsed grows with it,
// and as native memory when neither does. Pure apart from the scrape.
import { median } from './growth.js';

export interface HeapSample {
  /** Seconds since the load started. */
  readonly t: number;
  readonly heapUsedBytes: number;
  /** The heap V8 has reserved (used + garbage not yet collected + free): what the heap adds to RSS. */
  readonly heapTotalBytes: number;
  /** The young generation's share of heapTotal (semi-spaces grow up to 16 MB each under load). */
  readonly newSpaceBytes: number;
  readonly externalBytes: number;
}

/** Undefined when the app does not answer or exposes no process metrics. */
export async function heapOf(metricsUrl: string): Promise<Omit<HeapSample, 't'> | undefined> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return undefined;
    const text = await response.text();
    const heapUsedBytes = gauge(text, 'nodejs_heap_size_used_bytes');
    const heapTotalBytes = gauge(text, 'nodejs_heap_size_total_bytes');
    const newSpaceBytes = gauge(text, 'nodejs_heap_space_size_total_bytes', 'space="new"') ?? 0;
    const externalBytes = gauge(text, 'nodejs_external_memory_bytes');
    return heapUsedBytes === undefined || heapTotalBytes === undefined || externalBytes === undefined ? undefined : { heapUsedBytes, heapTotalBytes, newSpaceBytes, externalBytes };
  } catch {
    return undefined;
  }
}

/** Medians of the first and last fifths of the samples after warm-up (as growth.ts does for RSS). */
export function heapGrowthOf(samples: readonly HeapSample[], warmupSec: number):
  { heapAfterWarmup: number; heapAtEnd: number; totalAfterWarmup: number; totalAtEnd: number; newAfterWarmup: number; newAtEnd: number; externalAfterWarmup: number; externalAtEnd: number } | undefined {
  const judged = samples.filter((s) => s.t >= warmupSec);
  if (judged.length < 5) return undefined;
  const fifth = Math.max(1, Math.floor(judged.length / 5));
  const first = judged.slice(0, fifth);
  const last = judged.slice(-fifth);
  return {
    heapAfterWarmup: median(first.map((s) => s.heapUsedBytes)),
    heapAtEnd: median(last.map((s) => s.heapUsedBytes)),
    totalAfterWarmup: median(first.map((s) => s.heapTotalBytes)),
    totalAtEnd: median(last.map((s) => s.heapTotalBytes)),
    newAfterWarmup: median(first.map((s) => s.newSpaceBytes)),
    newAtEnd: median(last.map((s) => s.newSpaceBytes)),
    externalAfterWarmup: median(first.map((s) => s.externalBytes)),
    externalAtEnd: median(last.map((s) => s.externalBytes)),
  };
}

function gauge(text: string, name: string, label?: string): number | undefined {
  const line = text.split('\n').find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && (label === undefined || l.includes(label)));
  const value = Number(line?.slice(line.lastIndexOf(' ') + 1));
  return line !== undefined && Number.isFinite(value) ? value : undefined;
}
