// Builds the clicks-tracker HTTP app from explicit dependencies (token verifier, publish,
// metrics registry, health), so tests build it with a real producer on the embedded broker.
// Device routes live in one encapsulated plugin with the token check and the per-device rate
// limit; /healthz, /readyz and /metrics stay outside it. One error handler turns fastify's own
// failures (bad JSON, wrong media type, too large, rate limited) into stable codes.
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import { registerDeviceAuth } from '@tessera/device-auth/fastify';
import { isRateLimited, registerDeviceRateLimit } from '@tessera/device-auth/rate-limit';
import type { DeviceRateLimitOptions } from '@tessera/device-auth/rate-limit';
import type { VerifyDeviceToken } from '@tessera/device-auth/verifier';
import type { Health } from '@tessera/platform/health';
import { registerHealthRoutes } from '@tessera/platform/health/routes';
import { registerHttpMetrics } from '@tessera/platform/http-metrics';
import { registerMetricsRoute } from '@tessera/platform/metrics';
import type { Registry } from 'prom-client';
import { sendError } from './http/errors.js';
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
  const app = Fastify({ bodyLimit: deps.bodyLimit, ...(deps.logger ? { loggerInstance: deps.logger } : {}) }) as unknown as FastifyInstance;
  const metrics = createTrackerMetrics(deps.registry);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const reject = (code: Parameters<typeof sendError>[1], message: string) => {
      metrics.rejectedRequests.inc({ code });
      return sendError(reply, code, message);
    };
    if (isRateLimited(error)) {
      void reply.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
      return reject('rate_limited', error.message);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reject('invalid_json', `the body is not valid JSON: ${error.message}`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reject('unsupported_media_type', 'send interactions as application/json');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reject('body_too_large', `the body exceeds ${deps.bodyLimit} bytes`);
    }
    // secure-json-parse throws a SyntaxError with status 400 for malformed JSON.
    if (error.statusCode === 400 && error instanceof SyntaxError) return reject('invalid_json', `the body is not valid JSON: ${error.message}`);
    request.log.error({ err: error }, 'interactions request failed');
    return reject('internal_error', 'unexpected error; retry later');
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 'route_not_found', `no route ${request.method} ${request.url}`));

  registerMetricsRoute(app, deps.registry);
  registerHttpMetrics(app, deps.registry);
  if (deps.health) registerHealthRoutes(app, deps.health);

  await app.register(async (device) => {
    registerDeviceAuth(device, deps.verify, { onRejected: (code) => metrics.rejectedRequests.inc({ code }) });
    await registerDeviceRateLimit(device, deps.rateLimit);
    await device.register(interactionRoutes, { publish: deps.publish, metrics, maxBatch: deps.maxBatch, publishTimeoutMs: deps.publishTimeoutMs ?? 10_000, ...(deps.now ? { now: deps.now } : {}) });
  });
  return app;
}
