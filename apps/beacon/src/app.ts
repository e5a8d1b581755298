// Builds the beacon HTTP app from explicit dependencies (token verifier, publish, metrics
// registry, health), so tests build it with a real producer on the embedded broker. The shared
// device-ingest skeleton (@tessera/device-ingest/app) supplies the token check, the per-device
// rate limit, /healthz, /readyz, /metrics and the error envelope; this adds the beacon route.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { DeviceRateLimitOptions } from '@tessera/device-auth/rate-limit';
import type { VerifyDeviceToken } from '@tessera/device-auth/verifier';
import { buildIngestApp } from '@tessera/device-ingest/app';
import type { Health } from '@tessera/platform/health';
import type { Registry } from 'prom-client';
import { beaconRoutes } from './http/routes.js';
import type { PublishBeacons } from './http/routes.js';
import { createBeaconMetrics } from './metrics.js';

export interface BeaconAppDeps {
  readonly verify: VerifyDeviceToken;
  readonly publish: PublishBeacons;
  readonly registry: Registry;
  readonly health?: Health;
  readonly rateLimit: DeviceRateLimitOptions;
  /** Largest accepted body in bytes (a beacon is ~400 bytes). */
  readonly bodyLimit: number;
  readonly maxBatch: number;
  /** Longest wait for Kafka's acknowledgement before a 503 (default 10 s). */
  readonly publishTimeoutMs?: number;
  readonly logger?: FastifyBaseLogger;
  readonly now?: () => number;
}

export async function buildBeaconApp(deps: BeaconAppDeps): Promise<FastifyInstance> {
  const metrics = createBeaconMetrics(deps.registry);
  return buildIngestApp({
    verify: deps.verify,
    registry: deps.registry,
    ...(deps.health ? { health: deps.health } : {}),
    rateLimit: deps.rateLimit,
    bodyLimit: deps.bodyLimit,
    ...(deps.logger ? { logger: deps.logger } : {}),
    noun: 'beacons',
    onRejected: (code) => metrics.rejected.inc({ code }),
    routes: async (device) => {
      await device.register(beaconRoutes, { publish: deps.publish, metrics, maxBatch: deps.maxBatch, publishTimeoutMs: deps.publishTimeoutMs ?? 10_000, ...(deps.now ? { now: deps.now } : {}) });
    },
  });
}
