// Messages between the trainer and the child process of one scheduled run (IPC).
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import type { TrainerConfig } from '../config.js';
import type { TrainOutcome } from '../train-run.js';

/** What the run is started with (the first message). */
export interface RunInput {
  readonly config: TrainerConfig;
  /** Where relative ARCHIVE_DIR values are taken from (the trainer's INIT_CWD or cwd). */
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

export type ToParent =
  | { readonly type: 'start'; readonly input: RunInput }
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
