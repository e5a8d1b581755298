import { createVerifier } from '@tessera/device-auth/verifier';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { buildIngestApp } from './app.js';

const SECRET = 'device-ingest-test-secret-at-least-32-bytes';

async function build(rejected: string[], max = 100, corsOrigins?: string[]) {
  return buildIngestApp({
    verify: await createVerifier({ keys: { kind: 'hs256', secret: SECRET } }),
    registry: new Registry(),
    rateLimit: { max, timeWindowMs: 60_000 },
    bodyLimit: 64,
    noun: 'things',
    ...(corsOrigins ? { corsOrigins } : {}),
    onRejected: (code) => rejected.push(code),
    routes: async (device) => {
      device.post('/v1/things', async (_request, reply) => reply.code(202).send({ ok: true }));
    },
  });
}

describe('buildIngestApp', () => {
  it('answers fastify failures, missing tokens and the rate limit with the stable envelope', async () => {
    const rejected: string[] = [];
    const app = await build(rejected, 2);
    const token = await signDeviceToken(SECRET, { userId: 'u1', deviceId: 'd1' });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    expect((await app.inject({ method: 'POST', url: '/v1/things', payload: '{}', headers: { 'content-type': 'application/json' } })).statusCode).toBe(401);
    const badJson = await app.inject({ method: 'POST', url: '/v1/things', payload: '{nope', headers: auth });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toMatchObject({ error: { code: 'invalid_json', retriable: false } });
    const tooLarge = await app.inject({ method: 'POST', url: '/v1/things', payload: JSON.stringify({ pad: 'x'.repeat(100) }), headers: auth });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ error: { code: 'body_too_large' } });
    const limited = await app.inject({ method: 'POST', url: '/v1/things', payload: '{}', headers: auth });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(rejected).toEqual(['missing_token', 'invalid_json', 'body_too_large', 'rate_limited']);
    await app.close();
  });

  it('serves /metrics outside the device scope and names unknown routes', async () => {
    const app = await build([]);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const missing = await app.inject({ method: 'GET', url: '/v1/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'route_not_found', retriable: false } });
    await app.close();
  });

  it('answers CORS only for the listed origins, with the preflight outside the token check; none when off', async () => {
    const app = await build([], 100, ['http://127.0.0.1:8083']);
    const preflight = (origin: string) => app.inject({ method: 'OPTIONS', url: '/v1/things', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const allowed = await preflight('http://127.0.0.1:8083');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8083');
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('authorization');
    expect((await preflight('http://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    const token = await signDeviceToken(SECRET, { userId: 'u1', deviceId: 'd1' });
    const post = await app.inject({ method: 'POST', url: '/v1/things', payload: '{}', headers: { origin: 'http://127.0.0.1:8083', authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    expect(post.statusCode).toBe(202);
    expect(post.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8083');
    await app.close();
    const off = await build([]);
    const none = await off.inject({ method: 'POST', url: '/v1/things', payload: '{}', headers: { origin: 'http://127.0.0.1:8083', authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
    await off.close();
  });
});
