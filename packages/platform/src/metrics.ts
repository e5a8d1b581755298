// Owns Prometheus exposition for one app: a private prom-client Registry (never the global one,
// so tests and several apps in one process keep separate series) carrying the app label and the
// default process metrics, plus the /metrics route for apps that already run fastify.
import { createRequire } from 'node:module';
import { Registry } from 'prom-client';
import type { FastifyHost } from './fastify-host.js';
import { errorBody, HTTP_FRAMEWORK_ERRORS } from './http/errors.js';

export type { Registry } from 'prom-client';

export interface MetricsOptions {
  /** Becomes the `app` label on every series this registry exposes. */
  readonly app: string;
  /** Process metrics (CPU, memory, heap spaces, event-loop lag; no GC histogram, see PROCESS_METRICS). On by default; off keeps unit tests lean. */
  readonly defaultMetrics?: boolean;
  /** Extra constant labels, e.g. { instance: hostname }. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * prom-client's default metrics except `gc` (nodejs_gc_duration_seconds), registered one by one
 * because `collectDefaultMetrics` takes no exclusions; metrics.test.ts compares the list with the
 * installed prom-client's. The GC histogram observes Node's perf_hooks 'gc' entries, and Node builds
 * an entry object (with deprecated getters wrapped per entry) for every collection; those objects
 * outlive the next scavenge and were the largest source of promoted garbage in the idle apps
 * (users-table: about 45 % of what reached its old space in a soak), so their RSS climbed for
 * the ~15 minutes between full collections. V8's GCProfiler, the allocation-free alternative,
 * leaks natively on every stop/start in Node 20 (~170 KB per collection in a synthetic test).
 * GC cost stays visible as CPU, event-loop lag and the heap-space series; `--trace-gc` shows it
 * per collection when needed.
 */
export const PROCESS_METRICS = [
  'processCpuTotal', 'processStartTime', 'osMemoryHeap', 'processOpenFileDescriptors', 'processMaxFileDescriptors', 'eventLoopLag',
  'processResources', 'processHandles', 'processRequests', 'heapSizeAndUsed', 'heapSpacesSizeAndUsed', 'version',
] as const;

const require = createRequire(import.meta.url);
type DefaultMetric = (registry: Registry, config: { eventLoopMonitoringPrecision: number }) => void;

export function createMetricsRegistry(options: MetricsOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ ...options.labels, app: options.app });
  if (options.defaultMetrics !== false) {
    for (const name of PROCESS_METRICS) (require(`prom-client/lib/metrics/${name}`) as DefaultMetric)(registry, { eventLoopMonitoringPrecision: 10 });
  }
  return registry;
}

export interface MetricsResponse {
  readonly statusCode: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The scrape answer, shared by the fastify route and the standalone ops server. */
export async function renderMetrics(registry: Registry): Promise<MetricsResponse> {
  try {
    return { statusCode: 200, contentType: registry.contentType, body: await registry.metrics() };
  } catch (error) {
    // A collect callback that throws should fail the scrape visibly, not crash the app. The
    // reason is for the operator reading the scrape error; /metrics is not a public route.
    const message = error instanceof Error ? error.message : String(error);
    const spec = HTTP_FRAMEWORK_ERRORS.internal_error;
    return {
      statusCode: spec.status,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(errorBody('internal_error', spec, `metrics collection failed: ${message}`)),
      headers: { 'retry-after': '5' },
    };
  }
}

export function registerMetricsRoute(app: FastifyHost, registry: Registry, path = '/metrics'): void {
  // Scrapes arrive every few seconds; logging each one at info would drown the request log.
  app.get(path, { logLevel: 'warn' }, async (_request, reply) => {
    const response = await renderMetrics(registry);
    void reply.headers(response.headers ?? {});
    return reply.code(response.statusCode).header('content-type', response.contentType).send(response.body);
  });
}
