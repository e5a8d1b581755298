// The users-table role's settings, one environment variable each. Declarations only, so the docs
// printer can import it. Defaults are the local stack's.
import { Type } from '@sinclair/typebox';
import type { Config as ConfigOf } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import type { KafkaSettings } from '@tessera/streams/kafka';
import { USERS_TABLE_GROUP } from './start.js';

export const ConfigSchema = Type.Object({
  OPS_PORT: env.port({ default: 9466, description: 'Port of /metrics, /healthz, /readyz' }),
  KAFKA_BROKERS: env.list({ minItems: 1, default: ['127.0.0.1:9092'], description: 'Kafka bootstrap servers' }),
  KAFKA_SSL: env.boolean({ default: false, description: 'TLS to the brokers (Confluent Cloud: true)' }),
  KAFKA_SASL_MECHANISM: Type.Optional(env.oneOf(['plain', 'scram-sha-256', 'scram-sha-512'], { description: 'SASL mechanism (Confluent Cloud: plain)' })),
  KAFKA_SASL_USERNAME: Type.Optional(env.string({ description: 'SASL user (Confluent Cloud: API key)' })),
  KAFKA_SASL_PASSWORD: Type.Optional(env.secret({ minLength: 1, description: 'SASL password (Confluent Cloud: API secret)' })),
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  KAFKA_ENV: env.oneOf(['local', 'production'], { default: 'local', description: 'Which catalogue sizing provisioning uses' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create users.v1 and dlq.v1 when missing (from the contracts catalogue) at start' }),
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'], default: 'redis://127.0.0.1:6379', description: 'Redis holding the users table' }),
  USERS_TABLE_GROUP: env.string({ default: USERS_TABLE_GROUP, description: 'Consumer group on users.v1' }),
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
