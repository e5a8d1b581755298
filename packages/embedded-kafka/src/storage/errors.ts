// Owns: turning file-system failures into StorageError data (code, retriable, cause) at the
// storage boundary, so callers branch on `code`/`retriable` instead of parsing errno messages.
import type { StorageError } from './types.js';

/** An Error carrying StorageError fields: throwable, and still plain data to inspect. */
export class StorageFailure extends Error implements StorageError {
  readonly code: StorageError['code'];
  readonly retriable: boolean;

  constructor(code: StorageError['code'], message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'StorageFailure';
    this.code = code;
    // Full disks and exhausted descriptors can clear up; a closed store or bad data will not.
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
    this.retriable = code === 'IO' && (errno === 'ENOSPC' || errno === 'EMFILE' || errno === 'EAGAIN');
  }
}

/** Runs `fn`, rethrowing anything it throws as a StorageFailure with `what` as context. */
export function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (cause) {
    if (cause instanceof StorageFailure) throw cause;
    throw new StorageFailure('IO', `${what}: ${String(cause)}`, cause);
  }
}
