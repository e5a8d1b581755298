// The fastify instance every Tessera HTTP API is built on, so that every response it can send,
// including fastify's and Node's own failures, is the JSON error envelope of ./errors.ts with a
// stable code: malformed URLs and over-long path parameters (frameworkErrors), malformed HTTP,
// oversized headers and slow requests (clientErrorHandler), unknown routes and methods, requests
// that arrive while the server stops (fastify's own 503 body is replaced), wrong media types,
// bodies that are too large, not UTF-8 or not JSON, and bugs (logged, then `internal_error`).
// Bodies are parsed by one strict JSON parser: application/json only (text/plain is not parsed),
// UTF-8 only, prototype keys removed or refused, and no recursion on deeply nested input.
import { isUtf8 } from 'node:buffer';
import type { Socket } from 'node:net';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { answerClientError, errorSender, quoted } from './errors.js';
import type { ErrorSpec, HttpFrameworkErrorCode } from './errors.js';
import { registerRequestLog } from './request-log.js';
import { createRouteTable } from './routes-table.js';

/** An error the app maps to one of its own codes (its plugins' errors, e.g. a rate limiter). */
export interface MappedError<Code extends string> {
  readonly code: Code;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpServerOptions<Code extends string> {
  /** The app's error table: HTTP_FRAMEWORK_ERRORS plus its own codes. */
  readonly errors: Readonly<Record<Code | HttpFrameworkErrorCode, ErrorSpec>>;
  /** What the endpoint takes, for messages ("send beacons as application/json"). */
  readonly noun: string;
  /** Largest accepted body in bytes. */
  readonly bodyLimit: number;
  /**
   * JSON keys `__proto__` (and `constructor` holding `prototype`): "remove" drops them while
   * parsing, like any property the app does not declare; "refuse" answers `invalid_json`.
   */
  readonly prototypeKeys: 'remove' | 'refuse';
  readonly logger?: FastifyBaseLogger;
  /** Called once per error response the server itself sends, with its code (metrics). */
  readonly onError?: (code: string) => void;
  /** The app's own mapping for errors its plugins throw; undefined falls through to the generic one. */
  readonly mapError?: (error: FastifyError) => MappedError<Code | HttpFrameworkErrorCode> | undefined;
  /** Longest time a client may take to send a whole request (default 30 s): slow clients get 408. */
  readonly requestTimeoutMs?: number;
  /** A request taking at least this long is logged at warn (default 1 s); see ./request-log.ts. */
  readonly slowRequestMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Raised by the JSON parser; the error handler answers with its code. */
class EnvelopeError extends Error {
  constructor(readonly envelopeCode: HttpFrameworkErrorCode, message: string) {
    super(message);
  }
}

export function createHttpServer<Code extends string>(options: HttpServerOptions<Code>): FastifyInstance {
  type AnyCode = Code | HttpFrameworkErrorCode;
  const table = options.errors as Readonly<Record<AnyCode, ErrorSpec>>;
  const send = errorSender(table);
  const reject = (reply: FastifyReply, code: AnyCode, message: string) => {
    options.onError?.(code);
    return send(reply, code, message);
  };
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  const app = Fastify({
    bodyLimit: options.bodyLimit,
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    // No line per request at info: ./request-log.ts logs server errors and slow requests, and
    // every request only at debug.
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout,
    // Node checks request deadlines on this period; a fraction of the timeout keeps the cut-off near it.
    http: { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(requestTimeout / 4))) },
    // Our onRequest hook answers during shutdown instead, with the envelope.
    return503OnClosing: false,
    frameworkErrors: (error, _request, reply) => {
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return reject(reply, 'url_too_long', 'a path segment of the URL is too long');
      if (error.code === 'FST_ERR_BAD_URL') return reject(reply, 'invalid_url', 'the URL has malformed percent-encoding');
      return reject(reply, 'bad_request', 'the request could not be routed');
    },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
      answerClientError(error, socket, { requestTimeoutMs: requestTimeout, ...(options.onError ? { onError: options.onError } : {}) });
    },
  }) as unknown as FastifyInstance;

  registerRequestLog(app, options.slowRequestMs !== undefined ? { slowMs: options.slowRequestMs } : {});

  let closing = false;
  app.addHook('preClose', async () => { closing = true; });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    void reply.header('connection', 'close');
    return reject(reply, 'shutting_down', 'the server is stopping; retry');
  });

  const routes = createRouteTable();
  app.addHook('onRoute', (route) => routes.add(route.method, route.url));

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, parseJson(request, body as Buffer, options.prototypeKeys));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = options.mapError?.(error);
    if (mapped) {
      for (const [name, value] of Object.entries(mapped.headers ?? {})) void reply.header(name, value);
      return reject(reply, mapped.code, mapped.message);
    }
    if (error instanceof EnvelopeError) return reject(reply, error.envelopeCode, error.message);
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reject(reply, 'unsupported_media_type', `send ${options.noun} as application/json`);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reject(reply, 'body_too_large', `the body exceeds ${options.bodyLimit} bytes`);
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reject(reply, 'bad_request', 'the body does not match its Content-Length');
    }
    // Any other 4xx fastify or a plugin raises is the client's, but has no code of ours: say so.
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reject(reply, 'bad_request', quoted(error.message));
    }
    request.log.error({ err: error }, `${options.noun} request failed`);
    return reject(reply, 'internal_error', 'unexpected error; retry later');
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routes.methodsFor(path);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      void reply.header('allow', allowed.join(', '));
      return reject(reply, 'method_not_allowed', `${request.method} is not allowed on ${quoted(path)}; use ${allowed.join(', ')}`);
    }
    return reject(reply, 'route_not_found', `no route ${request.method} ${quoted(path)}`);
  });

  return app;
}

function parseJson(request: FastifyRequest, body: Buffer, prototypeKeys: 'remove' | 'refuse'): unknown {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new EnvelopeError('unsupported_media_type', `JSON is read as UTF-8 only, not ${quoted(charset)}`);
  }
  // Decoding would silently turn invalid bytes into U+FFFD; refuse instead of storing altered text.
  if (!isUtf8(body)) throw new EnvelopeError('invalid_json', 'the body is not valid UTF-8');
  if (body.length === 0) throw new EnvelopeError('invalid_json', 'the body is empty');
  const action = prototypeKeys === 'remove' ? 'remove' : 'error';
  try {
    // secure-json-parse scans for prototype keys without recursion; JSON.parse itself does not recurse either.
    return sjson.parse(body.toString('utf8'), undefined, { protoAction: action, constructorAction: action });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/forbidden prototype property/i.test(message)) {
      throw new EnvelopeError('invalid_json', 'the body holds a forbidden key (__proto__, or constructor with prototype)');
    }
    throw new EnvelopeError('invalid_json', `the body is not valid JSON: ${quoted(message)}`);
  }
}
