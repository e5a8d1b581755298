// The HTTP edge's settings every device-ingest app reads (beacon, clicks-tracker): one config
// fragment to spread into the app's schema, with the defaults that differ per app (port, rate,
// body and batch limits) as arguments. Declarations only, so the docs printer can import it.
import { Type } from '@sinclair/typebox';
import { env } from '@tessera/platform/config/env';

export interface IngestEnvDefaults {
  /** What the app ingests, for descriptions: 'beacons', 'events'. */
  readonly noun: string;
  readonly route: string;
  readonly port: number;
  readonly rateLimitMax: number;
  readonly bodyLimitBytes: number;
  readonly maxBatch: number;
  readonly maxBatchLimit: number;
}

export function ingestEnv(d: IngestEnvDefaults) {
  return Type.Object({
    HOST: env.string({ default: '127.0.0.1', description: 'Interface the HTTP server binds' }),
    PORT: env.port({ default: d.port, description: `HTTP port of POST ${d.route}, /healthz, /readyz, /metrics` }),
    RATE_LIMIT_MAX: env.int({ min: 1, default: d.rateLimitMax, description: 'Requests per device per window' }),
    RATE_LIMIT_WINDOW: env.duration({ min: 1000, default: 60_000, description: 'Rate-limit window' }),
    CORS_ORIGINS: env.list({ default: [], description: 'Browser origins allowed to POST here (CORS), e.g. the demo page served by delivery; empty = no CORS (phones need none)' }),
    BODY_LIMIT_BYTES: env.int({ min: 1024, max: 10_485_760, default: d.bodyLimitBytes, description: 'Largest accepted request body' }),
    MAX_BATCH: env.int({ min: 1, max: d.maxBatchLimit, default: d.maxBatch, description: `Most ${d.noun} per request` }),
    PUBLISH_TIMEOUT: env.duration({ min: 100, default: 10_000, description: 'Longest wait for Kafka to acknowledge before answering 503 kafka_unavailable' }),
  });
}
