import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createHealth } from './health.js';
import { registerHealthRoutes } from './routes.js';

function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, retriable: true });
}

describe('readiness', () => {
  it('is ready when every dependency check passes', async () => {
    const health = createHealth();
    health.register('kafka', async () => undefined);
    health.register('redis', () => true);
    expect(await health.readiness()).toEqual({
      status: 'ready',
      dependencies: { kafka: { status: 'up' }, redis: { status: 'up' } },
      failing: [],
    });
  });

  it('names each failing dependency and why: thrown, false, timed out', async () => {
    const health = createHealth({ timeoutMs: 50 });
    health.register('kafka', async () => undefined);
    health.register('redis', async () => {
      throw failure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6379');
    });
    health.register('model', () => false);
    let aborted = false;
    health.register('gcs', (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => undefined);
    });
    const report = await health.readiness();
    expect(report.status).toBe('not_ready');
    expect(report.failing).toEqual(['redis', 'model', 'gcs']);
    expect(report.dependencies).toEqual({
      kafka: { status: 'up' },
      redis: { status: 'down', error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:6379' },
      model: { status: 'down', error: 'check reported not ready' },
      gcs: { status: 'down', error: 'timed out after 50ms' },
    });
    expect(aborted).toBe(true);
  });

  it('reports not ready while shutting down even if dependencies are up', async () => {
    let stopping = false;
    const health = createHealth({ isShuttingDown: () => stopping });
    health.register('redis', () => undefined);
    expect((await health.readiness()).status).toBe('ready');
    stopping = true;
    expect(await health.readiness()).toMatchObject({ status: 'not_ready', failing: ['shutdown'] });
  });

  it('refuses two checks under one name', () => {
    const health = createHealth();
    health.register('redis', () => undefined);
    expect(() => health.register('redis', () => undefined)).toThrow(/already registered/);
  });
});

describe('fastify health routes', () => {
  it('serves /healthz 200 and /readyz 503 with the failing dependency', async () => {
    const health = createHealth();
    health.register('redis', () => {
      throw new Error('NOAUTH Authentication required');
    });
    const app = Fastify();
    registerHealthRoutes(app, health);
    const live = await app.inject({ method: 'GET', url: '/healthz' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    await app.close();
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      status: 'not_ready',
      failing: ['redis'],
      dependencies: { redis: { status: 'down', error: 'NOAUTH Authentication required' } },
    });
  });
});
