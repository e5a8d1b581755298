// The clicks-tracker's settings, one environment variable each, for both roles (HTTP and
// enricher). Declarations only, so the docs printer can import it. Defaults are the local stack's.
import { Type } from '@sinclair/typebox';
import { DEDUP_WINDOW_MS } from '@tessera/contracts/redis/key-catalogue';
import type { Config as ConfigOf } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import { kafkaConfigFields } from '@tessera/streams/kafka-config';
import { INTERACTIONS_ENRICHER_GROUP } from './enricher/start.js';

// Signs the local stack's simulated devices; production sets JWT_JWKS_URL or JWT_PUBLIC_KEY_PEM.
export const DEV_DEVICE_KEY = 'tessera-local-device-key-not-for-production';

export const ConfigSchema = Type.Object({
  HOST: env.string({ default: '127.0.0.1', description: 'Interface the HTTP server binds' }),
  PORT: env.port({ default: 8082, description: 'HTTP port of POST /v1/interactions, /healthz, /readyz, /metrics' }),
  OPS_PORT: env.port({ default: 9467, description: 'Enricher role: port of /metrics, /healthz, /readyz' }),
  ...kafkaConfigFields,
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create the topics this role uses when missing, at start' }),
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'], default: 'redis://127.0.0.1:6379', description: 'Redis (rate-limit counters, users table, dedup windows)' }),
  JWT_HS256_SECRET: env.secret({ minLength: 32, default: DEV_DEVICE_KEY, description: 'HS256 key of device tokens (used when no RS256 key is configured)' }),
  JWT_JWKS_URL: Type.Optional(env.url({ protocols: ['https', 'http'], description: 'RS256: JWKS of the identity provider (takes precedence)' })),
  JWT_PUBLIC_KEY_PEM: Type.Optional(env.string({ description: 'RS256: SPKI PEM public key (when no JWKS URL)' })),
  JWT_ISSUER: Type.Optional(env.string({ description: 'Required iss claim' })),
  JWT_AUDIENCE: Type.Optional(env.string({ description: 'Required aud claim' })),
  RATE_LIMIT_MAX: env.int({ min: 1, default: 120, description: 'Requests per device per window' }),
  RATE_LIMIT_WINDOW: env.duration({ min: 1000, default: 60_000, description: 'Rate-limit window' }),
  CORS_ORIGINS: env.list({ default: [], description: 'Browser origins allowed to POST here (CORS), e.g. the demo page served by delivery; empty = no CORS (phones need none)' }),
  BODY_LIMIT_BYTES: env.int({ min: 1024, max: 10_485_760, default: 131_072, description: 'Largest accepted request body' }),
  MAX_BATCH: env.int({ min: 1, max: 1000, default: 100, description: 'Most events per request' }),
  PUBLISH_TIMEOUT: env.duration({ min: 100, default: 10_000, description: 'Longest wait for Kafka to acknowledge before answering 503 kafka_unavailable' }),
  ENRICHER_GROUP: env.string({ default: INTERACTIONS_ENRICHER_GROUP, description: 'Consumer group of the enricher role' }),
  DEDUP_WINDOW: env.duration({ min: 1000, default: DEDUP_WINDOW_MS, description: 'A repeated eventId within this window is dropped by the enricher' }),
  LOG_LEVEL: env.logLevel(),
});
export type Config = ConfigOf<typeof ConfigSchema>;


export function verifierKeys(config: Config) {
  if (config.JWT_JWKS_URL) return { kind: 'rs256-jwks', jwksUrl: config.JWT_JWKS_URL } as const;
  if (config.JWT_PUBLIC_KEY_PEM) return { kind: 'rs256-pem', publicKeyPem: config.JWT_PUBLIC_KEY_PEM.replace(/\\n/g, '\n') } as const;
  return { kind: 'hs256', secret: config.JWT_HS256_SECRET } as const;
}
