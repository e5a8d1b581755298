// Builds the beacon HTTP app from explicit dependencies (token verifier, publish, metrics
// registry, health), so tests build it with a real producer on the embedded broker. The shared
// device-ingest skeleton (@tessera/device-ingest/app) supplies the token check, the per-device
// rate limit, /healthz, /readyz, /metrics and the error envelope; this adds the beacon route.
import type { FastifyInstance } from 'fastify';
import { buildIngestApp } from '@tessera/device-ingest/app';
import type { IngestEdgeDeps } from '@tessera/device-ingest/app';
import { beaconRoutes } from './http/routes.js';
import type { PublishBeacons } from './http/routes.js';
import { createBeaconMetrics } from './metrics.js';

export interface BeaconAppDeps extends IngestEdgeDeps {
  readonly publish: PublishBeacons;
  readonly maxBatch: number;
  /** Longest wait for Kafka's acknowledgement before a 503 (default 10 s). */
  readonly publishTimeoutMs?: number;
  readonly now?: () => number;
}

export async function buildBeaconApp(deps: BeaconAppDeps): Promise<FastifyInstance> {
  const metrics = createBeaconMetrics(deps.registry);
  return buildIngestApp({
    ...deps,
    noun: 'beacons',
    onRejected: (code) => metrics.rejected.inc({ code }),
    routes: async (device) => {
      await device.register(beaconRoutes, { publish: deps.publish, metrics, maxBatch: deps.maxBatch, publishTimeoutMs: deps.publishTimeoutMs ?? 10_000, ...(deps.now ? { now: deps.now } : {}) });
    },
  });
}
