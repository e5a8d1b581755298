// Builds the clicks-tracker HTTP app from explicit dependencies (token verifier, publish,
// metrics registry, health), so tests build it with a real producer on the embedded broker. The
// shared device-ingest skeleton (@tessera/device-ingest/app) supplies the token check, the
// per-device rate limit, /healthz, /readyz, /metrics and the error envelope; this adds the
// interactions route.
import type { FastifyInstance } from 'fastify';
import { buildIngestApp } from '@tessera/device-ingest/app';
import type { IngestEdgeDeps } from '@tessera/device-ingest/app';
import { interactionRoutes } from './http/routes.js';
import type { PublishInteractions } from './http/routes.js';
import { createTrackerMetrics } from './metrics.js';

export interface TrackerAppDeps extends IngestEdgeDeps {
  readonly publish: PublishInteractions;
  readonly maxBatch: number;
  /** Longest wait for Kafka's acknowledgement before a 503 (default 10 s). */
  readonly publishTimeoutMs?: number;
  readonly now?: () => number;
}

export async function buildTrackerApp(deps: TrackerAppDeps): Promise<FastifyInstance> {
  const metrics = createTrackerMetrics(deps.registry);
  return buildIngestApp({
    ...deps,
    noun: 'interactions',
    onRejected: (code) => metrics.rejectedRequests.inc({ code }),
    routes: async (device) => {
      await device.register(interactionRoutes, { publish: deps.publish, metrics, maxBatch: deps.maxBatch, publishTimeoutMs: deps.publishTimeoutMs ?? 10_000, ...(deps.now ? { now: deps.now } : {}) });
    },
  });
}
