// Owns what an HTTP server logs per request, so that log volume does not grow with traffic: one
// line per request only at debug level; at info and above, only server errors (5xx, at warn: a
// bug behind a 500 is logged at error with its stack by the error handler) and slow requests
// (at warn, with the time taken) — always, whatever their route. Counting
// requests is the metrics' job (platform/http-metrics: a histogram by route and status code), not
// the log's. Fastify's own "incoming request" / "request completed" lines are turned off where the
// server is created (logController with disableRequestLogging).
import type { FastifyInstance } from 'fastify';

export interface RequestLogOptions {
  /** A request that takes at least this long is logged at warn (default 1 s). */
  readonly slowMs?: number;
}

export const DEFAULT_SLOW_REQUEST_MS = 1_000;

export function registerRequestLog(app: FastifyInstance, options: RequestLogOptions = {}): void {
  const slowMs = options.slowMs ?? DEFAULT_SLOW_REQUEST_MS;
  app.addHook('onResponse', async (request, reply) => {
    const ms = Math.round(reply.elapsedTime);
    const fields = { method: request.method, route: request.routeOptions.url ?? 'unmatched', statusCode: reply.statusCode, ms };
    if (reply.statusCode >= 500) request.log.warn(fields, 'request answered with a server error');
    else if (ms >= slowMs) request.log.warn(fields, 'slow request');
    else request.log.debug({ ...fields, url: request.url }, 'request');
  });
}
