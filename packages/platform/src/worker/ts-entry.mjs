// Worker bootstrap: Node refuses a .ts file as a worker's main module, so this plain module
// registers tsx's loader in the worker thread and then imports the TypeScript entry that
// startTsWorker named (ts-worker.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
