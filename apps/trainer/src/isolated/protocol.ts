// Messages between the trainer's main thread and the worker thread of one scheduled run.
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import type { TrainerConfig } from '../config.js';
import type { TrainOutcome } from '../train-run.js';

/** What the worker is started with. */
export interface RunInput {
  readonly config: TrainerConfig;
  /** Where relative ARCHIVE_DIR values are taken from (the main thread's INIT_CWD or cwd). */
  readonly cwd: string;
}

export interface SerializedError {
  readonly message: string;
  readonly code?: string;
  readonly retriable?: boolean;
}

export type FromRun =
  | { readonly type: 'publish'; readonly release: ModelRelease }
  | { readonly type: 'outcome'; readonly outcome: TrainOutcome }
  | { readonly type: 'failed'; readonly error: SerializedError };

export type ToRun =
  | { readonly type: 'published' }
  | { readonly type: 'publish_failed'; readonly error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  const e = error as { message?: unknown; code?: unknown; retriable?: unknown };
  return {
    message: typeof e?.message === 'string' ? e.message : String(error),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(typeof e?.retriable === 'boolean' ? { retriable: e.retriable } : {}),
  };
}

export function deserializeError(error: SerializedError): Error {
  return Object.assign(new Error(error.message), {
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.retriable === undefined ? {} : { retriable: error.retriable }),
  });
}
