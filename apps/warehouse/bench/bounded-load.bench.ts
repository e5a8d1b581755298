// `npm run bench -w @tessera/warehouse`: the warehouse process (src/main.ts, local DuckDB mode)
// loads an archive of 1,000,000 enriched interactions (20 objects of 50,000 lines, one per
// partition and hour, written the way the archiver names them) in one round, and the bench reads
// its peak resident memory (VmHWM) from /proc while it runs. Two configurations in the same run:
//   bounded   — a 256 MB container, the sizing the README gives: WAREHOUSE_DUCKDB_MEMORY_MB=64,
//               1 thread, Node's old space capped at 64 MB and its young generation's semi-spaces
//               at 1 MB (by default they grow to 16 MB each: ~40 MB of RSS at rest);
//   baseline  — DuckDB as it ran before the limits: memory_limit 80 % of RAM, a thread per core.
// The bench fails when a row is missing; it says NOT MET when the bounded run's peak RSS reaches
// 256 MB. BENCH_EVENTS overrides the event count (default 1,000,000); BENCH_ONLY=bounded skips
// the baseline; BENCH_DUCKDB_MB, BENCH_NODE_OPTIONS and BENCH_MALLOC_ARENAS change the bounded sizing.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleEnrichedInteraction } from '@tessera/contracts/examples';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { archiveEvents } from '@tessera/archive/testing';
import { openLocalWarehouse } from '../src/local/duckdb.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
/** BENCH_ONLY=bounded skips the baseline run. */
const ONLY_BOUNDED = process.env.BENCH_ONLY === 'bounded';
const PER_OBJECT = 50_000;
const LIMIT_BYTES = 256 * 1024 * 1024;
/** The README's sizing for a 256 MB container. */
const BOUNDED: Record<string, string> = {
  WAREHOUSE_DUCKDB_MEMORY_MB: process.env.BENCH_DUCKDB_MB ?? '64', WAREHOUSE_DUCKDB_THREADS: '1',
  NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=64 --max-semi-space-size=1',
  MALLOC_ARENA_MAX: process.env.BENCH_MALLOC_ARENAS ?? '2',
};
const TOPIC = 'interactions.enriched.v1';
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  readonly name: string;
  readonly peakRssBytes: number;
  readonly seconds: number;
  readonly rows: number;
}

const dir = await mkdtemp(join(tmpdir(), 'wh-bench-'));
try {
  const archiveDir = join(dir, 'archive');
  const started = Date.now();
  await writeArchive(archiveDir);
  process.stdout.write(`archive of ${EVENTS} events written in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const bounded = await loadOnce('bounded', archiveDir, BOUNDED);
  const baseline = ONLY_BOUNDED ? undefined : await loadOnce('baseline', archiveDir, {
    WAREHOUSE_DUCKDB_MEMORY_MB: String(Math.floor((totalmem() * 0.8) / 1_048_576)), WAREHOUSE_DUCKDB_THREADS: String(cpus().length),
  });
  const mb = (b: number) => (b / 1_048_576).toFixed(0);
  process.stdout.write(`\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${mb(totalmem())} MB RAM, Node ${process.version}; shared with other work, so times are noisy\n\n`);
  process.stdout.write('| configuration | rows loaded | peak RSS (MB) | start + load round (s) |\n|---|---:|---:|---:|\n');
  const runs = baseline ? [bounded, baseline] : [bounded];
  for (const run of runs) process.stdout.write(`| ${run.name} | ${run.rows} | ${mb(run.peakRssBytes)} | ${run.seconds.toFixed(1)} |\n`);
  if (baseline) process.stdout.write(`\nbounded / baseline: peak RSS ${(bounded.peakRssBytes / baseline.peakRssBytes).toFixed(2)}x, time ${(bounded.seconds / baseline.seconds).toFixed(2)}x\n`);
  if (bounded.peakRssBytes >= LIMIT_BYTES) process.stdout.write(`NOT MET: the bounded warehouse reached ${mb(bounded.peakRssBytes)} MB (container limit ${mb(LIMIT_BYTES)} MB)\n`);
  const missing = runs.filter((r) => r.rows !== EVENTS).map((r) => `${r.name} loaded ${r.rows} rows, not ${EVENTS}`);
  if (missing.length > 0) {
    process.stderr.write(`bench: FAILED: ${missing.join('; ')}\n`);
    process.exitCode = 1;
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** One partition and one hour per object: partition i holds events i*50,000 … of hour i. */
async function writeArchive(archiveDir: string): Promise<void> {
  const store = createLocalStore(archiveDir);
  const base = Date.UTC(2026, 10, 1, 0, 0, 0);
  for (let object = 0; object * PER_OBJECT < EVENTS; object += 1) {
    const count = Math.min(PER_OBJECT, EVENTS - object * PER_OBJECT);
    const values = Array.from({ length: count }, (_, i) => exampleEnrichedInteraction({
      eventId: `00000000-0000-7000-8000-${String(object * PER_OBJECT + i).padStart(12, '0')}`,
      userId: `u-${(object * PER_OBJECT + i) % 50_000}`,
      contentId: `c-${((object * 7 + i) % 4_096).toString(16).padStart(32, '0')}`,
      occurredAt: base + object * 3_600_000 + Math.floor((i * 3_599_000) / count),
      position: i % 10,
    }) as unknown as Record<string, unknown>);
    await archiveEvents(store, { topic: TOPIC, values, partitionOf: () => object, key: (v) => String(v.userId), perObject: PER_OBJECT });
  }
}

/** Starts the warehouse process on the archive, waits for its first load round, reads VmHWM, stops it. */
async function loadOnce(name: string, archiveDir: string, env: Record<string, string>): Promise<Run> {
  const duckdb = join(dir, `${name}.duckdb`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env: { ...process.env, ARCHIVE_DIR: archiveDir, WAREHOUSE_DUCKDB: duckdb, WAREHOUSE_LOAD_INTERVAL: '3600000', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const started = Date.now();
  let roundAt = 0;
  let peak = 0;
  while (!output.includes('"msg":"duckdb load round"') && !output.includes('"msg":"load round failed"')) {
    if (child.exitCode !== null) throw new Error(`${name}: the warehouse exited with ${child.exitCode}:\n${output.slice(-2_000)}`);
    peak = Math.max(peak, await peakRss(child.pid!));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  roundAt = Date.now();
  peak = Math.max(peak, await peakRss(child.pid!));
  if (output.includes('"msg":"load round failed"')) process.stderr.write(`${name}: ${output.slice(-2_000)}\n`);
  child.kill('SIGTERM');
  await exited;
  const warehouse = await openLocalWarehouse(duckdb);
  const [row] = await warehouse.sql.all('SELECT count(*) AS n FROM interactions');
  warehouse.close();
  return { name, peakRssBytes: peak, seconds: (roundAt - started) / 1000, rows: Number(row?.n ?? 0) };
}

/** VmHWM: the highest resident set size the process has had. */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0) * 1024;
}
