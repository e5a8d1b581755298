// A scheduled training run on a worker thread of its own. The run's heap (the whole window,
// the rows, the model) lives and dies with that thread's V8 isolate: between runs the trainer
// holds only its producer and ops server, and each run starts from an empty heap instead of
// one the previous run left fragmented. `TRAIN_HEAP_MB` caps the worker's old generation: a
// window too large for it fails that run (`heap_limit`, logged and counted) while the process
// and its schedule go on. The main thread keeps the Kafka producer and announces the release
// the worker asks for, after the worker uploaded the bundle.
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import { startTsWorker } from '@tessera/platform/worker';
import type { TrainerConfig } from '../config.js';
import type { TrainOutcome } from '../train-run.js';
import { deserializeError, serializeError } from './protocol.js';
import type { FromRun, RunInput, ToRun } from './protocol.js';

const ENTRY = new URL('./worker.ts', import.meta.url);

export interface IsolatedRunOptions {
  readonly config: TrainerConfig;
  readonly cwd: string;
  readonly publish: (release: ModelRelease) => Promise<void>;
}

export class TrainRunError extends Error {
  constructor(message: string, readonly code: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TrainRunError';
  }
}

export async function runInWorker(options: IsolatedRunOptions): Promise<TrainOutcome> {
  const { config } = options;
  const input: RunInput = { config, cwd: options.cwd };
  const worker = startTsWorker(ENTRY, input, { resourceLimits: { maxOldGenerationSizeMb: config.TRAIN_HEAP_MB } });
  try {
    return await new Promise<TrainOutcome>((resolve, reject) => {
      const reply = (message: ToRun) => worker.postMessage(message);
      worker.on('message', (message: FromRun) => {
        if (message.type === 'outcome') resolve(message.outcome);
        else if (message.type === 'failed') reject(deserializeError(message.error));
        else {
          options.publish(message.release).then(
            () => reply({ type: 'published' }),
            (error: unknown) => reply({ type: 'publish_failed', error: serializeError(error) }),
          );
        }
      });
      worker.once('error', (error: Error & { code?: string }) => {
        reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new TrainRunError(`the run needed more than TRAIN_HEAP_MB=${config.TRAIN_HEAP_MB} MB of heap: shorten TRAIN_WINDOW or raise TRAIN_HEAP_MB`, 'heap_limit', { cause: error })
          : error);
      });
      worker.once('exit', (code) => reject(new TrainRunError(`the training worker exited (code ${code}) before the run ended`, 'worker_exited')));
    });
  } finally {
    await worker.terminate();
  }
}
