// The HTTP role's process, as beacon's and clicks-tracker's main.ts both ran it: the role's clients
// (role-clients.ts: logger, shutdown, metrics registry and health, Redis for the rate-limit
// counters, the idempotent producer on the app's one topic), then the app the caller builds,
// listening until SIGTERM. What differs per app (its name, topic, rate-limit namespace, builder
// and settings) comes in as arguments; the Kafka client settings too (main builds them from its
// config). The enricher role's process is serve-enricher.ts.
import type { TopicValue } from '@tessera/contracts/codec';
import { createVerifier } from '@tessera/device-auth/verifier';
import { verifierKeys } from '@tessera/device-auth/config';
import type { DeviceAuthConfig } from '@tessera/device-auth/config';
import type { KafkaSettings } from '@tessera/streams/kafka';
import type { TObject, TProperties } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { IngestEdgeDeps } from './app.js';
import { startRoleClients } from './role-clients.js';
import type { RoleConfig } from './role-clients.js';

export type IngestTopic = 'beacons.v1' | 'interactions.v1';

/** The settings the process reads (the app's schema has them through ingestEnv and DeviceAuthEnv). */
export interface IngestProcessConfig extends DeviceAuthConfig, RoleConfig {
  readonly HOST: string;
  readonly PORT: number;
  readonly JWT_ISSUER?: string | undefined;
  readonly JWT_AUDIENCE?: string | undefined;
  readonly RATE_LIMIT_MAX: number;
  readonly RATE_LIMIT_WINDOW: number;
  readonly CORS_ORIGINS: readonly string[];
  readonly BODY_LIMIT_BYTES: number;
  readonly MAX_BATCH: number;
  readonly PUBLISH_TIMEOUT: number;
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
  const { logger, shutdown, registry, health, redis, producer } = await startRoleClients({
    name: p.name, schema: p.schema, config, kafka: p.kafka, topics: [p.topic],
    shutdownDeadlineMs: 20_000, redisOptions: { maxRetriesPerRequest: 1 },
  });

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
