// A scheduled training run in a child process of its own. Everything a run allocates — the
// window, the rows, the model, onnxruntime's parity session, the module code — goes away with
// that process, so between runs the trainer holds only its producer and ops server, and no run
// leaves heap garbage or fragmented native memory to the next. (A worker thread per run was
// tried first: the trainer's RSS between runs still rose ~14 MB in 25 minutes of soak, from
// native memory a terminated thread leaves behind.) `TRAIN_HEAP_MB` is the child's
// --max-old-space-size: a window too large for it fails that run (`heap_limit`) while the
// trainer and its schedule go on. The parent keeps the Kafka producer and announces the release
// the child asks for, after the child uploaded the bundle.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import type { TrainerConfig } from '../config.js';
import type { TrainOutcome } from '../train-run.js';
import { deserializeError, serializeError } from './protocol.js';
import type { FromRun, ToParent } from './protocol.js';

const ENTRY = fileURLToPath(new URL('./run-process.ts', import.meta.url));
/** The end of the child's stderr kept for the error (V8's out-of-memory report is there). */
const STDERR_TAIL = 4_096;

export interface IsolatedRunOptions {
  readonly config: TrainerConfig;
  readonly cwd: string;
  readonly publish: (release: ModelRelease) => Promise<void>;
  /** Aborting stops the run (its process is killed): the trainer is shutting down. */
  readonly signal?: AbortSignal;
}

export class TrainRunError extends Error {
  constructor(message: string, readonly code: 'heap_limit' | 'run_process_exited' | 'stopped') {
    super(message);
    this.name = 'TrainRunError';
  }
}

const live = new Set<ReturnType<typeof fork>>();
process.once('exit', () => { for (const child of live) child.kill('SIGKILL'); });

export async function runInProcess(options: IsolatedRunOptions): Promise<TrainOutcome> {
  const { config } = options;
  const child = fork(ENTRY, [], {
    execArgv: ['--import', 'tsx', `--max-old-space-size=${config.TRAIN_HEAP_MB}`],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  live.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
  });
  const reply = (message: ToParent) => { if (child.connected) child.send(message); };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return await new Promise<TrainOutcome>((resolve, reject) => {
      child.on('message', (message: FromRun) => {
        if (message.type === 'outcome') resolve(message.outcome);
        else if (message.type === 'failed') reject(deserializeError(message.error));
        else {
          options.publish(message.release).then(
            () => reply({ type: 'published' }),
            (error: unknown) => reply({ type: 'publish_failed', error: serializeError(error) }),
          );
        }
      });
      child.once('error', reject);
      const stop = () => {
        reject(new TrainRunError('the run was stopped: the trainer is shutting down', 'stopped'));
        child.kill('SIGKILL');
      };
      if (options.signal?.aborted) stop();
      else options.signal?.addEventListener('abort', stop, { once: true });
      void exited.then(() => options.signal?.removeEventListener('abort', stop));
      child.once('exit', (code, signal) => {
        reject(/heap out of memory/i.test(stderr)
          ? new TrainRunError(`the run needed more than TRAIN_HEAP_MB=${config.TRAIN_HEAP_MB} MB of heap: shorten TRAIN_WINDOW or raise TRAIN_HEAP_MB`, 'heap_limit')
          : new TrainRunError(`the training process exited (${signal ?? `code ${code}`}) before the run ended${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`, 'run_process_exited'));
      });
      reply({ type: 'start', input: { config, cwd: options.cwd } });
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      // The outcome is in: the child disconnects and exits by itself; a child that does not is stopped.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    live.delete(child);
  }
}
