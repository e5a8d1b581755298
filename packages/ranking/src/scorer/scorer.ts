// The Scorer: onnxruntime sessions on a pool of worker threads, so a run never blocks the event
// loop that serves Kafka and sockets. `score(batch)` goes to the least busy ready worker and
// resolves with the probabilities and the version of the model that computed them. `load(bytes)`
// is a hot swap: the file is inspected (feature set, input sizes), prepared and probed on every
// worker beside the serving model, and committed only if every worker accepted it; a request in
// flight finishes on the model it started with. A refused file leaves the serving model in place.
// A worker that dies fails only its own requests (retriable) and is replaced with the current model.
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '@tessera/platform/worker';
import type { FeatureBatch } from '../model/fm.js';
import type { FromWorker, ModelDims, ToWorker } from './protocol.js';

export type ScorerErrorCode = 'no_model' | 'invalid_model' | 'run_failed' | 'worker_lost' | 'closed';

export class ScorerError extends Error {
  constructor(readonly code: ScorerErrorCode, message: string, readonly retriable: boolean) {
    super(message);
    this.name = 'ScorerError';
  }
}

export interface ModelInfo {
  readonly name: string;
  readonly version: string;
  readonly dims: ModelDims;
}

/** What the caller knows about a model file before any worker runs it. */
export type InspectModel = (bytes: Uint8Array) => { ok: true; value: ModelInfo } | { ok: false; message: string };

export interface Scored {
  readonly scores: Float32Array;
  readonly version: string;
}

export interface ScorerOptions {
  readonly inspect: InspectModel;
  /** Worker threads (each with one session per model). Default 1. */
  readonly workers?: number;
  /** Told when a worker dies unexpectedly (it is replaced). */
  readonly onWorkerLost?: (error: Error) => void;
  /** Told about every worker thread started (metrics, tests that kill one). */
  readonly onWorkerStarted?: (thread: Worker) => void;
}

export interface Scorer {
  load(bytes: Uint8Array): Promise<ModelInfo>;
  score(batch: FeatureBatch): Promise<Scored>;
  current(): ModelInfo | undefined;
  /** Per worker, the onnxruntime sessions not yet released (1 when nothing is in flight or loading). */
  liveSessions(): Promise<number[]>;
  close(): Promise<void>;
}

interface Pending {
  resolve(message: FromWorker): void;
  reject(error: Error): void;
}

interface PoolWorker {
  readonly thread: Worker;
  readonly pending: Map<number, Pending>;
  ready: boolean;
}

const ENTRY = new URL('./worker.ts', import.meta.url);

