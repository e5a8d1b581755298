// The users-table role's settings, one environment variable each. Declarations only, so the docs
// printer can import it. Defaults are the local stack's.
import { Type } from '@sinclair/typebox';
import type { Config as ConfigOf } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import { kafkaConfigFields } from '@tessera/streams/kafka-config';
import { USERS_TABLE_GROUP } from './start.js';

export const ConfigSchema = Type.Object({
  OPS_PORT: env.port({ default: 9466, description: 'Port of /metrics, /healthz, /readyz' }),
  ...kafkaConfigFields,
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create users.v1 and dlq.v1 when missing (from the contracts catalogue) at start' }),
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'], default: 'redis://127.0.0.1:6379', description: 'Redis holding the users table' }),
  USERS_TABLE_GROUP: env.string({ default: USERS_TABLE_GROUP, description: 'Consumer group on users.v1' }),
  LOG_LEVEL: env.logLevel(),
});
export type Config = ConfigOf<typeof ConfigSchema>;

