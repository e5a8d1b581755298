// Runs one unit of work (a handler call, a DLQ write) until it succeeds, fails for good, or the
// consumer stops. The error's `retriable` flag decides: a retriable failure (Redis or Kafka not
// reachable) is retried with backoff for as long as it takes by default, because skipping data
// while infrastructure is down would lose it; a non-retriable one comes back at once as data.
// Between attempts the group heartbeat is kept alive, and a stop or a rebalance ends the wait.
import { backoffDelay } from './backoff.js';
import type { BackoffPolicy } from './backoff.js';
import { classify } from './errors.js';
import type { StreamError } from './errors.js';

export interface RetryPolicy extends BackoffPolicy {
  /** Attempts before a retriable failure is given up on (default Infinity: never). */
  maxAttempts: number;
}

export type AttemptResult<T> = { ok: true; value: T; attempts: number } | { ok: false; error: StreamError; attempts: number };

export interface AttemptControl {
  /** False once the consumer stops or the partition was revoked: abandon the work. */
  active(): boolean;
  heartbeat(): Promise<void>;
  /** Resolves when the consumer starts stopping, to cut a backoff sleep short. */
  stopped: Promise<void>;
  onRetry?(error: StreamError, attempt: number, delayMs: number): void;
}

/** Thrown (never returned) when the work is abandoned because the consumer stops. */
export class Abandoned extends Error {
  constructor() {
    super('abandoned: consumer stopping or partition revoked');
    this.name = 'Abandoned';
  }
}

// Heartbeats must reach the coordinator within the session timeout even during a long backoff.
const HEARTBEAT_SLICE_MS = 1000;

async function pause(ms: number, control: AttemptControl): Promise<void> {
  const until = Date.now() + ms;
  while (control.active()) {
    const left = until - Date.now();
    if (left <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([control.stopped, new Promise((r) => { timer = setTimeout(r, Math.min(left, HEARTBEAT_SLICE_MS)); })]);
    clearTimeout(timer);
    await control.heartbeat().catch(() => {});
  }
}

export async function attempt<T>(work: () => Promise<T>, policy: RetryPolicy, control: AttemptControl): Promise<AttemptResult<T>> {
  for (let n = 1; ; n += 1) {
    if (!control.active()) throw new Abandoned();
    try {
      return { ok: true, value: await work(), attempts: n };
    } catch (thrown) {
      const error = classify(thrown);
      if (!error.retriable || n >= policy.maxAttempts) return { ok: false, error, attempts: n };
      const delay = backoffDelay(policy, n);
      control.onRetry?.(error, n, delay);
      await pause(delay, control);
    }
  }
}
