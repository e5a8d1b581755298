// Starts a worker thread on a TypeScript module, the way the apps run (tsx, no build step).
import { Worker } from 'node:worker_threads';

const BOOTSTRAP = new URL('./ts-entry.mjs', import.meta.url);

export function startTsWorker(entry: URL): Worker {
  return new Worker(BOOTSTRAP, { workerData: { entry: entry.href } });
}