export function createScorer(options: ScorerOptions): Scorer {
  const size = Math.max(1, options.workers ?? 1);
  const pool: PoolWorker[] = [];
  let model: { info: ModelInfo; bytes: Uint8Array } | undefined;
  let nextId = 1;
  let closed = false;
  let loading: Promise<unknown> = Promise.resolve();
  let readyWaiters: (() => void)[] = [];

  const request = (w: PoolWorker, message: ToWorker): Promise<FromWorker> => new Promise((resolve, reject) => {
    w.pending.set(message.id, { resolve, reject });
    w.thread.postMessage(message);
  });

  const markReady = (w: PoolWorker) => {
    w.ready = true;
    const waiters = readyWaiters;
    readyWaiters = [];
    for (const wake of waiters) wake();
  };

  // Prepare the file on the given workers; commit on all or abort on all.
  async function install(workers: PoolWorker[], info: ModelInfo, bytes: Uint8Array): Promise<void> {
    const id = nextId++;
    const results = await Promise.allSettled(workers.map((w) => request(w, { type: 'prepare', id, bytes, version: info.version, dims: info.dims })));
    const refusal = results.find((r) => r.status === 'rejected' || (r.value.type === 'prepared' && !r.value.ok));
    if (refusal) {
      for (const w of workers) w.thread.postMessage({ type: 'abort', id } satisfies ToWorker);
      const reason = refusal.status === 'rejected'
        ? String(refusal.reason)
        : refusal.value.type === 'prepared' && !refusal.value.ok ? refusal.value.message : 'refused';
      throw new ScorerError('invalid_model', `model ${info.name}@${info.version} refused by the runtime: ${reason}`, false);
    }
    await Promise.all(workers.map((w) => request(w, { type: 'commit', id })));
  }

  function spawn(): PoolWorker {
    const thread = startTsWorker(ENTRY);
    const w: PoolWorker = { thread, pending: new Map(), ready: false };
    options.onWorkerStarted?.(thread);
    thread.on('message', (message: FromWorker) => {
      const waiting = w.pending.get(message.id);
      if (!waiting) return;
      w.pending.delete(message.id);
      waiting.resolve(message);
    });
    const lost = (error: Error) => {
      const at = pool.indexOf(w);
      if (at < 0) return;
      pool.splice(at, 1);
      for (const p of w.pending.values()) p.reject(new ScorerError('worker_lost', `scoring worker stopped: ${error.message}`, true));
      w.pending.clear();
      if (closed) return;
      options.onWorkerLost?.(error);
      const replacement = spawn();
      pool.push(replacement);
      const current = model;
      if (!current) {
        markReady(replacement);
        return;
      }
      install([replacement], current.info, current.bytes).then(
        () => markReady(replacement),
        (reason: unknown) => options.onWorkerLost?.(reason instanceof Error ? reason : new Error(String(reason))),
      );
    };
    thread.on('error', lost);
    thread.on('exit', (code) => lost(new Error(`worker exited with code ${code}`)));
    return w;
  }

  for (let i = 0; i < size; i += 1) {
    const w = spawn();
    pool.push(w);
    w.ready = true; // no model yet: it answers no_model until the first load commits
  }

  async function pickWorker(): Promise<PoolWorker> {
    for (;;) {
      if (closed) throw new ScorerError('closed', 'scorer closed', false);
      let best: PoolWorker | undefined;
      for (const w of pool) if (w.ready && (!best || w.pending.size < best.pending.size)) best = w;
      if (best) return best;
      await new Promise<void>((wake) => readyWaiters.push(wake));
    }
  }

  return {
    load(bytes) {
      const run = loading.then(async () => {
        if (closed) throw new ScorerError('closed', 'scorer closed', false);
        const inspected = options.inspect(bytes);
        if (!inspected.ok) throw new ScorerError('invalid_model', inspected.message, false);
        const copy = new Uint8Array(bytes);
        await install([...pool], inspected.value, copy);
        model = { info: inspected.value, bytes: copy };
        return inspected.value;
      });
      loading = run.catch(() => undefined);
      return run;
    },

    async score(batch) {
      const w = await pickWorker();
      const id = nextId++;
      const reply = await request(w, { type: 'score', id, rows: batch.rows, dense: batch.dense, cats: batch.cats });
      if (reply.type === 'scored') return { scores: reply.scores, version: reply.version };
      if (reply.type === 'failed') throw new ScorerError(reply.code, reply.message, reply.code !== 'no_model');
      throw new ScorerError('run_failed', `unexpected reply ${reply.type}`, true);
    },

    current: () => model?.info,

    async liveSessions() {
      const replies = await Promise.all([...pool].map((w) => request(w, { type: 'stats', id: nextId++ })));
      return replies.map((r) => (r.type === 'stats' ? r.sessions : -1));
    },

    async close() {
      if (closed) return;
      closed = true;
      const waiters = readyWaiters;
      readyWaiters = [];
      for (const wake of waiters) wake();
      const workers = pool.splice(0);
      for (const w of workers) for (const p of w.pending.values()) p.reject(new ScorerError('closed', 'scorer closed', false));
      await Promise.all(workers.map((w) => w.thread.terminate()));
    },
  };
}
