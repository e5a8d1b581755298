// Delivery's HTTP error envelope: the same body as every device-facing endpoint
// ({ error: { code, message, retriable } }, retry-after when retriable) with delivery's codes.
// Token refusals come from @tessera/device-auth in the same shape. A refused upgrade is answered
// with one of these before any socket exists.
import type { FastifyReply } from 'fastify';

export const DELIVERY_ERRORS = {
  user_mismatch: { status: 403, retriable: false },
  invalid_offset: { status: 400, retriable: false },
  upgrade_required: { status: 426, retriable: false },
  too_many_connections: { status: 503, retriable: true },
  connection_rate_limited: { status: 503, retriable: true },
  draining: { status: 503, retriable: true },
  state_unavailable: { status: 503, retriable: true },
  demo_tokens_disabled: { status: 404, retriable: false },
  not_a_demo_user: { status: 403, retriable: false },
  route_not_found: { status: 404, retriable: false },
  internal_error: { status: 500, retriable: true },
} as const;

export type DeliveryErrorCode = keyof typeof DELIVERY_ERRORS;

/** Sends the envelope; `retryAfterSec` overrides the default 5 s of retriable codes. */
export function sendDeliveryError(reply: FastifyReply, code: DeliveryErrorCode, message: string, retryAfterSec?: number): FastifyReply {
  const { status, retriable } = DELIVERY_ERRORS[code];
  if (retriable) void reply.header('retry-after', String(retryAfterSec ?? 5));
  return reply.code(status).send({ error: { code, message, retriable } });
}
