// ObjectStore on Google Cloud Storage (GCS_BUCKET). Uploads are single-request multipart with
// CRC32C validation. Every archive write is a deterministic overwrite (same key, same bytes on
// replay), so retrying an upload is always safe: the client is told to retry all operations,
// not only those with preconditions. `apiEndpoint` points the client elsewhere (tests).
import { IdempotencyStrategy, Storage } from '@google-cloud/storage';
import { storeError } from './object-store.js';
import type { ObjectStore, StoreError, StoreResult } from './object-store.js';

export interface GcsStoreOptions {
  bucket: string;
  projectId?: string;
  /** e.g. http://127.0.0.1:PORT for the test endpoint; unset = Google's. */
  apiEndpoint?: string;
  /** Retries of one call inside the client before it reports an error (default 5; 0 = none). */
  maxRetries?: number;
}

export function createGcsStore(options: GcsStoreOptions): ObjectStore {
  const maxRetries = options.maxRetries ?? 5;
  const storage = new Storage({
    ...(options.projectId ? { projectId: options.projectId } : {}),
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    // maxRetries 0 must mean no retry: the client reads 0 as "use the default" on downloads.
    retryOptions: { autoRetry: maxRetries > 0, maxRetries, idempotencyStrategy: IdempotencyStrategy.RetryAlways },
  });
  const bucket = storage.bucket(options.bucket);

  return {
    location: `gs://${options.bucket}`,
    async put(key, body, contentType) {
      try {
        await bucket.file(key).save(body, { resumable: false, contentType, validation: 'crc32c', metadata: { contentType } });
        return { ok: true, value: undefined };
      } catch (cause) {
        return gcsError(`put ${key}`, cause);
      }
    },
    async get(key) {
      try {
        const [bytes] = await bucket.file(key).download();
        return { ok: true, value: bytes };
      } catch (cause) {
        return gcsError(`get ${key}`, cause);
      }
    },
    async list(prefix) {
      try {
        const [files] = await bucket.getFiles({ prefix, autoPaginate: true });
        return { ok: true, value: files.map((f) => f.name).sort() };
      } catch (cause) {
        return gcsError(`list ${prefix}`, cause);
      }
    },
  };
}

function gcsError(what: string, cause: unknown): StoreResult<never> {
  const status = (cause as { code?: unknown }).code;
  const message = `${what}: ${(cause as Error).message ?? String(cause)}`;
  const fail = (code: StoreError['code'], retriable: boolean) => storeError(code, retriable, message, cause);
  if (status === 404) return fail('not_found', false);
  if (status === 401 || status === 403) return fail('denied', false);
  if (status === 400) return fail('invalid', false);
  // 408, 429, 5xx, and network errors (no numeric status) are worth another try later.
  return fail('unavailable', true);
}
