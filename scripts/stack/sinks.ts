// The sinks in the local stack: the archiver (every topic -> gzip NDJSON objects under
// <TESSERA_DATA_DIR>/archive, the local stand-in for GCS) and the warehouse (that archive ->
// DuckDB at <TESSERA_DATA_DIR>/warehouse.duckdb, plus its erasure role: a users.v1 tombstone
// removes that user from the archive and DuckDB). They stop after the sources and processors, so
// the archiver flushes what they wrote last.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackSettings } from './config.js';
import { line } from './roster.js';
import type { StackPart } from './roster.js';
import type { Supervisor } from './supervisor.js';

const appDir = (name: string) => fileURLToPath(new URL(`../../apps/${name}/`, import.meta.url));

export async function startSinks(stack: StackSettings, brokers: readonly string[], dataDir: string, supervisor: Supervisor): Promise<StackPart> {
  const archiveDir = join(dataDir, 'archive');
  const duckdb = join(dataDir, 'warehouse.duckdb');
  const opsUrl = `http://127.0.0.1:${stack.ARCHIVER_PORT}`;
  const warehouseUrl = `http://127.0.0.1:${stack.WAREHOUSE_PORT}`;
  await Promise.all([
    supervisor.start({
      name: 'archiver', stage: 'sinks', cwd: appDir('archiver'), run: { tsx: 'src/main.ts' },
      env: {
        KAFKA_BROKERS: brokers.join(','), ARCHIVE_DIR: archiveDir, OPS_PORT: String(stack.ARCHIVER_PORT),
        ARCHIVE_IDLE_FLUSH: String(stack.ARCHIVE_IDLE_FLUSH), ARCHIVE_MAX_RECORDS: String(stack.ARCHIVE_MAX_RECORDS),
        PROVISION_TOPICS: 'false', LOG_LEVEL: stack.LOG_LEVEL,
      },
      ready: { url: `${opsUrl}/readyz` },
    }),
    supervisor.start({
      name: 'warehouse', stage: 'sinks', cwd: appDir('warehouse'), run: { tsx: 'src/main.ts' },
      env: {
        KAFKA_BROKERS: brokers.join(','), ARCHIVE_DIR: archiveDir, WAREHOUSE_DUCKDB: duckdb, WAREHOUSE_LOAD_INTERVAL: String(stack.WAREHOUSE_LOAD_INTERVAL),
        OPS_PORT: String(stack.WAREHOUSE_PORT), LOG_LEVEL: stack.LOG_LEVEL,
        // The 256 MB container of apps/warehouse's README (its Node heap: ./heap.ts).
        WAREHOUSE_DUCKDB_MEMORY_MB: '64',
      },
      ready: { url: `${warehouseUrl}/readyz` },
    }),
  ]);
  return {
    roster: [
      { name: 'archiver', status: 'running', note: `every topic -> ${archiveDir}/ (metrics ${opsUrl}/metrics)` },
      { name: 'warehouse', status: 'running', note: `archive -> DuckDB ${duckdb} every ${stack.WAREHOUSE_LOAD_INTERVAL / 1000} s (metrics ${warehouseUrl}/metrics); erasure on users.v1 deletions (log in ${archiveDir}/_erasure-log/)` },
    ],
    lines: [line('archive', `${archiveDir}/   (archiver metrics ${opsUrl}/metrics)`)],
  };
}

