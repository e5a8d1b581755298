// The error envelope of the device-facing ingest endpoints (beacon, clicks-tracker): a stable
// machine-readable code per failure, its HTTP status and whether retrying the same request can
// succeed. The HTTP layer's own codes (malformed URL, unknown route, wrong media type, body too
// large, bad JSON, shutdown, bug) come from @tessera/platform/http/errors; these add what device
// endpoints refuse. Token refusals come from @tessera/device-auth with the same body shape. An
// app with codes of its own extends INGEST_ERRORS and builds its sender with errorSender.
import { errorSender, HTTP_FRAMEWORK_ERRORS } from '@tessera/platform/http/errors';
import type { ErrorSpec, SendError } from '@tessera/platform/http/errors';

export { errorSender };
export type { ErrorExtra, ErrorSpec, SendError } from '@tessera/platform/http/errors';

/** The request-level codes every ingest endpoint answers with. */
export const INGEST_ERRORS = {
  ...HTTP_FRAMEWORK_ERRORS,
  invalid_body: { status: 400, retriable: false },
  batch_too_large: { status: 400, retriable: false },
  user_mismatch: { status: 403, retriable: false },
  device_mismatch: { status: 403, retriable: false },
  rate_limited: { status: 429, retriable: true },
  kafka_unavailable: { status: 503, retriable: true },
} as const satisfies Record<string, ErrorSpec>;

export type IngestErrorCode = keyof typeof INGEST_ERRORS;

export interface Issue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export const sendIngestError: SendError<IngestErrorCode> = errorSender(INGEST_ERRORS);
