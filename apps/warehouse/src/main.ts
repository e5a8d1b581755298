// Warehouse process: wiring only. Loads the archive into BigQuery (load jobs) when
// BIGQUERY_DATASET is set, else into the local DuckDB file, every WAREHOUSE_LOAD_INTERVAL; what a
// round does lives in rounds.ts. Needs no Kafka consumer: the archive is its input (see README).
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { localArchiveRoot, storeFromConfig } from '@tessera/archive/store-config';
import { loadConfigOrExit } from '@tessera/platform/config';
import { redactConfig } from '@tessera/platform/config/describe';
import { createHealth } from '@tessera/platform/health';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { startOpsServer } from '@tessera/platform/ops-server';
import { createShutdown } from '@tessera/platform/shutdown';
import { createBigQueryJobs } from './bigquery/jobs.js';
import { ensureBigQueryTables } from './bigquery/tables.js';
import { configProblems, WarehouseEnv } from './config.js';
import { startLoadLoop } from './load-loop.js';
import { openLocalWarehouse } from './local/duckdb.js';
import { warehouseMetrics } from './metrics.js';
import { bigQueryRound, localRound, newRoundStatus, roundReadiness, tracked } from './rounds.js';
import type { Round } from './rounds.js';

const config = loadConfigOrExit(WarehouseEnv);
const problems = configProblems(config);
if (problems.length > 0) {
  process.stderr.write(`Invalid configuration:\n  ${problems.join('\n  ')}\n`);
  process.exit(78);
}
const logger = createLogger({ name: 'warehouse', level: config.LOG_LEVEL });
logger.info({ config: redactConfig(WarehouseEnv, config) }, 'starting');
const shutdown = createShutdown({ logger, deadlineMs: 30_000 });
shutdown.installSignalHandlers();
const registry = createMetricsRegistry({ app: 'warehouse' });
const metrics = warehouseMetrics(registry);
const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });

// configProblems guarantees GCS_BUCKET in BigQuery mode and its absence in local mode, so the
// archive's store is the bucket there and the local directory here.
const store = storeFromConfig(config);
let round: Round;
if (config.BIGQUERY_DATASET && config.GCP_PROJECT && config.GCS_BUCKET) {
  const datasetId = config.BIGQUERY_DATASET;
  const bigQuery = {
    projectId: config.GCP_PROJECT,
    ...(config.BIGQUERY_LOCATION ? { location: config.BIGQUERY_LOCATION } : {}),
    ...(config.BIGQUERY_API_ENDPOINT ? { apiEndpoint: config.BIGQUERY_API_ENDPOINT } : {}),
  };
  round = bigQueryRound({
    jobs: createBigQueryJobs(bigQuery),
    list: store.list,
    destination: { projectId: config.GCP_PROJECT, datasetId, bucket: config.GCS_BUCKET, prefix: config.ARCHIVE_PREFIX },
    ensureTables: () => ensureBigQueryTables({ ...bigQuery, datasetId }),
    logger,
  });
} else {
  const duckdbPath = resolve(config.WAREHOUSE_DUCKDB);
  await mkdir(dirname(duckdbPath), { recursive: true });
  const warehouse = await openLocalWarehouse(duckdbPath);
  shutdown.register('duckdb', () => warehouse.close(), 'clients');
  round = localRound({ sql: warehouse.sql, list: store.list, root: localArchiveRoot(config), prefix: config.ARCHIVE_PREFIX, metrics, logger });
}

const status = newRoundStatus();
health.register('load rounds', roundReadiness(status));
const loop = startLoadLoop({ round: tracked(round, status, metrics), intervalMs: config.WAREHOUSE_LOAD_INTERVAL, onError: (err) => logger.error({ err }, 'load round failed') });
shutdown.register('load loop', () => loop.stop(), 'draining');
const ops = await startOpsServer({ port: config.OPS_PORT, registry, health });
shutdown.register('ops server', () => ops.close(), 'accepting');
logger.info({ mode: config.BIGQUERY_DATASET ? 'bigquery' : 'duckdb', ops: ops.url }, 'warehouse started');
