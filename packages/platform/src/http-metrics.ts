// Owns the request metrics of a fastify app: one latency histogram labelled by method, route
// pattern and status code. The route *pattern* (/cards/:id), never the raw URL, keeps the number
// of series bounded; requests that match no route share the label "unmatched".
import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { FastifyHost } from './fastify-host.js';

export interface HttpMetricsOptions {
  /** Seconds. The defaults span 5 ms to 5 s, suited to API calls rather than long polls. */
  readonly buckets?: readonly number[];
  /** Route patterns not measured: probes and scrapes would dominate the histogram. */
  readonly ignoreRoutes?: readonly string[];
}

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const DEFAULT_IGNORED = ['/metrics', '/healthz', '/readyz'];

export function registerHttpMetrics(app: FastifyHost, registry: Registry, options: HttpMetricsOptions = {}): void {
  const ignored = new Set(options.ignoreRoutes ?? DEFAULT_IGNORED);
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency from arrival to response sent, by route pattern',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [...(options.buckets ?? DEFAULT_BUCKETS)],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route: string | undefined = request.routeOptions.url;
    if (route !== undefined && ignored.has(route)) return;
    duration.observe(
      { method: request.method, route: route ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
