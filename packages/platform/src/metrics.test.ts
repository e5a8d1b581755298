import Fastify from 'fastify';
import { collectDefaultMetrics, Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { createMetricsRegistry, PROCESS_METRICS, registerMetricsRoute } from './metrics.js';

describe('metrics', () => {
  it('serves the Prometheus text format with the app label on every series', async () => {
    const registry = createMetricsRegistry({ app: 'beacon' });
    const accepted = new Counter({ name: 'beacons_accepted_total', help: 'Beacons accepted', registers: [registry] });
    accepted.inc(3);
    const app = Fastify({ loggerInstance: createLogger({ name: 'beacon', level: 'silent' }) });
    registerMetricsRoute(app, registry);
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    await app.close();

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# HELP beacons_accepted_total Beacons accepted');
    expect(response.body).toContain('# TYPE beacons_accepted_total counter');
    expect(response.body).toContain('beacons_accepted_total{app="beacon"} 3');
    // Default process metrics are present and labelled too.
    expect(response.body).toMatch(/^process_cpu_user_seconds_total\{app="beacon"\} /m);
    const samples = response.body.split('\n').filter((line) => line && !line.startsWith('#'));
    expect(samples.filter((line) => !line.includes('app="beacon"'))).toEqual([]);
  });

  it('keeps registries of two apps in one process apart', async () => {
    const a = createMetricsRegistry({ app: 'a', defaultMetrics: false });
    const b = createMetricsRegistry({ app: 'b', defaultMetrics: false, labels: { instance: 'n1' } });
    new Counter({ name: 'events_total', help: 'h', registers: [a] }).inc();
    new Counter({ name: 'events_total', help: 'h', registers: [b] }).inc(2);
    expect(await a.metrics()).toContain('events_total{app="a"} 1');
    expect(await b.metrics()).toContain('events_total{instance="n1",app="b"} 2');
  });

  it('answers 500 with the reason when a collector throws', async () => {
    const registry = createMetricsRegistry({ app: 'x', defaultMetrics: false });
    new Counter({
      name: 'broken_total',
      help: 'h',
      registers: [registry],
      collect() {
        throw new Error('lag probe failed');
      },
    });
    const app = Fastify();
    registerMetricsRoute(app, registry);
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    await app.close();
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ error: { code: 'internal_error', retriable: true, message: expect.stringContaining('lag probe failed') } });
  });

  it('registers every prom-client default metric but its gc observer', async () => {
    // A prom-client upgrade that adds or renames a default metric fails here instead of dropping it silently.
    expect([...PROCESS_METRICS, 'gc'].sort()).toEqual([...collectDefaultMetrics.metricsList].sort());
    const text = await createMetricsRegistry({ app: 'm' }).metrics();
    expect(text).toMatch(/^nodejs_heap_space_size_used_bytes\{space="old",app="m"\} \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{app="m"\} /m);
    expect(text).toMatch(/^process_resident_memory_bytes\{app="m"\} \d+/m);
    expect(text).not.toContain('nodejs_gc_duration_seconds');
  });
});
