// archiver process: wires configuration, clients and the app (every catalogue topic → archive
// objects in GCS or the local directory); /metrics and probes on OPS_PORT; SIGTERM flushes the
// open files, commits and exits.
import { storeFromConfig } from '@tessera/archive/store-config';
import { TOPIC_NAMES } from '@tessera/contracts/topics';
import { loadConfigOrExit } from '@tessera/platform/config';
import { redactConfig } from '@tessera/platform/config/describe';
import { createHealth } from '@tessera/platform/health';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { startOpsServer } from '@tessera/platform/ops-server';
import { createShutdown } from '@tessera/platform/shutdown';
import { createKafka } from '@tessera/streams/kafka';
import { kafkaSettingsOrExit } from '@tessera/streams/kafka-config';
import { createProducer } from '@tessera/streams/producer';
import { provisionAtStart } from '@tessera/streams/provision-at-start';
import { topicNames } from '@tessera/streams/topic-names';
import { startArchiverApp } from './app.js';
import { ArchiverEnv } from './config.js';
import { createArchiverMetrics } from './metrics.js';

const config = loadConfigOrExit(ArchiverEnv);
const logger = createLogger({ name: 'archiver', level: config.LOG_LEVEL });
logger.info({ config: redactConfig(ArchiverEnv, config) }, 'starting');

const shutdown = createShutdown({ logger, deadlineMs: 60_000 });
const registry = createMetricsRegistry({ app: 'archiver' });
const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });
const store = storeFromConfig(config);
logger.info({ archive: store.location }, 'archive store');

const kafka = createKafka(kafkaSettingsOrExit(config, 'archiver'), logger);
const names = topicNames(config.TOPIC_PREFIX);
if (config.PROVISION_TOPICS) await provisionAtStart(kafka, names, config.TESSERA_ENV, TOPIC_NAMES, logger);
const producer = createProducer({ kafka, names, lingerMs: 2 });
await producer.connect();
shutdown.register('kafka producer', () => producer.close(), 'clients');

const consumer = await startArchiverApp({
  kafka, names, store, logger,
  publishDeadLetters: (letters) => producer.send('dlq.v1', letters),
  metrics: createArchiverMetrics(registry),
  settings: {
    groupId: config.ARCHIVER_GROUP,
    prefix: config.ARCHIVE_PREFIX,
    limits: { maxRecords: config.ARCHIVE_MAX_RECORDS, maxBytes: config.ARCHIVE_MAX_BYTES },
    idleFlushMs: config.ARCHIVE_IDLE_FLUSH,
    uploadConcurrency: config.ARCHIVE_UPLOAD_CONCURRENCY,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  },
});
shutdown.register('archiver consumer', () => consumer.stop(), 'draining');

const ops = await startOpsServer({ port: config.OPS_PORT, registry, health });
shutdown.register('ops server', () => ops.close(), 'accepting');
shutdown.installSignalHandlers();
logger.info({ ops: ops.url }, 'archiver running');
