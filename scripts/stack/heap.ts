// Every Node app in the local stack runs with the V8 heap of its production container
// (docs/architecture.md, "Memory and log volume"), not with Node's default, which Node derives
// from the machine's memory (about 4 GB of old space on a large machine). The default is not
// only too large for a container: V8 lets the old space grow to up to four times the live heap
// between full collections when its limit is that large, and to about 1.3 times when the limit
// is a few hundred MB (the recommender's RSS in a 30-minute soak: +21.6 % after warm-up with the
// default, +5 % with 384 MB). The young generation is capped
// (--max-semi-space-size) for the apps that allocate slowly, where V8 would otherwise grow it to
// 16 MB semi-spaces over many minutes; busy apps keep the default, which saves scavenges.
// A limit is a ceiling, not a reservation: an app whose live heap outgrows it fails with V8's
// out-of-memory error instead of taking the machine's memory.

export interface NodeHeap {
  /** --max-old-space-size in MB: about half the container's memory. */
  readonly oldSpaceMb: number;
  /** --max-semi-space-size in MB, when capped. */
  readonly semiSpaceMb?: number;
  /**
   * --min-semi-space-size in MB: the young generation starts at this size instead of growing to
   * it over minutes. For an idle app a larger young generation means fewer scavenges, so fewer
   * short-lived objects (a long poll's request, a scrape's answer) live through two of them and
   * get promoted: a synthetic idle allocator promoted 0.33 MB in 90 s with 2 MB semi-spaces that
   * V8 never grew past 1 MB, and 0.16 MB with 4 MB pinned.
   */
  readonly minSemiSpaceMb?: number;
  /**
   * MALLOC_ARENA_MAX, when capped: glibc gives every thread that allocates (libuv's pool running
   * zlib, a native library's threads) an arena of its own, up to 8 per core, and each keeps its
   * freed memory fragmented.
   */
  readonly mallocArenas?: number;
}

/** By the name the supervisor runs the app under. */
export const NODE_HEAP: Readonly<Record<string, NodeHeap>> = {
  // 768 MB containers: the ranking and content apps (onnxruntime; the live catalogue).
  recommender: { oldSpaceMb: 384 },
  aggregator: { oldSpaceMb: 384 },
  // The scheduled trainer holds only its producer and ops server: each run is a child process
  // whose heap TRAIN_HEAP_MB caps (TRAINER_RUN_HEAP_MB below, apps/trainer/README.md).
  trainer: { oldSpaceMb: 96 },
  // 384 MB containers: the request path and the stream processors.
  // The stack's 20 beacons/s fill 16 MB semi-spaces only after ~10 minutes (the soak saw RSS
  // +25 % after warm-up from that alone); 4 MB is reached within the first minutes.
  beacon: { oldSpaceMb: 192, semiSpaceMb: 4 },
  'beacon-enricher': { oldSpaceMb: 192 },
  'clicks-tracker': { oldSpaceMb: 192 },
  'clicks-enricher': { oldSpaceMb: 192 },
  delivery: { oldSpaceMb: 192 },
  archiver: { oldSpaceMb: 192 },
  // Slow allocators: a users table and its change stream, a load every 30 s, a demo feed server.
  // The first two are idle most of the time: what they promote between full collections is
  // their RSS growth (root BENCHMARKS.md, "Steady state"), so their young generation is pinned.
  // Not --optimize-for-size: it hands freed pages back after a full collection but holds the
  // young generation at 1 MB semi-spaces whatever the semi-space flags say, and it did not make
  // full collections more frequent (a synthetic promoting ~5 MB a minute collected at +8-9 MB
  // with and without it).
  'users-table': { oldSpaceMb: 192, semiSpaceMb: 4, minSemiSpaceMb: 4 },
  'users-cdc': { oldSpaceMb: 192, semiSpaceMb: 4, minSemiSpaceMb: 4 },
  // 256 MB container with WAREHOUSE_DUCKDB_MEMORY_MB=64 (apps/warehouse/README.md): it gunzips
  // archive objects on libuv's threads every round. Replaying a soak's archive, two arenas kept
  // its RSS between rounds ~15 MB lower; with DuckDB open only during rounds as well, its peaks
  // were 84 MB instead of up to 149 (apps/warehouse/README.md).
  warehouse: { oldSpaceMb: 64, semiSpaceMb: 1, mallocArenas: 2 },
  'demo-feeds': { oldSpaceMb: 64, semiSpaceMb: 1 },
};

/** TRAIN_HEAP_MB of the stack's trainer: the old space of each training run's child process. */
export const TRAINER_RUN_HEAP_MB = 384;

/** The environment a heap sizing adds (glibc's arena cap). */
export function nodeHeapEnv(heap: NodeHeap): Record<string, string> {
  return heap.mallocArenas !== undefined ? { MALLOC_ARENA_MAX: String(heap.mallocArenas) } : {};
}

/** Node's command-line flags for a heap sizing. */
export function nodeHeapFlags(heap: NodeHeap): string[] {
  return [
    `--max-old-space-size=${heap.oldSpaceMb}`,
    ...(heap.semiSpaceMb !== undefined ? [`--max-semi-space-size=${heap.semiSpaceMb}`] : []),
    ...(heap.minSemiSpaceMb !== undefined ? [`--min-semi-space-size=${heap.minSemiSpaceMb}`] : []),
  ];
}
