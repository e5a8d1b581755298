// HTTP role: load config, create clients, build the app, listen, stop on SIGTERM.
import { createVerifier } from '@tessera/device-auth/verifier';
import { loadConfigOrExit } from '@tessera/platform/config';
import { redactConfig } from '@tessera/platform/config/describe';
import { createHealth } from '@tessera/platform/health';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createShutdown } from '@tessera/platform/shutdown';
import { createKafka } from '@tessera/streams/kafka';
import { kafkaSettingsOrExit } from '@tessera/streams/kafka-config';
import { provisionAtStart } from '@tessera/streams/provision-at-start';
import { createProducer } from '@tessera/streams/producer';
import { topicNames } from '@tessera/streams/topic-names';
import { Redis } from 'ioredis';
import { buildTrackerApp } from './app.js';
import { ConfigSchema, verifierKeys } from './config.js';

const config = loadConfigOrExit(ConfigSchema);
const logger = createLogger({ name: 'clicks-tracker', level: config.LOG_LEVEL });
logger.info({ config: redactConfig(ConfigSchema, config) }, 'starting');

const shutdown = createShutdown({ logger, deadlineMs: 20_000 });
const registry = createMetricsRegistry({ app: 'clicks-tracker' });
const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });

const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
shutdown.register('redis', () => redis.quit(), 'clients');
health.register('redis', () => redis.ping());

const kafka = createKafka(kafkaSettingsOrExit(config, 'clicks-tracker'), logger);
const names = topicNames(config.TOPIC_PREFIX);
if (config.PROVISION_TOPICS) await provisionAtStart(kafka, names, config.TESSERA_ENV, ['interactions.v1'], logger);
const producer = createProducer({ kafka, names, lingerMs: 2 });
await producer.connect();
shutdown.register('kafka producer', () => producer.close(), 'clients');

const app = await buildTrackerApp({
  verify: await createVerifier({ keys: verifierKeys(config), issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
  publish: (events) => producer.send('interactions.v1', events),
  registry,
  health,
  rateLimit: { max: config.RATE_LIMIT_MAX, timeWindowMs: config.RATE_LIMIT_WINDOW, redis, nameSpace: 'rl:clicks:' },
  bodyLimit: config.BODY_LIMIT_BYTES,
  corsOrigins: config.CORS_ORIGINS,
  maxBatch: config.MAX_BATCH,
  publishTimeoutMs: config.PUBLISH_TIMEOUT,
  logger,
});
await app.listen({ host: config.HOST, port: config.PORT });
shutdown.register('http server', () => app.close(), 'accepting');
shutdown.installSignalHandlers();
