// The beacon app's settings, one environment variable each, for both roles (HTTP and enricher).
// Declarations only, so the docs printer can import it. Defaults are the local stack's.
import { Type } from '@sinclair/typebox';
import type { Config as ConfigOf } from '@tessera/platform/config';
import { DEDUP_WINDOW_MS } from '@tessera/contracts/redis/key-catalogue';
import { env } from '@tessera/platform/config/env';
import { DeviceAuthEnv } from '@tessera/device-auth/config';
import { ingestEnv } from '@tessera/device-ingest/config';
import type { KafkaSettings } from '@tessera/streams/kafka';
import { BEACON_ENRICHER_GROUP } from './enricher/start.js';

export const ConfigSchema = Type.Object({
  // The HTTP edge (device-ingest) and token (device-auth) settings both ingest apps share.
  ...ingestEnv({ noun: 'beacons', route: '/v1/beacons', port: 8081, rateLimitMax: 60, bodyLimitBytes: 65_536, maxBatch: 50, maxBatchLimit: 500 }).properties,
  ...DeviceAuthEnv.properties,
  OPS_PORT: env.port({ default: 9465, description: 'Enricher role: port of /metrics, /healthz, /readyz' }),
  KAFKA_BROKERS: env.list({ minItems: 1, default: ['127.0.0.1:9092'], description: 'Kafka bootstrap servers' }),
  KAFKA_SSL: env.boolean({ default: false, description: 'TLS to the brokers (Confluent Cloud: true)' }),
  KAFKA_SASL_MECHANISM: Type.Optional(env.oneOf(['plain', 'scram-sha-256', 'scram-sha-512'], { description: 'SASL mechanism (Confluent Cloud: plain)' })),
  KAFKA_SASL_USERNAME: Type.Optional(env.string({ description: 'SASL user (Confluent Cloud: API key)' })),
  KAFKA_SASL_PASSWORD: Type.Optional(env.secret({ minLength: 1, description: 'SASL password (Confluent Cloud: API secret)' })),
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'], default: 'redis://127.0.0.1:6379', description: 'Redis (rate-limit counters, the users table it reads, active registry)' }),
  ENRICHER_GROUP: env.string({ default: BEACON_ENRICHER_GROUP, description: 'Consumer group of the enricher role' }),
  ACTIVE_WINDOW: env.duration({ min: 60_000, default: 86_400_000, description: 'How long a user stays in the active registry after the last beacon' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create the topics this role uses when missing (from the contracts catalogue) at start' }),
  KAFKA_ENV: env.oneOf(['local', 'production'], { default: 'local', description: 'Which catalogue sizing provisioning uses' }),
  DEDUP_WINDOW: env.duration({ min: 1000, default: DEDUP_WINDOW_MS, description: 'A repeated beacon eventId within this window is dropped by the enricher' }),
  LOG_LEVEL: env.logLevel(),
});
export type Config = ConfigOf<typeof ConfigSchema>;

/** streams' KafkaSettings from the config (SASL only when a mechanism is set). */
export function kafkaSettings(config: Config, clientId: string): KafkaSettings {
  const sasl = config.KAFKA_SASL_MECHANISM
    ? { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME ?? '', password: config.KAFKA_SASL_PASSWORD ?? '' }
    : undefined;
  return { brokers: config.KAFKA_BROKERS, clientId, ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) };
}
