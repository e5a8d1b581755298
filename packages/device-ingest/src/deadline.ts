// A bound on how long a device request waits for Kafka. Without it a broker outage holds every
// phone's request for the client library's whole retry budget (tens of seconds). Past the deadline
// the answer is a retriable 503; the send may still land later, which is harmless: the phone
// retries with the same eventIds and the enricher drops repeats.

export class DeadlineExceeded extends Error {
  readonly code = 'deadline_exceeded';
  readonly retriable = true;
  constructor(ms: number) {
    super(`not acknowledged within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

export async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new DeadlineExceeded(ms)), ms); });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
