// Builds the clicks-tracker HTTP app from explicit dependencies (token verifier, publish,
// metrics registry, health), so tests build it with a real producer on the embedded broker. The
// shared device-ingest skeleton (@tessera/device-ingest/app) supplies the token check, the
// per-device rate limit, /healthz, /readyz, /metrics and the error envelope; this adds the
// interactions route.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { DeviceRateLimitOptions } from '@tessera/device-auth/rate-limit';
import type { VerifyDeviceToken } from '@tessera/device-auth/verifier';
import { buildIngestApp } from '@tessera/device-ingest/app';
import type { Health } from '@tessera/platform/health';
import type { Registry } from 'prom-client';
import { interactionRoutes } from './http/routes.js';
import type { PublishInteractions } from './http/routes.js';
import { createTrackerMetrics } from './metrics.js';

export interface TrackerAppDeps {
  readonly verify: VerifyDeviceToken;
  readonly publish: PublishInteractions;
  readonly registry: Registry;
  readonly health?: Health;
  readonly rateLimit: DeviceRateLimitOptions;
  /** Largest accepted body in bytes (an interaction is ~300 bytes). */
  readonly bodyLimit: number;
  readonly maxBatch: number;
  /** Longest wait for Kafka's acknowledgement before a 503 (default 10 s). */
  readonly publishTimeoutMs?: number;
  readonly logger?: FastifyBaseLogger;
  readonly now?: () => number;
}

export async function buildTrackerApp(deps: TrackerAppDeps): Promise<FastifyInstance> {
  const metrics = createTrackerMetrics(deps.registry);
  return buildIngestApp({
    verify: deps.verify,
    registry: deps.registry,
    ...(deps.health ? { health: deps.health } : {}),
    rateLimit: deps.rateLimit,
    bodyLimit: deps.bodyLimit,
    ...(deps.logger ? { logger: deps.logger } : {}),
    noun: 'interactions',
    onRejected: (code) => metrics.rejectedRequests.inc({ code }),
    routes: async (device) => {
      await device.register(interactionRoutes, { publish: deps.publish, metrics, maxBatch: deps.maxBatch, publishTimeoutMs: deps.publishTimeoutMs ?? 10_000, ...(deps.now ? { now: deps.now } : {}) });
    },
  });
}
