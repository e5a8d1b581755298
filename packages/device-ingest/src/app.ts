// The fastify skeleton of a device-facing ingest app, on platform's shared HTTP server (every
// failure, fastify's own included, answered with the error envelope and a stable code; JSON
// bodies only, UTF-8 only, `__proto__` keys dropped while parsing like any undeclared property):
// optional CORS, /metrics, HTTP metrics, /healthz and /readyz outside the device scope; inside it
// the token check and the per-device rate limit, then the app's own routes. The routes, body
// validation and metrics stay in each app; this only wires what they share.
import cors from '@fastify/cors';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { registerDeviceAuth } from '@tessera/device-auth/fastify';
import { isRateLimited, registerDeviceRateLimit } from '@tessera/device-auth/rate-limit';
import type { DeviceRateLimitOptions } from '@tessera/device-auth/rate-limit';
import type { VerifyDeviceToken } from '@tessera/device-auth/verifier';
import type { Health } from '@tessera/platform/health';
import { registerHealthRoutes } from '@tessera/platform/health/routes';
import { createHttpServer } from '@tessera/platform/http/server';
import { registerHttpMetrics } from '@tessera/platform/http-metrics';
import { registerMetricsRoute } from '@tessera/platform/metrics';
import type { Registry } from 'prom-client';
import { INGEST_ERRORS } from './errors.js';
import type { IngestErrorCode } from './errors.js';

/** What every ingest app is built from; an app's deps extend this with its publish and limits. */
export interface IngestEdgeDeps {
  readonly verify: VerifyDeviceToken;
  readonly registry: Registry;
  readonly health?: Health;
  readonly rateLimit: DeviceRateLimitOptions;
  /** Largest accepted body in bytes. */
  readonly bodyLimit: number;
  readonly logger?: FastifyBaseLogger;
  /** Longest time a phone may take to send a whole request before 408 (default 30 s). */
  readonly requestTimeoutMs?: number;
  /**
   * Browser origins allowed to call the device routes (CORS), e.g. the demo page served by
   * delivery. Empty or absent = no CORS headers at all (phones are not browsers): off by default.
   */
  readonly corsOrigins?: readonly string[];
}

export interface IngestAppOptions extends IngestEdgeDeps {
  /** What the endpoint takes, for messages: "send beacons as application/json". */
  readonly noun: string;
  /** Counts a refused request (token, rate limit, HTTP-level failures) by code. */
  readonly onRejected: (code: string) => void;
  /** Registers the app's device routes inside the authenticated, rate-limited scope. */
  readonly routes: (device: FastifyInstance) => Promise<void>;
}

export async function buildIngestApp(options: IngestAppOptions): Promise<FastifyInstance> {
  const app = createHttpServer<IngestErrorCode>({
    errors: INGEST_ERRORS,
    noun: options.noun,
    bodyLimit: options.bodyLimit,
    prototypeKeys: 'remove',
    onError: options.onRejected,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    mapError: (error) => (isRateLimited(error)
      ? { code: 'rate_limited', message: error.message, headers: { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) } }
      : undefined),
  });

  if (options.corsOrigins && options.corsOrigins.length > 0) {
    // Registered at the root, so the preflight (OPTIONS, no token) is answered before the device
    // scope's token check; only listed origins get an Access-Control-Allow-Origin.
    await app.register(cors, {
      origin: [...options.corsOrigins], methods: ['POST'], allowedHeaders: ['authorization', 'content-type'],
      exposedHeaders: ['retry-after'], maxAge: 600,
    });
  }
  registerMetricsRoute(app, options.registry);
  registerHttpMetrics(app, options.registry);
  if (options.health) registerHealthRoutes(app, options.health);

  await app.register(async (device) => {
    registerDeviceAuth(device, options.verify, { onRejected: options.onRejected });
    await registerDeviceRateLimit(device, options.rateLimit);
    await options.routes(device);
  });
  return app;
}
