// Warehouse process: wiring only. Loads the archive into BigQuery (load jobs) when
// BIGQUERY_DATASET is set, else into the local DuckDB file, every WAREHOUSE_LOAD_INTERVAL; what a
// round does lives in rounds.ts. The archive is its input (see README); with KAFKA_BROKERS set it
// also runs the erasure role (users.v1 tombstones -> the user's records out of the archive and the
// warehouse), which takes turns with the load rounds on the warehouse.
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
import { createKafka } from '@tessera/streams/kafka';
import { createProducer } from '@tessera/streams/producer';
import { topicNames } from '@tessera/streams/topic-names';
import { createBigQueryJobs } from './bigquery/jobs.js';
import { LOADER_LABEL } from './bigquery/loader.js';
import { ensureBigQueryTables } from './bigquery/tables.js';
import { configProblems, WarehouseEnv } from './config.js';
import { bigQueryEraser } from './erasure/bigquery-eraser.js';
import { duckdbEraser } from './erasure/duckdb-eraser.js';
import { startErasureRole } from './erasure/role.js';
import type { WarehouseEraser } from './erasure/warehouse-eraser.js';
import { startLoadLoop } from './load-loop.js';
import { warehouseSessions } from './local/duckdb.js';
import { warehouseMetrics } from './metrics.js';
import { bigQueryRound, localRound, newRoundStatus, roundReadiness, tracked } from './rounds.js';
import type { Round } from './rounds.js';
import { oneAtATime } from './one-at-a-time.js';

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
let eraser: WarehouseEraser;
// Load rounds and erasures take the warehouse one at a time; the local DuckDB is open only
// while one of them runs (see warehouseSessions).
let afterEach: (() => Promise<void>) | undefined;
if (config.BIGQUERY_DATASET && config.GCP_PROJECT && config.GCS_BUCKET) {
  const datasetId = config.BIGQUERY_DATASET;
  const bigQuery = {
    projectId: config.GCP_PROJECT,
    ...(config.BIGQUERY_LOCATION ? { location: config.BIGQUERY_LOCATION } : {}),
    ...(config.BIGQUERY_API_ENDPOINT ? { apiEndpoint: config.BIGQUERY_API_ENDPOINT } : {}),
  };
  const jobs = createBigQueryJobs(bigQuery);
  eraser = bigQueryEraser({
    ...bigQuery, datasetId,
    pendingLoads: async () => {
      const listed = await jobs.list(LOADER_LABEL);
      if (!listed.ok) throw listed.error;
      return listed.value.filter((j) => j.state !== 'DONE').length;
    },
  });
  round = bigQueryRound({
    jobs,
    list: store.list,
    destination: { projectId: config.GCP_PROJECT, datasetId, bucket: config.GCS_BUCKET, prefix: config.ARCHIVE_PREFIX },
    ensureTables: () => ensureBigQueryTables({ ...bigQuery, datasetId }),
    logger,
  });
} else {
  const duckdbPath = resolve(config.WAREHOUSE_DUCKDB);
  await mkdir(dirname(duckdbPath), { recursive: true });
  const warehouse = warehouseSessions(duckdbPath, { memoryLimitMb: config.WAREHOUSE_DUCKDB_MEMORY_MB, threads: config.WAREHOUSE_DUCKDB_THREADS });
  afterEach = warehouse.release;
  shutdown.register('duckdb', () => warehouse.release(), 'clients');
  eraser = duckdbEraser(warehouse.sql);
  round = localRound({ sql: warehouse.sql, list: store.list, root: localArchiveRoot(config), prefix: config.ARCHIVE_PREFIX, metrics, logger });
}

const exclusive = oneAtATime(afterEach);
if (config.KAFKA_BROKERS) {
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'warehouse-erasure' }, logger);
  const names = topicNames(config.TOPIC_PREFIX);
  const producer = createProducer({ kafka, names });
  await producer.connect();
  shutdown.register('kafka producer', () => producer.close(), 'clients');
  const erasure = await startErasureRole({
    kafka, names, groupId: config.ERASURE_GROUP, archiverGroup: config.ARCHIVER_GROUP_ID,
    store, prefix: config.ARCHIVE_PREFIX, warehouse: eraser, exclusive, logger,
    deadLetter: (letters) => producer.send('dlq.v1', letters),
    onErased: (entries) => { for (const e of entries) metrics.erasures.inc({ status: e.status }); },
  });
  shutdown.register('erasure role', () => erasure.stop(), 'draining');
} else {
  logger.warn('KAFKA_BROKERS is not set: the erasure role is off (users.v1 deletions do not reach the archive and the warehouse)');
}

const status = newRoundStatus();
health.register('load rounds', roundReadiness(status));
const loop = startLoadLoop({ round: tracked(() => exclusive(round), status, metrics), intervalMs: config.WAREHOUSE_LOAD_INTERVAL, onError: (err) => logger.error({ err }, 'load round failed') });
shutdown.register('load loop', () => loop.stop(), 'draining');
const ops = await startOpsServer({ port: config.OPS_PORT, registry, health });
shutdown.register('ops server', () => ops.close(), 'accepting');
logger.info({ mode: config.BIGQUERY_DATASET ? 'bigquery' : 'duckdb', erasure: Boolean(config.KAFKA_BROKERS), ops: ops.url }, 'warehouse started');
