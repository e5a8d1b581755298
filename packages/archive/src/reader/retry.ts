// Store calls retried while the store says the error is retriable (StoreError.retriable), with
// exponential backoff and jitter, abortable through the reader's signal. A few lines rather than
// a library: the decision reads our own error data, and the wait must end when the signal fires.
// Never rejects: a store that throws becomes a non-retriable `io` error, an abort an `aborted` one.
import { setTimeout as sleep } from 'node:timers/promises';
import { storeError } from '../object-store/object-store.js';
import type { StoreResult } from '../object-store/object-store.js';

export interface RetryPolicy {
  /** Calls in all, the first included (default 4). */
  attempts: number;
  /** Delay before the first retry, doubled each time (default 200 ms). */
  initialDelayMs: number;
  /** Ceiling of one delay (default 5 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, initialDelayMs: 200, maxDelayMs: 5_000 };

export type Attempted<T> = StoreResult<T> & { attempts: number; aborted?: boolean };

export async function withRetry<T>(call: () => Promise<StoreResult<T>>, policy: RetryPolicy, signal?: AbortSignal): Promise<Attempted<T>> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return { ...storeError('unavailable', false, 'aborted'), attempts: attempt - 1, aborted: true };
    let result: StoreResult<T>;
    try {
      result = await call();
    } catch (cause) {
      result = storeError('io', false, `store call threw: ${String(cause)}`, cause);
    }
    if (result.ok || !result.error.retriable || attempt >= policy.attempts) return { ...result, attempts: attempt };
    const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
    try {
      await sleep(ceiling / 2 + (ceiling / 2) * Math.random(), undefined, signal ? { signal } : {});
    } catch {
      return { ...storeError('unavailable', false, 'aborted'), attempts: attempt, aborted: true };
    }
  }
}
