// The main thread's side of k6's synchronous HTTP: a VU worker posts a call on its port and
// blocks (Atomics.wait); the main thread performs it with fetch, posts the result back and wakes
// the worker. Redirects are not followed silently: k6 follows up to 10 by default, so do we.
import type { MessagePort } from 'node:worker_threads';

export interface HttpCall {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly error: string;
  readonly errorCode: number;
  /** Milliseconds: sending the request to the first byte of the response, and the whole exchange. */
  readonly waitingMs: number;
  readonly durationMs: number;
  readonly url: string;
}

export function serveHttp(port: MessagePort, flag: Int32Array): void {
  port.on('message', (call: HttpCall) => {
    void perform(call).then((result) => {
      port.postMessage(result);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    });
  });
}

async function perform(call: HttpCall): Promise<HttpResult> {
  const started = performance.now();
  try {
    const response = await fetch(call.url, {
      method: call.method, headers: call.headers, ...(call.body !== undefined ? { body: call.body } : {}),
      redirect: 'follow', signal: AbortSignal.timeout(call.timeoutMs),
    });
    const waitingMs = performance.now() - started;
    const body = await response.text();
    return {
      status: response.status, headers: Object.fromEntries(response.headers.entries()), body, error: '', errorCode: 0,
      waitingMs, durationMs: performance.now() - started, url: response.url || call.url,
    };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    // k6's error codes: 1050 request timeout, 1000 generic network error.
    return {
      status: 0, headers: {}, body: '', error: timedOut ? 'request timeout' : String((error as Error).cause ?? (error as Error).message),
      errorCode: timedOut ? 1050 : 1000, waitingMs: 0, durationMs: performance.now() - started, url: call.url,
    };
  }
}
