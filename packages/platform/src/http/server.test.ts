// Every class of failure the shared HTTP server can answer, each through the real request path
// (fastify inject, or a raw TCP socket for what Node's HTTP parser refuses before fastify sees a
// request), each answered with the JSON error envelope and its stable code.
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { inject } from 'light-my-request';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/support/capture-logger.js';
import { HTTP_FRAMEWORK_ERRORS } from './errors.js';
import { createHttpServer } from './server.js';
import type { HttpServerOptions } from './server.js';

const ERRORS = { ...HTTP_FRAMEWORK_ERRORS, teapot: { status: 418, retriable: false } } as const;

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

type Options = Partial<HttpServerOptions<keyof typeof ERRORS>>;

function build(overrides: Options = {}, codes: string[] = []): FastifyInstance {
  app = createHttpServer({
    errors: ERRORS, noun: 'things', bodyLimit: 1024, prototypeKeys: 'refuse', onError: (code) => codes.push(code), ...overrides,
  });
  app.post('/v1/things', async (request) => ({ body: request.body }));
  app.delete('/v1/things/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.get('/v1/boom', async () => { throw new Error('database exploded'); });
  return app;
}

const json = { 'content-type': 'application/json' };
type Envelope = { error: { code: string; message: string; retriable: boolean } };

async function expectEnvelope(response: { statusCode: number; json(): unknown }, status: number, code: string): Promise<Envelope> {
  const body = response.json() as Envelope;
  expect({ status: response.statusCode, code: body.error?.code }).toEqual({ status, code });
  expect(body.error.message).toEqual(expect.any(String));
  expect(body.error.retriable).toBe(ERRORS[code as keyof typeof ERRORS].retriable);
  return body;
}

/** Sends raw bytes and returns everything the server wrote before closing the connection. */
async function raw(port: number, bytes: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => { received += chunk.toString(); });
  const closed = new Promise<void>((resolve) => { socket.on('close', () => resolve()); socket.on('error', () => resolve()); });
  socket.write(bytes);
  await closed;
  return received;
}

function parseRaw(response: string): { status: number; headers: string; body: Envelope } {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) as Envelope };
}

async function listen(server: FastifyInstance): Promise<number> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  return (server.server.address() as { port: number }).port;
}

