// The push API's error vocabulary: a stable machine-readable code per failure, the HTTP status it
// maps to, and whether retrying the same request can succeed. Clients switch on `code`; the
// message is for people and may change.
import type { FastifyReply } from 'fastify';

export const HTTP_ERRORS = {
  unauthorized: { status: 401, retriable: false },
  invalid_json: { status: 400, retriable: false },
  invalid_body: { status: 400, retriable: false },
  invalid_content_id: { status: 400, retriable: false },
  unsupported_media_type: { status: 415, retriable: false },
  body_too_large: { status: 413, retriable: false },
  item_rejected: { status: 422, retriable: false },
  content_not_found: { status: 404, retriable: false },
  route_not_found: { status: 404, retriable: false },
  method_not_allowed: { status: 405, retriable: false },
  publish_failed: { status: 503, retriable: true },
  internal_error: { status: 500, retriable: true },
} as const;

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

export function sendError(
  reply: FastifyReply,
  code: HttpErrorCode,
  message: string,
  extra: { issues?: HttpErrorBody['error']['issues']; reason?: string } = {},
): FastifyReply {
  const { status, retriable } = HTTP_ERRORS[code];
  if (code === 'unauthorized') void reply.header('www-authenticate', 'Bearer realm="tessera-content"');
  if (code === 'publish_failed') void reply.header('retry-after', '5');
  const body: HttpErrorBody = { error: { code, message, retriable, ...extra } };
  return reply.code(status).send(body);
}
