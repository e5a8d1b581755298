// One k6 VU: its own module graph and globals (__ENV, __VU, __ITER), as every k6 VU has its own
// JavaScript runtime. Imports the script (its init code runs here), then runs what the main
// thread asks: setup, one iteration of a scenario's function, teardown. An iteration ends when
// the function returned (or its promise settled) and no socket or timer it started is left, as in
// k6's event loop; an exception fails only that iteration (logged, like k6), never the run.
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { closeAllSockets } from '../k6/websockets.js';
import { emit, hold, vu } from './context.js';

export interface VuData {
  readonly script: string;
  readonly vuId: number;
  readonly env: Record<string, string>;
  readonly tags: Record<string, string>;
  readonly bridge: { readonly port: MessagePort; readonly buffer: SharedArrayBuffer };
}

export type ToVu =
  | { type: 'iterate'; exec: string; iteration: number; data: unknown }
  | { type: 'setup' }
  | { type: 'teardown'; data: unknown };

export type FromVu =
  | { type: 'loaded'; options: unknown; exports: string[] }
  | { type: 'load-failed'; error: string }
  | { type: 'done'; ok: boolean; error?: string; result?: unknown; samples: unknown[] };

const data = workerData as VuData;
const port = parentPort!;
vu.bridge = { port: data.bridge.port, flag: new Int32Array(data.bridge.buffer) };
vu.tags = { ...data.tags };
const globals = globalThis as Record<string, unknown>;
globals.__ENV = { ...data.env };
globals.__VU = data.vuId;
globals.__ITER = 0;

// Timers started by the iteration keep it alive until they fire or are cleared, as in k6.
const live = new Map<unknown, () => void>();
const { setTimeout: nodeSetTimeout, setInterval: nodeSetInterval, clearTimeout: nodeClearTimeout, clearInterval: nodeClearInterval } = globalThis;
globals.setTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const release = hold();
  const handle = nodeSetTimeout(() => { live.delete(handle); release(); fn(...args); }, ms);
  live.set(handle, release);
  return handle;
};
globals.setInterval = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const handle = nodeSetInterval(fn, ms, ...args);
  live.set(handle, hold());
  return handle;
};
const clear = (handle: unknown) => {
  live.get(handle)?.();
  live.delete(handle);
};
globals.clearTimeout = (handle: NodeJS.Timeout) => { clear(handle); nodeClearTimeout(handle); };
globals.clearInterval = (handle: NodeJS.Timeout) => { clear(handle); nodeClearInterval(handle); };

let module: Record<string, unknown>;
try {
  module = await import(pathToFileURL(data.script).href) as Record<string, unknown>;
  if (typeof module.handleSummary === 'function') throw new Error('k6-runner does not implement handleSummary(); remove it or run with real k6');
  port.postMessage({ type: 'loaded', options: JSON.parse(JSON.stringify(module.options ?? {})), exports: Object.keys(module) } satisfies FromVu);
} catch (error) {
  port.postMessage({ type: 'load-failed', error: (error as Error).stack ?? String(error) } satisfies FromVu);
  process.exit(0);
}

port.on('message', (message: ToVu) => void run(message));

async function run(message: ToVu): Promise<void> {
  const name = message.type === 'iterate' ? message.exec : message.type;
  const fn = module[name];
  if (typeof fn !== 'function') return finish(false, `the script exports no function "${name}"`);
  if (message.type === 'iterate') globals.__ITER = message.iteration;
  const started = performance.now();
  const idle = new Promise<void>((resolve, reject) => {
    vu.onError = reject;
    vu.onIdle = resolve;
  });
  try {
    const argument = message.type === 'setup' ? undefined : JSON.parse(JSON.stringify(message.data ?? null));
    const result = await (fn as (data: unknown) => unknown)(argument);
    if (vu.pending > 0) await idle;
    if (message.type === 'iterate') {
      emit('iterations', 'counter', 1);
      emit('iteration_duration', 'trend', performance.now() - started, {}, true);
    }
    finish(true, undefined, result);
  } catch (error) {
    // Like k6: the exception ends this iteration; what it left running is stopped.
    closeAllSockets();
    for (const [handle, release] of live) { nodeClearTimeout(handle as NodeJS.Timeout); nodeClearInterval(handle as NodeJS.Timeout); release(); }
    live.clear();
    if (vu.pending > 0) await new Promise<void>((resolve) => { vu.onIdle = resolve; nodeSetTimeout(resolve, 5_000); });
    finish(false, (error as Error).stack ?? String(error));
  } finally {
    vu.onIdle = undefined;
    vu.onError = undefined;
  }
}

function finish(ok: boolean, error?: string, result?: unknown): void {
  const samples = vu.samples;
  vu.samples = [];
  port.postMessage({ type: 'done', ok, ...(error ? { error } : {}), ...(result !== undefined ? { result: JSON.parse(JSON.stringify(result)) } : {}), samples } satisfies FromVu);
}
