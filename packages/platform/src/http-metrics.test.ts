import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerHttpMetrics } from './http-metrics.js';
import { createMetricsRegistry, registerMetricsRoute } from './metrics.js';

describe('registerHttpMetrics', () => {
  it('counts requests by route pattern and status, skipping scrapes; unknown URLs share one label', async () => {
    const registry = createMetricsRegistry({ app: 'clicks', defaultMetrics: false });
    const app = Fastify();
    registerHttpMetrics(app, registry);
    registerMetricsRoute(app, registry);
    app.get('/cards/:id', async (request, reply) =>
      (request.params as { id: string }).id === 'gone' ? reply.code(410).send() : { ok: true },
    );
    for (const url of ['/cards/1', '/cards/2', '/cards/gone', '/nope/a', '/nope/b', '/metrics']) {
      await app.inject({ method: 'GET', url });
    }
    const text = await registry.metrics();
    await app.close();

    const count = (labels: string) =>
      text.split('\n').find((line) => line.startsWith(`http_request_duration_seconds_count{app="clicks",${labels}}`));
    expect(count('method="GET",route="/cards/:id",status_code="200"')).toMatch(/ 2$/);
    expect(count('method="GET",route="/cards/:id",status_code="410"')).toMatch(/ 1$/);
    expect(count('method="GET",route="unmatched",status_code="404"')).toMatch(/ 2$/);
    expect(text).not.toContain('route="/metrics"');
    expect(text).not.toContain('/cards/1');
  });
});
