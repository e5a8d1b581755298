// What the shared HTTP server logs per request: nothing at info for a fast success or a client
// error, a warn line for a slow request and for a 5xx, a line per request at debug.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/support/capture-logger.js';
import { HTTP_FRAMEWORK_ERRORS } from './errors.js';
import { createHttpServer } from './server.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

// Only the slow-request test uses a short threshold: on a busy machine any request may take 50 ms.
function build(level: 'info' | 'debug', slowRequestMs = 60_000) {
  const captured = captureLogger();
  captured.logger.level = level;
  app = createHttpServer({ errors: HTTP_FRAMEWORK_ERRORS, noun: 'things', bodyLimit: 1024, prototypeKeys: 'refuse', logger: captured.logger, slowRequestMs });
  app.get('/v1/fast', async () => ({ ok: true }));
  app.get('/v1/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 80));
    return { ok: true };
  });
  app.get('/v1/boom', async () => { throw new Error('bug'); });
  return { app, captured };
}

describe('request log', () => {
  it('at info, logs no line for fast successes or client errors, fastify\'s own request lines included', async () => {
    const { app, captured } = build('info');
    for (let i = 0; i < 20; i += 1) expect((await app.inject({ method: 'GET', url: '/v1/fast' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/nowhere' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/v1/fast', headers: { 'content-type': 'application/json' }, payload: '{' })).statusCode).toBe(400);
    expect(captured.lines).toEqual([]);
  });

  it('always logs a slow request at warn, with its route, status and time', async () => {
    const { app, captured } = build('info', 50);
    await app.inject({ method: 'GET', url: '/v1/slow' });
    expect(captured.lines).toHaveLength(1);
    expect(captured.lines[0]).toMatchObject({ level: 'warn', msg: 'slow request', method: 'GET', route: '/v1/slow', statusCode: 200 });
    expect(captured.lines[0]!.ms).toBeGreaterThanOrEqual(50);
  });

  it('always logs a server error: the bug at error with its stack, the response at warn', async () => {
    const { app, captured } = build('info');
    await app.inject({ method: 'GET', url: '/v1/boom' });
    expect(captured.lines.map((l) => [l.level, l.msg])).toEqual([['error', 'things request failed'], ['warn', 'request answered with a server error']]);
    expect(captured.lines[1]).toMatchObject({ route: '/v1/boom', statusCode: 500 });
  });

  it('at debug, logs one line per request', async () => {
    const { app, captured } = build('debug');
    await app.inject({ method: 'GET', url: '/v1/fast?x=1' });
    await app.inject({ method: 'GET', url: '/v1/nowhere' });
    expect(captured.lines.map((l) => [l.level, l.msg, l.url, l.statusCode])).toEqual([['debug', 'request', '/v1/fast?x=1', 200], ['debug', 'request', '/v1/nowhere', 404]]);
  });
});
