// Enricher role: load config, create clients, start the interactions-enricher consumer (the
// users table it joins is materialized by the users-table app), serve /metrics and probes,
// stop on SIGTERM.
import { loadConfigOrExit } from '@tessera/platform/config';
import { redactConfig } from '@tessera/platform/config/describe';
import { createHealth } from '@tessera/platform/health';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { startOpsServer } from '@tessera/platform/ops-server';
import { createShutdown } from '@tessera/platform/shutdown';
import { createKafka } from '@tessera/streams/kafka';
import { kafkaSettingsOrExit } from '@tessera/streams/kafka-config';
import { provisionAtStart } from '@tessera/streams/provision-at-start';
import { createProducer } from '@tessera/streams/producer';
import { topicNames } from '@tessera/streams/topic-names';
import { Redis } from 'ioredis';
import { ConfigSchema } from './config.js';
import { startInteractionEnricher } from './enricher/start.js';

const config = loadConfigOrExit(ConfigSchema);
const logger = createLogger({ name: 'clicks-enricher', level: config.LOG_LEVEL });
logger.info({ config: redactConfig(ConfigSchema, config) }, 'starting');

const shutdown = createShutdown({ logger, deadlineMs: 30_000 });
const registry = createMetricsRegistry({ app: 'clicks-enricher' });
const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });

const redis = new Redis(config.REDIS_URL);
shutdown.register('redis', () => redis.quit(), 'clients');
health.register('redis', () => redis.ping());

const kafka = createKafka(kafkaSettingsOrExit(config, 'clicks-enricher'), logger);
const names = topicNames(config.TOPIC_PREFIX);
if (config.PROVISION_TOPICS) {
  await provisionAtStart(kafka, names, config.TESSERA_ENV, ['interactions.v1', 'interactions.enriched.v1', 'dlq.v1'], logger);
}
const producer = createProducer({ kafka, names, lingerMs: 2 });
await producer.connect();
shutdown.register('kafka producer', () => producer.close(), 'clients');

const enricher = await startInteractionEnricher({
  kafka, redis, names, producer, logger, registry,
  groupId: config.ENRICHER_GROUP,
  dedupWindowMs: config.DEDUP_WINDOW,
});
shutdown.register('consumers', () => enricher.stop(), 'draining');

const ops = await startOpsServer({ port: config.OPS_PORT, registry, health });
shutdown.register('ops server', () => ops.close(), 'accepting');
shutdown.installSignalHandlers();
