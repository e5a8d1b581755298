// Errors the aggregator returns as data. `retriable` is what the poller's backoff and the push
// API's status code read: a timeout or a 503 from a feed may pass, a malformed feed or a bad body
// will not fix itself on retry.
export type AggregatorErrorCode =
  // sources
  | 'config_unreadable'
  | 'config_invalid'
  | 'feed_timeout'
  | 'feed_network'
  | 'feed_http_status'
  | 'feed_too_large'
  | 'feed_malformed'
  // items
  | 'item_invalid'
  | 'item_expired'
  | 'item_removed'
  | 'item_owned_elsewhere'
  // publishing
  | 'publish_failed'
  | 'content_not_found';

export interface AggregatorError {
  readonly code: AggregatorErrorCode;
  readonly retriable: boolean;
  readonly message: string;
  readonly cause?: unknown;
}

export function aggregatorError(
  code: AggregatorErrorCode,
  message: string,
  options: { retriable?: boolean; cause?: unknown } = {},
): AggregatorError {
  const error: AggregatorError = { code, retriable: options.retriable ?? false, message };
  return options.cause === undefined ? error : { ...error, cause: options.cause };
}

export type Result<T, E = AggregatorError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** A thrown value's message, for error data built from exceptions of libraries. */
export function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
