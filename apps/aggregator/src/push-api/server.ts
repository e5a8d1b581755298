// Builds the push API's fastify instance: routes, a body limit, and one error handler that turns
// fastify's own failures (bad JSON, wrong media type, too large) into the API's stable codes.
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import { sendError } from './http-errors.js';
import { pushRoutes } from './routes.js';
import type { PushRoutesDeps } from './routes.js';

export interface PushApiOptions extends PushRoutesDeps {
  /** Largest accepted body; an item is small, anything bigger is a mistake or an attack. */
  readonly bodyLimit?: number;
  readonly logger?: boolean;
}

export async function createPushApi(options: PushApiOptions): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: options.bodyLimit ?? 64 * 1024, logger: options.logger ?? false });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, 'invalid_json', `the body is not valid JSON: ${error.message}`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 'unsupported_media_type', 'send the item as application/json');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 'body_too_large', `the body exceeds ${app.initialConfig.bodyLimit} bytes`);
    }
    // secure-json-parse throws a SyntaxError with status 400 for malformed JSON.
    if (error.statusCode === 400 && error instanceof SyntaxError) return sendError(reply, 'invalid_json', `the body is not valid JSON: ${error.message}`);
    app.log.error({ err: error }, 'push API request failed');
    return sendError(reply, 'internal_error', 'unexpected error; retry later');
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 'route_not_found', `no route ${request.method} ${request.url}`));

  await app.register(pushRoutes, options);
  return app;
}
