// The clicks-tracker's settings, one environment variable each, for both roles (HTTP and
// enricher). Declarations only, so the docs printer can import it. Defaults are the local stack's.
import { Type } from '@sinclair/typebox';
import { DEDUP_WINDOW_MS } from '@tessera/contracts/redis/key-catalogue';
import type { Config as ConfigOf } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import { DeviceAuthEnv } from '@tessera/device-auth/config';
import { ingestEnv } from '@tessera/device-ingest/config';
import { kafkaConfigFields } from '@tessera/streams/kafka-config';
import { INTERACTIONS_ENRICHER_GROUP } from './enricher/start.js';

export const ConfigSchema = Type.Object({
  // The HTTP edge (device-ingest) and token (device-auth) settings both ingest apps share.
  ...ingestEnv({ noun: 'events', route: '/v1/interactions', port: 8082, rateLimitMax: 120, bodyLimitBytes: 131_072, maxBatch: 100, maxBatchLimit: 1000 }).properties,
  ...DeviceAuthEnv.properties,
  OPS_PORT: env.port({ default: 9467, description: 'Enricher role: port of /metrics, /healthz, /readyz' }),
  ...kafkaConfigFields,
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create the topics this role uses when missing, at start' }),
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'], default: 'redis://127.0.0.1:6379', description: 'Redis (rate-limit counters, users table, dedup windows)' }),
  ENRICHER_GROUP: env.string({ default: INTERACTIONS_ENRICHER_GROUP, description: 'Consumer group of the enricher role' }),
  DEDUP_WINDOW: env.duration({ min: 1000, default: DEDUP_WINDOW_MS, description: 'A repeated eventId within this window is dropped by the enricher' }),
  LOG_LEVEL: env.logLevel(),
});
export type Config = ConfigOf<typeof ConfigSchema>;
