// The error envelope of the device-facing ingest endpoints (beacon, clicks-tracker): a stable
// machine-readable code per failure, its HTTP status and whether retrying the same request can
// succeed. Clients switch on `code`; messages are for people and may change. Token and rate-limit
// refusals come from @tessera/device-auth with the same body shape. An app with codes of its own
// extends INGEST_ERRORS and builds its sender with errorSender.
import type { FastifyReply } from 'fastify';

export interface ErrorSpec {
  readonly status: number;
  readonly retriable: boolean;
}

/** The request-level codes every ingest endpoint answers with. */
export const INGEST_ERRORS = {
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
} as const satisfies Record<string, ErrorSpec>;

export type IngestErrorCode = keyof typeof INGEST_ERRORS;

export interface Issue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** Extra fields an endpoint adds to the error body (validation issues, rejected events). */
export type ErrorExtra = Readonly<Record<string, unknown>>;

export type SendError<Code extends string> = (reply: FastifyReply, code: Code, message: string, extra?: ErrorExtra) => FastifyReply;

/** A sender for one code table: status from the table, `retry-after: 5` when retriable. */
export function errorSender<Table extends Record<string, ErrorSpec>>(table: Table): SendError<keyof Table & string> {
  return (reply, code, message, extra = {}) => {
    const { status, retriable } = table[code] as ErrorSpec;
    if (retriable) void reply.header('retry-after', '5');
    return reply.code(status).send({ error: { code, message, retriable, ...extra } });
  };
}

export const sendIngestError: SendError<IngestErrorCode> = errorSender(INGEST_ERRORS);
