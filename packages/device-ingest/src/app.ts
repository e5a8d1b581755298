// The fastify skeleton of a device-facing ingest app: body limit, optional CORS, /metrics, HTTP metrics,
// /healthz and /readyz outside the device scope; inside it the token check and the per-device
// rate limit, then the app's own routes. One error handler turns fastify's own failures (bad JSON,
// wrong media type, too large, rate limited) into the stable codes of ./errors. The routes, body
// validation and metrics stay in each app; this only wires what they share.
import cors from '@fastify/cors';
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
import { sendIngestError } from './errors.js';
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
  /**
   * Browser origins allowed to call the device routes (CORS), e.g. the demo page served by
   * delivery. Empty or absent = no CORS headers at all (phones are not browsers): off by default.
   */
  readonly corsOrigins?: readonly string[];
}

export interface IngestAppOptions extends IngestEdgeDeps {
  /** What the endpoint takes, for messages: "send beacons as application/json". */
  readonly noun: string;
  /** Counts a refused request (token, rate limit, fastify's own failures) by code. */
  readonly onRejected: (code: string) => void;
  /** Registers the app's device routes inside the authenticated, rate-limited scope. */
  readonly routes: (device: FastifyInstance) => Promise<void>;
}

export async function buildIngestApp(options: IngestAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: options.bodyLimit, ...(options.logger ? { loggerInstance: options.logger } : {}) }) as unknown as FastifyInstance;

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const reject = (code: IngestErrorCode, message: string) => {
      options.onRejected(code);
      return sendIngestError(reply, code, message);
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
        return reject('unsupported_media_type', `send ${options.noun} as application/json`);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reject('body_too_large', `the body exceeds ${options.bodyLimit} bytes`);
    }
    // secure-json-parse throws a SyntaxError with status 400 for malformed JSON.
    if (error.statusCode === 400 && error instanceof SyntaxError) return reject('invalid_json', `the body is not valid JSON: ${error.message}`);
    request.log.error({ err: error }, `${options.noun} request failed`);
    return reject('internal_error', 'unexpected error; retry later');
  });
  app.setNotFoundHandler((request, reply) => sendIngestError(reply, 'route_not_found', `no route ${request.method} ${request.url}`));

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
