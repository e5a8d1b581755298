import { connect } from 'node:net';
import { Gauge } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth } from './health/health.js';
import { createMetricsRegistry } from './metrics.js';
import { startOpsServer } from './ops-server.js';
import type { OpsServer } from './ops-server.js';

let server: OpsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startOpsServer', () => {
  it('serves /metrics, /healthz and /readyz over real HTTP', async () => {
    const registry = createMetricsRegistry({ app: 'archiver', defaultMetrics: false });
    new Gauge({ name: 'archiver_open_objects', help: 'Objects being written', registers: [registry] }).set(2);
    let redisUp = true;
    const health = createHealth();
    health.register('redis', () => {
      if (!redisUp) throw new Error('connection closed');
    });
    server = await startOpsServer({ port: 0, host: '127.0.0.1', registry, health });

    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await metrics.text()).toContain('archiver_open_objects{app="archiver"} 2');

    const live = await fetch(`${server.url}/healthz`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);

    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    redisUp = false;
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ failing: ['redis'], dependencies: { redis: { error: 'connection closed' } } });

    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
  });

  it('answers unknown routes, other methods and failures with the JSON error envelope', async () => {
    const registry = createMetricsRegistry({ app: 'x', defaultMetrics: false });
    new Gauge({ name: 'broken', help: 'A collector that fails', registers: [registry], collect() { throw new Error('lag probe failed'); } });
    server = await startOpsServer({ port: 0, host: '127.0.0.1', registry, health: createHealth() });

    const missing = await fetch(`${server.url}/${'x'.repeat(5000)}`);
    expect(missing.status).toBe(404);
    const notFound = (await missing.json()) as { error: { code: string; message: string; retriable: boolean } };
    expect(notFound).toMatchObject({ error: { code: 'route_not_found', retriable: false } });
    expect(notFound.error.message.length).toBeLessThan(200);

    const post = await fetch(`${server.url}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await post.json()).toMatchObject({ error: { code: 'method_not_allowed', retriable: false } });

    const failed = await fetch(`${server.url}/metrics`);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('retry-after')).toBe('5');
    expect(await failed.json()).toMatchObject({ error: { code: 'internal_error', retriable: true, message: expect.stringContaining('lag probe failed') } });

    // What Node's parser refuses before routing: malformed HTTP.
    const socket = connect(server.port, '127.0.0.1');
    let raw = '';
    socket.on('data', (chunk) => { raw += chunk.toString(); });
    await new Promise<void>((resolve) => { socket.on('close', () => resolve()); socket.write('NOT HTTP AT ALL\r\n\r\n'); });
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'bad_request', retriable: false } });
  });

  it('stops accepting connections after close', async () => {
    const registry = createMetricsRegistry({ app: 'x', defaultMetrics: false });
    const closing = await startOpsServer({ port: 0, host: '127.0.0.1', registry, health: createHealth() });
    expect((await fetch(`${closing.url}/healthz`)).status).toBe(200);
    await closing.close();
    await expect(fetch(`${closing.url}/healthz`)).rejects.toThrow();
  });
});
