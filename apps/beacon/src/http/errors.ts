// The beacon endpoint's error vocabulary: a stable machine-readable code per failure, its HTTP
// status and whether retrying the same request can succeed. Clients switch on `code`; messages
// are for people and may change. Token and rate-limit refusals come from @tessera/device-auth
// with the same body shape.
import type { FastifyReply } from 'fastify';

export const BEACON_ERRORS = {
  invalid_json: { status: 400, retriable: false },
  unsupported_media_type: { status: 415, retriable: false },
  body_too_large: { status: 413, retriable: false },
  invalid_body: { status: 400, retriable: false },
  batch_too_large: { status: 400, retriable: false },
  user_mismatch: { status: 403, retriable: false },
  device_mismatch: { status: 403, retriable: false },
  rate_limited: { status: 429, retriable: true },
  route_not_found: { status: 404, retriable: false },
  kafka_unavailable: { status: 503, retriable: true },
  internal_error: { status: 500, retriable: true },
} as const;

export type BeaconErrorCode = keyof typeof BEACON_ERRORS;

export interface Issue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export function sendError(reply: FastifyReply, code: BeaconErrorCode, message: string, issues?: readonly Issue[]): FastifyReply {
  const { status, retriable } = BEACON_ERRORS[code];
  if (retriable) void reply.header('retry-after', '5');
  return reply.code(status).send({ error: { code, message, retriable, ...(issues ? { issues } : {}) } });
}
