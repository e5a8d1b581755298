// What both device-app processes (the HTTP role, serve.ts; the enricher role, serve-enricher.ts)
// set up before their own part: the logger (first line: the redacted config), shutdown, the
// metrics registry and health, Redis, the Kafka client with the role's topics provisioned when
// PROVISION_TOPICS, and the idempotent producer; each registered with shutdown and health.
import type { TopicName } from '@tessera/contracts/topics';
import { redactConfig } from '@tessera/platform/config/describe';
import { createHealth } from '@tessera/platform/health';
import type { Health } from '@tessera/platform/health';
import { createLogger } from '@tessera/platform/logger';
import type { Logger, LoggerOptions } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import type { Registry } from '@tessera/platform/metrics';
import { createShutdown } from '@tessera/platform/shutdown';
import type { Shutdown } from '@tessera/platform/shutdown';
import { createKafka } from '@tessera/streams/kafka';
import type { KafkaSettings } from '@tessera/streams/kafka';
import { provisionAtStart } from '@tessera/streams/provision-at-start';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { topicNames } from '@tessera/streams/topic-names';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { TObject, TProperties } from '@sinclair/typebox';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { Kafka } from 'kafkajs';

/** The settings every device-app role reads. */
export interface RoleConfig {
  readonly REDIS_URL: string;
  readonly TOPIC_PREFIX: string;
  readonly PROVISION_TOPICS: boolean;
  readonly TESSERA_ENV: 'local' | 'production';
  readonly LOG_LEVEL: LoggerOptions['level'];
}

export interface RoleClients {
  readonly logger: Logger;
  readonly shutdown: Shutdown;
  readonly registry: Registry;
  readonly health: Health;
  readonly redis: Redis;
  readonly kafka: Kafka;
  readonly names: TopicNames;
  readonly producer: StreamProducer;
}

export async function startRoleClients(p: {
  readonly name: string;
  readonly schema: TObject<TProperties>;
  readonly config: RoleConfig;
  readonly kafka: KafkaSettings;
  /** Provisioned at start when PROVISION_TOPICS. */
  readonly topics: readonly TopicName[];
  readonly shutdownDeadlineMs: number;
  readonly redisOptions?: RedisOptions;
}): Promise<RoleClients> {
  const { config } = p;
  const logger = createLogger({ name: p.name, level: config.LOG_LEVEL });
  logger.info({ config: redactConfig(p.schema, config) }, 'starting');

  const shutdown = createShutdown({ logger, deadlineMs: p.shutdownDeadlineMs });
  const registry = createMetricsRegistry({ app: p.name });
  const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });

  const redis = new Redis(config.REDIS_URL, p.redisOptions ?? {});
  shutdown.register('redis', () => redis.quit(), 'clients');
  health.register('redis', () => redis.ping());

  const kafka = createKafka(p.kafka, logger);
  const names = topicNames(config.TOPIC_PREFIX);
  if (config.PROVISION_TOPICS) await provisionAtStart(kafka, names, config.TESSERA_ENV, p.topics, logger);
  const producer = createProducer({ kafka, names, lingerMs: 2 });
  await producer.connect();
  shutdown.register('kafka producer', () => producer.close(), 'clients');
  return { logger, shutdown, registry, health, redis, kafka, names, producer };
}
