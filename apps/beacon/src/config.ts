// The beacon app's settings, one environment variable each, for both roles (HTTP and enricher).
// Declarations only, so the docs printer can import it. Defaults are the local stack's.
import { Type } from '@sinclair/typebox';
import type { Config as ConfigOf } from '@tessera/platform/config';
import { DEDUP_WINDOW_MS } from '@tessera/contracts/redis/key-catalogue';
import { env } from '@tessera/platform/config/env';
import { DeviceAuthEnv } from '@tessera/device-auth/config';
import { ingestEnv } from '@tessera/device-ingest/config';
import { kafkaConfigFields } from '@tessera/streams/kafka-config';
import { BEACON_ENRICHER_GROUP } from './enricher/start.js';

export const ConfigSchema = Type.Object({
  // The HTTP edge (device-ingest) and token (device-auth) settings both ingest apps share.
  ...ingestEnv({ noun: 'beacons', route: '/v1/beacons', port: 8081, rateLimitMax: 60, bodyLimitBytes: 65_536, maxBatch: 50, maxBatchLimit: 500 }).properties,
  ...DeviceAuthEnv.properties,
  OPS_PORT: env.port({ default: 9465, description: 'Enricher role: port of /metrics, /healthz, /readyz' }),
  ...kafkaConfigFields,
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'], default: 'redis://127.0.0.1:6379', description: 'Redis (rate-limit counters, the users table it reads, active registry)' }),
  ENRICHER_GROUP: env.string({ default: BEACON_ENRICHER_GROUP, description: 'Consumer group of the enricher role' }),
  ACTIVE_WINDOW: env.duration({ min: 60_000, default: 86_400_000, description: 'How long a user stays in the active registry after the last beacon' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create the topics this role uses when missing (from the contracts catalogue) at start' }),
  DEDUP_WINDOW: env.duration({ min: 1000, default: DEDUP_WINDOW_MS, description: 'A repeated beacon eventId within this window is dropped by the enricher' }),
  LOG_LEVEL: env.logLevel(),
});
export type Config = ConfigOf<typeof ConfigSchema>;
