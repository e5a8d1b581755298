// Starts a worker thread on a TypeScript module, the way the apps run (tsx, no build step). The
// entry reads what it was given from `workerInput()`; every other Worker option passes through
// (resourceLimits, stdout, …).
import { Worker, workerData } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

const BOOTSTRAP = new URL('./ts-entry.mjs', import.meta.url);

export function startTsWorker(entry: URL, input?: unknown, options: Omit<WorkerOptions, 'workerData'> = {}): Worker {
  return new Worker(BOOTSTRAP, { ...options, workerData: { entry: entry.href, input } });
}

/** In a worker started by startTsWorker: the `input` it was given. */
export function workerInput<T>(): T {
  return (workerData as { input: T }).input;
}
