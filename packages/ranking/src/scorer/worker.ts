// One scoring worker: owns onnxruntime sessions (CPU, one intra-op thread, sequential; parallelism
// comes from running several workers) and answers score requests with the current one. A new
// model is prepared beside the current one and probed; on commit it takes new requests at once,
// and the old session is released only when the runs it already started have finished (a release
// under a queued run would fail that run with "Session already disposed").
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { FromWorker, ModelDims, ToWorker } from './protocol.js';

interface Loaded {
  readonly session: ort.InferenceSession;
  readonly version: string;
  readonly dims: ModelDims;
  inFlight: number;
  retired: boolean;
}

const port = parentPort;
if (!port) throw new Error('scorer worker started outside a worker thread');
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  logSeverityLevel: 4,
};

let current: Loaded | undefined;
const pending = new Map<number, Loaded>();
/** Sessions created and not released (the 'stats' answer; a hot swap must bring it back to one). */
let liveSessions = 0;

async function release(session: ort.InferenceSession): Promise<void> {
  liveSessions -= 1;
  await session.release();
}

async function releaseWhenIdle(loaded: Loaded): Promise<void> {
  loaded.retired = true;
  if (loaded.inFlight === 0) await release(loaded.session);
}

async function run(loaded: Loaded, rows: number, dense: Float32Array, cats: Int32Array): Promise<Float32Array> {
  loaded.inFlight += 1;
  try {
    const out = await loaded.session.run({
      dense: new ort.Tensor('float32', dense, [rows, loaded.dims.dense]),
      cats: new ort.Tensor('int32', cats, [rows, loaded.dims.fields]),
    });
    const prob = out.prob;
    if (!prob || !(prob.data instanceof Float32Array) || prob.data.length !== rows) throw new Error('model output "prob" missing or of the wrong size');
    return new Float32Array(prob.data); // own buffer: transferable to the main thread
  } finally {
    loaded.inFlight -= 1;
    if (loaded.retired && loaded.inFlight === 0) await release(loaded.session);
  }
}

async function prepare(id: number, bytes: Uint8Array, version: string, dims: ModelDims): Promise<void> {
  let session: ort.InferenceSession | undefined;
  try {
    session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
    liveSessions += 1;
    const loaded: Loaded = { session, version, dims, inFlight: 0, retired: false };
    // A probe of two rows: the file must accept the declared input shapes and give probabilities.
    const probe = await run(loaded, 2, new Float32Array(2 * dims.dense), new Int32Array(2 * dims.fields));
    if (!probe.every((p) => Number.isFinite(p) && p >= 0 && p <= 1)) throw new Error('probe scores are not probabilities');
    pending.set(id, loaded);
    send({ type: 'prepared', id, ok: true });
  } catch (error) {
    if (session) await release(session).catch(() => undefined);
    send({ type: 'prepared', id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'prepare':
      void prepare(message.id, message.bytes, message.version, message.dims);
      return;
    case 'commit': {
      const next = pending.get(message.id);
      pending.delete(message.id);
      const previous = current;
      if (next) current = next;
      if (previous && next) void releaseWhenIdle(previous);
      send({ type: 'committed', id: message.id });
      return;
    }
    case 'abort': {
      const dropped = pending.get(message.id);
      pending.delete(message.id);
      if (dropped) void releaseWhenIdle(dropped);
      return;
    }
    case 'stats':
      send({ type: 'stats', id: message.id, sessions: liveSessions });
      return;
    case 'score': {
      const loaded = current;
      if (!loaded) {
        send({ type: 'failed', id: message.id, code: 'no_model', message: 'no model loaded' });
        return;
      }
      run(loaded, message.rows, message.dense, message.cats).then(
        (scores) => send({ type: 'scored', id: message.id, scores, version: loaded.version }, [scores.buffer as ArrayBuffer]),
        (error: unknown) => send({ type: 'failed', id: message.id, code: 'run_failed', message: error instanceof Error ? error.message : String(error) }),
      );
    }
  }
});
