// What the archive needs from an object store, and nothing more: the archiver puts objects, the
// warehouse and the reader list and get them. Two implementations sit beside this file:
// local.ts (a directory; the local default) and gcs.ts (Google Cloud Storage).
// Errors are data: `retriable` tells the caller whether the same call may succeed later.

export type StoreErrorCode = 'not_found' | 'unavailable' | 'denied' | 'invalid' | 'io';

export interface StoreError {
  code: StoreErrorCode;
  retriable: boolean;
  message: string;
  cause?: unknown;
}

export type StoreResult<T> = { ok: true; value: T } | { ok: false; error: StoreError };

export interface ObjectStore {
  /** Human-readable location for logs ("file:///...", "gs://bucket"). */
  readonly location: string;
  /** Writes the whole object; on success it is durable and replaces any object with that key. */
  put(key: string, body: Buffer, contentType: string): Promise<StoreResult<void>>;
  /** The object's bytes; a missing key is `not_found`. */
  get(key: string): Promise<StoreResult<Buffer>>;
  /** Every key starting with `prefix`, sorted. */
  list(prefix: string): Promise<StoreResult<string[]>>;
}

export function storeError(code: StoreErrorCode, retriable: boolean, message: string, cause?: unknown): { ok: false; error: StoreError } {
  return { ok: false, error: { code, retriable, message, cause } };
}