describe('createHttpServer: the error envelope for every failure', () => {
  it('invalid_url: malformed percent-encoding (frameworkErrors)', async () => {
    const codes: string[] = [];
    await expectEnvelope(await build({}, codes).inject({ method: 'POST', url: '/v1/%zz', payload: '{}', headers: json }), 400, 'invalid_url');
    expect(codes).toEqual(['invalid_url']);
  });

  it('url_too_long: a path parameter past the router limit, without echoing it', async () => {
    const response = await build().inject({ method: 'DELETE', url: `/v1/things/${'a'.repeat(5000)}` });
    await expectEnvelope(response, 414, 'url_too_long');
    expect(response.body).not.toContain('a'.repeat(200));
  });

  it('route_not_found and method_not_allowed (with Allow), quoting at most a bounded part of the URL', async () => {
    const server = build();
    const missing = await expectEnvelope(await server.inject({ method: 'GET', url: `/v1/${'x'.repeat(10_000)}` }), 404, 'route_not_found');
    expect(missing.error.message.length).toBeLessThan(200);
    const wrongMethod = await server.inject({ method: 'GET', url: '/v1/things' });
    await expectEnvelope(wrongMethod, 405, 'method_not_allowed');
    expect(wrongMethod.headers.allow).toBe('POST');
    const put = await server.inject({ method: 'PUT', url: '/v1/things/abc' });
    await expectEnvelope(put, 405, 'method_not_allowed');
    expect(put.headers.allow).toBe('DELETE');
  });

  it('unsupported_media_type: text/plain, no content type, a JSON look-alike, a charset other than UTF-8', async () => {
    const server = build();
    for (const headers of [{ 'content-type': 'text/plain' }, {}, { 'content-type': 'application/json-patch+json' }, { 'content-type': 'application/json; charset=latin1' }]) {
      await expectEnvelope(await server.inject({ method: 'POST', url: '/v1/things', payload: '{"a":1}', headers }), 415, 'unsupported_media_type');
    }
    const utf8 = await server.inject({ method: 'POST', url: '/v1/things', payload: '{"a":1}', headers: { 'content-type': 'Application/JSON; charset="UTF-8"' } });
    expect(utf8.json()).toEqual({ body: { a: 1 } });
  });

  it('body_too_large', async () => {
    await expectEnvelope(await build().inject({ method: 'POST', url: '/v1/things', payload: JSON.stringify({ pad: 'x'.repeat(2000) }), headers: json }), 413, 'body_too_large');
  });

  it('invalid_json: malformed, empty, invalid UTF-8 bytes, and a __proto__ key when refused', async () => {
    const server = build();
    const post = (payload: string | Buffer) => server.inject({ method: 'POST', url: '/v1/things', payload, headers: json });
    await expectEnvelope(await post('{"a": '), 400, 'invalid_json');
    await expectEnvelope(await post(''), 400, 'invalid_json');
    const latin1 = await expectEnvelope(await post(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])), 400, 'invalid_json');
    expect(latin1.error.message).toMatch(/UTF-8/);
    const proto = await expectEnvelope(await post('{"a":1,"__proto__":{"admin":true}}'), 400, 'invalid_json');
    expect(proto.error.message).toMatch(/__proto__/);
    await expectEnvelope(await post('{"constructor":{"prototype":{"admin":true}}}'), 400, 'invalid_json');
  });

  it('removes prototype keys while parsing when told to, and parses 10,000 nested arrays without recursion', async () => {
    const server = build({ prototypeKeys: 'remove', bodyLimit: 64 * 1024 });
    const response = await server.inject({ method: 'POST', url: '/v1/things', payload: '{"a":1,"__proto__":{"admin":true},"b":{"constructor":{"prototype":{}}}}', headers: json });
    expect(response.json()).toEqual({ body: { a: 1, b: {} } });
    // A UTF-8 byte order mark is not content: ignored, as RFC 8259 allows a parser to.
    const bom = await server.inject({ method: 'POST', url: '/v1/things', payload: '\ufeff{"a":2}', headers: json });
    expect(bom.json()).toEqual({ body: { a: 2 } });
    const deep = await server.inject({ method: 'POST', url: '/v1/things', payload: `{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, headers: json });
    // The route echoes the body: serializing it is the route's problem (here a 500), parsing was not.
    expect([200, 500]).toContain(deep.statusCode);
  });

  it('bad_request: a Content-Length that does not match the body, and malformed HTTP on the socket', async () => {
    const server = build();
    await expectEnvelope(await server.inject({ method: 'POST', url: '/v1/things', payload: '{"a":1}', headers: { ...json, 'content-length': '3' } }), 400, 'bad_request');
    const port = await listen(server);
    const response = parseRaw(await raw(port, 'THIS IS NOT HTTP\r\n\r\n'));
    expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 400, code: 'bad_request' });
    expect(response.headers).toContain('content-type: application/json');
  });

  it('headers_too_large: more header bytes than Node accepts', async () => {
    const port = await listen(build());
    const response = parseRaw(await raw(port, `GET /v1/things HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(40_000)}\r\n\r\n`));
    expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 431, code: 'headers_too_large' });
  });

  it('request_timeout: a client that never finishes its request', async () => {
    const port = await listen(build({ requestTimeoutMs: 300 }));
    // Headers say 100 bytes of body; 5 are sent and the client goes quiet.
    const response = parseRaw(await raw(port, 'POST /v1/things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":'));
    expect({ status: response.status, code: response.body.error.code, retriable: response.body.error.retriable }).toEqual({ status: 408, code: 'request_timeout', retriable: true });
    expect(response.headers).toContain('retry-after: 5');
  });

  it('shutting_down: a request routed while the server is closing gets the envelope, not fastify\'s own 503 body', async () => {
    const server = build();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    let entered: () => void = () => {};
    const inFlight = new Promise<void>((resolve) => { entered = resolve; });
    let preClosed: () => void = () => {};
    const closeStarted = new Promise<void>((resolve) => { preClosed = resolve; });
    server.post('/v1/slow', async () => { entered(); await held; return { slow: true }; });
    server.addHook('preClose', async () => preClosed());
    await server.ready();
    // A request in flight keeps close() waiting. Over a socket, Node drops a request that arrives
    // on a closing connection before fastify could answer it, so the late request is dispatched
    // to the server's routing function directly (fastify.inject refuses once closing started).
    const slow = server.inject({ method: 'POST', url: '/v1/slow', payload: '{}', headers: json });
    try {
      await inFlight;
      const closing = server.close();
      app = undefined;
      await closeStarted;
      const late = await inject(server.routing, { method: 'POST', url: '/v1/things', payload: '{}', headers: json });
      expect(late.headers.connection).toBe('close');
      await expectEnvelope(late, 503, 'shutting_down');
      release();
      expect((await slow).json()).toEqual({ slow: true });
      await closing;
    } finally {
      release();
    }
  });

  it('internal_error: a bug is logged with its stack and answered without its message', async () => {
    const captured = captureLogger();
    const response = await build({ logger: captured.logger }).inject({ method: 'GET', url: '/v1/boom' });
    await expectEnvelope(response, 500, 'internal_error');
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).not.toContain('database exploded');
    const logged = captured.lines.find((l) => l.msg === 'things request failed');
    expect(logged).toMatchObject({ level: 'error', err: { message: 'database exploded' } });
  });

  it('lets the app map its plugins\' errors to its own codes, with headers', async () => {
    const server = build({
      mapError: (error) => ((error as { teapot?: boolean }).teapot ? { code: 'teapot', message: 'short and stout', headers: { 'x-why': 'tea' } } : undefined),
    });
    server.get('/v1/tea', async () => { throw Object.assign(new Error('tea'), { teapot: true }); });
    const response = await server.inject({ method: 'GET', url: '/v1/tea' });
    await expectEnvelope(response, 418, 'teapot');
    expect(response.headers['x-why']).toBe('tea');
  });
});
