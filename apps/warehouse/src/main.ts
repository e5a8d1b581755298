// Warehouse process: wiring only. Loads the archive into BigQuery (load jobs) when
// BIGQUERY_DATASET is set, else into the local DuckDB file, every WAREHOUSE_LOAD_INTERVAL.
// Needs no Kafka consumer: the archive is its input (see README).
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { localArchiveRoot, storeFromConfig } from '@tessera/archive/store-config';
import { loadConfigOrExit } from '@tessera/platform/config';
import { createHealth } from '@tessera/platform/health';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { startOpsServer } from '@tessera/platform/ops-server';
import { createShutdown } from '@tessera/platform/shutdown';
import { createBigQueryJobs } from './bigquery/jobs.js';
import { loadRound } from './bigquery/loader.js';
import { ensureBigQueryTables } from './bigquery/tables.js';
import { configProblems, WarehouseEnv } from './config.js';
import { startLoadLoop } from './load-loop.js';
import { openLocalWarehouse } from './local/duckdb.js';
import { loadLocalArchive } from './local/loader.js';
import { warehouseMetrics } from './metrics.js';

const config = loadConfigOrExit(WarehouseEnv);
const problems = configProblems(config);
if (problems.length > 0) {
  process.stderr.write(`Invalid configuration:\n  ${problems.join('\n  ')}\n`);
  process.exit(78);
}
const logger = createLogger({ name: 'warehouse', level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger, deadlineMs: 30_000 });
shutdown.installSignalHandlers();
const registry = createMetricsRegistry({ app: 'warehouse' });
const metrics = warehouseMetrics(registry);

// configProblems guarantees GCS_BUCKET in BigQuery mode and its absence in local mode, so the
// archive's store is the bucket there and the local directory here.
const store = storeFromConfig(config);
let round: () => Promise<void>;
if (config.BIGQUERY_DATASET && config.GCP_PROJECT && config.GCS_BUCKET) {
  const jobs = createBigQueryJobs({
    projectId: config.GCP_PROJECT,
    ...(config.BIGQUERY_LOCATION ? { location: config.BIGQUERY_LOCATION } : {}),
    ...(config.BIGQUERY_API_ENDPOINT ? { apiEndpoint: config.BIGQUERY_API_ENDPOINT } : {}),
  });
  const destination = { projectId: config.GCP_PROJECT, datasetId: config.BIGQUERY_DATASET, bucket: config.GCS_BUCKET, prefix: config.ARCHIVE_PREFIX };
  let provisioned = false;
  round = async () => {
    if (!provisioned) {
      const tables = await ensureBigQueryTables({
        projectId: destination.projectId, datasetId: destination.datasetId,
        ...(config.BIGQUERY_LOCATION ? { location: config.BIGQUERY_LOCATION } : {}),
        ...(config.BIGQUERY_API_ENDPOINT ? { apiEndpoint: config.BIGQUERY_API_ENDPOINT } : {}),
      });
      if (!tables.ok) throw tables.error;
      provisioned = true;
      logger.info(tables.value, 'bigquery tables ready');
    }
    const result = await loadRound({ jobs, list: store.list, destination });
    if (!result.ok) throw result.error;
    logger.info({ submitted: result.value.submitted, failed: result.value.failed }, 'bigquery load round');
  };
} else {
  const archiveDir = localArchiveRoot(config);
  const duckdbPath = resolve(config.WAREHOUSE_DUCKDB);
  await mkdir(dirname(duckdbPath), { recursive: true });
  const warehouse = await openLocalWarehouse(duckdbPath, { memoryLimitMb: config.WAREHOUSE_DUCKDB_MEMORY_MB, threads: config.WAREHOUSE_DUCKDB_THREADS });
  shutdown.register('duckdb', () => warehouse.close(), 'clients');
  round = async () => {
    const reports = await loadLocalArchive({
      sql: warehouse.sql, list: store.list, root: archiveDir, prefix: config.ARCHIVE_PREFIX,
      // Once per line: the object is then recorded as loaded and later rounds skip it.
      onQuarantine: ({ objectKey, table, lineNumber, partition, offset, reason }) => {
        metrics.quarantinedLines.inc({ table });
        logger.warn({ objectKey, table, lineNumber, partition, offset, reason }, 'archive line quarantined');
      },
    });
    logger.info({ reports: reports.map((r) => ({ table: r.table, loaded: r.loaded.length, reloaded: r.reloaded.length, rows: r.rows, quarantined: r.quarantined })) }, 'duckdb load round');
  };
}

const loop = startLoadLoop({ round, intervalMs: config.WAREHOUSE_LOAD_INTERVAL, onError: (err) => logger.error({ err }, 'load round failed') });
shutdown.register('load loop', () => loop.stop(), 'draining');
let ops: Awaited<ReturnType<typeof startOpsServer>> | undefined;
if (config.OPS_PORT !== undefined) {
  ops = await startOpsServer({ port: config.OPS_PORT, registry, health: createHealth({ isShuttingDown: shutdown.isShuttingDown }) });
  shutdown.register('ops server', () => ops!.close(), 'accepting');
}
logger.info({ mode: config.BIGQUERY_DATASET ? 'bigquery' : 'duckdb', ...(ops ? { ops: ops.url } : {}) }, 'warehouse started');
