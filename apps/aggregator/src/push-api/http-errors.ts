// The push API's error vocabulary: a stable machine-readable code per failure, the HTTP status it
// maps to, and whether retrying the same request can succeed. Clients switch on `code`; the
// message is for people and may change. The HTTP layer's own codes (malformed URL, unknown route
// or method, media type, body size, bad JSON, shutdown, bug) come from @tessera/platform.
import type { FastifyReply } from 'fastify';
import { errorSender, HTTP_FRAMEWORK_ERRORS } from '@tessera/platform/http/errors';
import type { ErrorSpec } from '@tessera/platform/http/errors';

export const HTTP_ERRORS = {
  ...HTTP_FRAMEWORK_ERRORS,
  unauthorized: { status: 401, retriable: false },
  invalid_body: { status: 400, retriable: false },
  invalid_content_id: { status: 400, retriable: false },
  item_rejected: { status: 422, retriable: false },
  content_not_found: { status: 404, retriable: false },
  publish_failed: { status: 503, retriable: true },
} as const satisfies Record<string, ErrorSpec>;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

export interface HttpErrorBody {
  readonly error: {
    readonly code: HttpErrorCode;
    readonly message: string;
    readonly retriable: boolean;
    /** invalid_body: what is wrong where; item_rejected: the aggregator's reason code. */
    readonly issues?: readonly { readonly path: string; readonly message: string }[];
    readonly reason?: string;
  };
}

const send = errorSender(HTTP_ERRORS);

export function sendError(
  reply: FastifyReply,
  code: HttpErrorCode,
  message: string,
  extra: { issues?: HttpErrorBody['error']['issues']; reason?: string } = {},
): FastifyReply {
  if (code === 'unauthorized') void reply.header('www-authenticate', 'Bearer realm="tessera-content"');
  return send(reply, code, message, extra);
}

