// The HTTP role's process, as beacon's and clicks-tracker's main.ts both ran it: logger,
// shutdown, metrics registry and health, Redis (rate-limit counters) and the idempotent producer
// on the app's one topic, then the app the caller builds, listening until SIGTERM. What differs
// per app (its name, topic, rate-limit namespace, builder and settings) comes in as arguments;
// the Kafka client settings too (main builds them from its config).
import type { TopicValue } from '@tessera/contracts/codec';
import { createVerifier } from '@tessera/device-auth/verifier';
import { verifierKeys } from '@tessera/device-auth/config';
import type { DeviceAuthConfig } from '@tessera/device-auth/config';
import { redactConfig } from '@tessera/platform/config/describe';
import { createHealth } from '@tessera/platform/health';
import { createLogger } from '@tessera/platform/logger';
import type { LoggerOptions } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createShutdown } from '@tessera/platform/shutdown';
import { createKafka } from '@tessera/streams/kafka';
import type { KafkaSettings } from '@tessera/streams/kafka';
import { provisionAtStart } from '@tessera/streams/provision-at-start';
import { createProducer } from '@tessera/streams/producer';
import { topicNames } from '@tessera/streams/topic-names';
import type { TObject, TProperties } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { IngestEdgeDeps } from './app.js';

export type IngestTopic = 'beacons.v1' | 'interactions.v1';

/** The settings the process reads (the app's schema has them through ingestEnv and DeviceAuthEnv). */
export interface IngestProcessConfig extends DeviceAuthConfig {
  readonly HOST: string;
  readonly PORT: number;
  readonly REDIS_URL: string;
  readonly TOPIC_PREFIX: string;
  readonly PROVISION_TOPICS: boolean;
  readonly TESSERA_ENV: 'local' | 'production';
  readonly JWT_ISSUER?: string | undefined;
  readonly JWT_AUDIENCE?: string | undefined;
  readonly RATE_LIMIT_MAX: number;
  readonly RATE_LIMIT_WINDOW: number;
  readonly CORS_ORIGINS: readonly string[];
  readonly BODY_LIMIT_BYTES: number;
  readonly MAX_BATCH: number;
  readonly PUBLISH_TIMEOUT: number;
  readonly LOG_LEVEL: LoggerOptions['level'];
}

export interface IngestAppDeps<T extends IngestTopic> extends IngestEdgeDeps {
  readonly publish: (events: readonly TopicValue<T>[]) => Promise<void>;
  readonly maxBatch: number;
  readonly publishTimeoutMs?: number;
}

export interface IngestProcess<T extends IngestTopic, C extends IngestProcessConfig> {
  readonly name: string;
  readonly topic: T;
  /** Redis key prefix of the per-device rate-limit counters, e.g. 'rl:beacon:'. */
  readonly rateLimitNamespace: string;
  readonly schema: TObject<TProperties>;
  readonly config: C;
  readonly kafka: KafkaSettings;
  readonly build: (deps: IngestAppDeps<T>) => Promise<FastifyInstance>;
}

export async function serveIngestProcess<T extends IngestTopic, C extends IngestProcessConfig>(p: IngestProcess<T, C>): Promise<void> {
  const { config } = p;
  const logger = createLogger({ name: p.name, level: config.LOG_LEVEL });
  logger.info({ config: redactConfig(p.schema, config) }, 'starting');

  const shutdown = createShutdown({ logger, deadlineMs: 20_000 });
  const registry = createMetricsRegistry({ app: p.name });
  const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });

  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  shutdown.register('redis', () => redis.quit(), 'clients');
  health.register('redis', () => redis.ping());

  const kafka = createKafka(p.kafka, logger);
  const names = topicNames(config.TOPIC_PREFIX);
  if (config.PROVISION_TOPICS) await provisionAtStart(kafka, names, config.TESSERA_ENV, [p.topic], logger);
  const producer = createProducer({ kafka, names, lingerMs: 2 });
  await producer.connect();
  shutdown.register('kafka producer', () => producer.close(), 'clients');

  const app = await p.build({
    verify: await createVerifier({ keys: verifierKeys(config), issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
    publish: (events) => producer.send(p.topic, events),
    registry,
    health,
    rateLimit: { max: config.RATE_LIMIT_MAX, timeWindowMs: config.RATE_LIMIT_WINDOW, redis, nameSpace: p.rateLimitNamespace },
    bodyLimit: config.BODY_LIMIT_BYTES,
    corsOrigins: config.CORS_ORIGINS,
    maxBatch: config.MAX_BATCH,
    publishTimeoutMs: config.PUBLISH_TIMEOUT,
    logger,
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  shutdown.register('http server', () => app.close(), 'accepting');
  shutdown.installSignalHandlers();
}
