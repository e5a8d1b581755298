// Builds the push API's fastify instance on platform's shared HTTP server: every failure,
// fastify's own included (malformed URL, over-long content id, unknown route or method, media
// type, body size, bad JSON, shutdown), is answered with the API's error envelope, and a bug is
// logged with its stack before the 500. Strict like the body schema: a `__proto__` key is refused.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createHttpServer } from '@tessera/platform/http/server';
import { HTTP_ERRORS } from './http-errors.js';
import type { HttpErrorCode } from './http-errors.js';
import { pushRoutes } from './routes.js';
import type { PushRoutesDeps } from './routes.js';

export interface PushApiOptions extends PushRoutesDeps {
  /** Largest accepted body; an item is small, anything bigger is a mistake or an attack. */
  readonly bodyLimit?: number;
  /** Where request logs and failures go; without one the push API logs nothing. */
  readonly logger?: FastifyBaseLogger;
}

export async function createPushApi(options: PushApiOptions): Promise<FastifyInstance> {
  const app = createHttpServer<HttpErrorCode>({
    errors: HTTP_ERRORS,
    noun: 'content items',
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    prototypeKeys: 'refuse',
    ...(options.logger ? { logger: options.logger } : {}),
  });
  await app.register(pushRoutes, options);
  return app;
}
