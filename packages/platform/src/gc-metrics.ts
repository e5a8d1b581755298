// nodejs_gc_duration_seconds{kind}, the series prom-client's default metrics expose, fed by V8's
// GC profiler instead of a perf_hooks 'gc' observer. Node builds a PerformanceEntry (with
// deprecated getters wrapped per entry) for every collection an observer watches, and those
// objects outlive the next scavenge: in the 2026-12-02 soak they were the largest source of
// promoted garbage in the idle apps (users-table: about 45 % of the bytes that reached old space,
// so its RSS climbed between full collections). The profiler records each collection in native
// memory; the records become JS objects only when folded into the histogram, at a scrape or every
// FOLD_MS, and die young there. It also counts every collection, where prom-client's observer
// keeps only the first entry of each batch it is handed.
import { GCProfiler } from 'node:v8';
import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** Folds at least this often without a scrape, so the profiler's native buffer stays small. */
const FOLD_MS = 30_000;

const KINDS: Readonly<Record<string, string>> = {
  Scavenge: 'minor',
  MinorMarkCompact: 'minor',
  MinorMarkSweep: 'minor',
  MarkSweepCompact: 'major',
  IncrementalMarking: 'incremental',
  ProcessWeakCallbacks: 'weakcb',
};

export function registerGcMetrics(registry: Registry): void {
  const profiler = new GCProfiler();
  const fold = () => {
    const { statistics } = profiler.stop();
    profiler.start();
    for (const record of statistics) histogram.observe({ kind: KINDS[record.gcType] ?? 'other' }, record.cost / 1e6); // cost is in microseconds
  };
  const histogram = new Histogram({
    name: 'nodejs_gc_duration_seconds',
    help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    labelNames: ['kind'],
    buckets: [0.001, 0.01, 0.1, 1, 2, 5],
    registers: [registry],
    collect: fold,
  });
  profiler.start();
  setInterval(fold, FOLD_MS).unref();
}
