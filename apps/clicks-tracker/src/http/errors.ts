// The interactions endpoint's error vocabulary: the shared request-level codes of
// @tessera/device-ingest plus `no_valid_events`, and the event-level codes that come back per
// event, with its index, inside a 202 (partial acceptance) or a 400 when no event was valid.
import { INGEST_ERRORS, errorSender } from '@tessera/device-ingest/errors';
import type { Issue } from '@tessera/device-ingest/errors';

export const REQUEST_ERRORS = {
  ...INGEST_ERRORS,
  no_valid_events: { status: 400, retriable: false },
} as const;

export type RequestErrorCode = keyof typeof REQUEST_ERRORS;

/** Why one event of a batch was refused. */
export type EventErrorCode = 'invalid_event' | 'unknown_event_type' | 'missing_field' | 'field_too_large' | 'invalid_field';

export interface RejectedEvent {
  readonly index: number;
  readonly code: EventErrorCode;
  readonly message: string;
  readonly issues: readonly Issue[];
}

export const sendError = errorSender(REQUEST_ERRORS);
