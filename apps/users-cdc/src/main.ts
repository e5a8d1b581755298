// users-cdc process: wires configuration, clients and the app; stops cleanly on SIGTERM.
import { loadConfigOrExit } from '@tessera/platform/config';
import { redactConfig } from '@tessera/platform/config/describe';
import { createHealth } from '@tessera/platform/health';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { startOpsServer } from '@tessera/platform/ops-server';
import { createShutdown } from '@tessera/platform/shutdown';
import { createKafka } from '@tessera/streams/kafka';
import { kafkaSettingsOrExit } from '@tessera/streams/kafka-config';
import { topicNames } from '@tessera/streams/topic-names';
import { Partitioners } from 'kafkajs';
import pg from 'pg';
import { startApp } from './app.js';
import { ConfigSchema } from './config.js';
import { producerPublish } from './kafka/publisher.js';
import { createCdcMetrics } from './metrics.js';
import { migrate } from './migrate.js';
import { slotLagBytes } from './postgres/slot.js';

const config = loadConfigOrExit(ConfigSchema);
const logger = createLogger({ name: 'users-cdc', level: config.LOG_LEVEL });
logger.info({ config: redactConfig(ConfigSchema, config) }, 'starting');

const shutdown = createShutdown({ logger, deadlineMs: 20_000 });
const registry = createMetricsRegistry({ app: 'users-cdc' });
const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });

const sql = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
shutdown.register('postgres', () => sql.end(), 'clients');
health.register('postgres', () => sql.query('SELECT 1'));

const kafka = createKafka(kafkaSettingsOrExit(config, 'users-cdc'), logger);
// The partitioner keyPartitioner() mirrors (Java-compatible murmur2) for dlq.v1, named so kafkajs
// does not warn about its v2 default.
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
shutdown.register('kafka-producer', () => producer.disconnect(), 'clients');

if (config.MIGRATE_ON_START) {
  const client = await sql.connect();
  try {
    logger.info(await migrate(client), 'migrations');
  } finally {
    client.release();
  }
}

const cdc = await startApp({
  kafka,
  publish: producerPublish(producer),
  connection: { connectionString: config.DATABASE_URL },
  sql,
  metrics: createCdcMetrics(registry, () => slotLagBytes(sql, config.REPLICATION_SLOT)),
  logger,
  slot: config.REPLICATION_SLOT,
  publication: config.PUBLICATION,
  topicEnvironment: config.TESSERA_ENV,
  names: topicNames(config.TOPIC_PREFIX),
  snapshotPageSize: config.SNAPSHOT_PAGE_SIZE,
});
shutdown.register('replication-stream', () => cdc.stop(), 'draining');
let streaming = true;
health.register('replication-stream', () => streaming);
cdc.done.catch((error: unknown) => {
  streaming = false;
  logger.error({ err: error }, 'replication stream failed; exiting so a supervisor restarts from the slot');
  void shutdown.run('stream failed', 1);
});

const ops = await startOpsServer({ port: config.OPS_PORT, registry, health });
shutdown.register('ops-server', () => ops.close(), 'accepting');
shutdown.installSignalHandlers();
logger.info({ ops: ops.url }, 'users-cdc running');
