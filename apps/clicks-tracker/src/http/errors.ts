// The interactions endpoint's error vocabulary. Request-level codes (the whole request refused)
// map to an HTTP status; event-level codes come back per event, with its index, inside a 202
// (partial acceptance) or a 400 when no event was valid. Clients switch on `code`; messages are
// for people. Token and rate-limit refusals come from @tessera/device-auth, same body shape.
import type { FastifyReply } from 'fastify';

export const REQUEST_ERRORS = {
  invalid_json: { status: 400, retriable: false },
  unsupported_media_type: { status: 415, retriable: false },
  body_too_large: { status: 413, retriable: false },
  invalid_body: { status: 400, retriable: false },
  batch_too_large: { status: 400, retriable: false },
  no_valid_events: { status: 400, retriable: false },
  user_mismatch: { status: 403, retriable: false },
  device_mismatch: { status: 403, retriable: false },
  rate_limited: { status: 429, retriable: true },
  route_not_found: { status: 404, retriable: false },
  kafka_unavailable: { status: 503, retriable: true },
  internal_error: { status: 500, retriable: true },
} as const;

export type RequestErrorCode = keyof typeof REQUEST_ERRORS;

/** Why one event of a batch was refused. */
export type EventErrorCode = 'invalid_event' | 'unknown_event_type' | 'missing_field' | 'field_too_large' | 'invalid_field';

export interface Issue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface RejectedEvent {
  readonly index: number;
  readonly code: EventErrorCode;
  readonly message: string;
  readonly issues: readonly Issue[];
}

export function sendError(
  reply: FastifyReply,
  code: RequestErrorCode,
  message: string,
  extra: { issues?: readonly Issue[]; rejected?: readonly RejectedEvent[] } = {},
): FastifyReply {
  const { status, retriable } = REQUEST_ERRORS[code];
  if (retriable) void reply.header('retry-after', '5');
  return reply.code(status).send({ error: { code, message, retriable, ...extra } });
}
