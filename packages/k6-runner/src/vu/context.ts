// The state of one VU worker that the k6 modules share: where metric samples go, the tags of the
// running scenario, the synchronous HTTP bridge to the main thread, and the count of asynchronous
// work (sockets, timers) the current iteration still waits for (k6 ends an iteration only when
// its event loop is empty).
import { receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { MetricType, Sample } from '../metrics.js';
import type { HttpCall, HttpResult } from '../http-bridge.js';

interface VuContext {
  samples: Sample[];
  tags: Record<string, string>;
  pending: number;
  onIdle: (() => void) | undefined;
  /** An exception thrown in an event handler (it fails the iteration). */
  onError: ((error: Error) => void) | undefined;
  bridge: { port: MessagePort; flag: Int32Array } | undefined;
  stopping: boolean;
}

export const vu: VuContext = { samples: [], tags: {}, pending: 0, onIdle: undefined, onError: undefined, bridge: undefined, stopping: false };

const METRIC_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

export function emit(metric: string, type: MetricType, value: number, tags: Record<string, string> = {}, isTime = false): void {
  if (!METRIC_NAME.test(metric)) throw new Error(`invalid metric name "${metric}" (k6: letters, digits and _, at most 128)`);
  vu.samples.push({ metric, type, value, tags: { ...vu.tags, ...tags }, isTime });
}

/** Counts asynchronous work; the returned function marks it done (once). */
export function hold(): () => void {
  vu.pending += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    vu.pending -= 1;
    if (vu.pending === 0) vu.onIdle?.();
  };
}

/** Blocks the VU (as k6's synchronous HTTP does) until the main thread answered the call. */
export function callSync(call: HttpCall): HttpResult {
  const bridge = vu.bridge;
  if (!bridge) throw new Error('k6-runner: HTTP requests are not available here');
  Atomics.store(bridge.flag, 0, 0);
  bridge.port.postMessage(call);
  for (;;) {
    const woke = Atomics.wait(bridge.flag, 0, 0, 60_000);
    const message = receiveMessageOnPort(bridge.port);
    if (message) return message.message as HttpResult;
    if (woke === 'timed-out') throw new Error(`k6-runner: no answer from the HTTP bridge for ${call.method} ${call.url}`);
  }
}

export function blockFor(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
