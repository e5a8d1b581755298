// Retraining on a schedule: one run at start, then one every interval after the previous run
// ended (runs never overlap). A failed run is logged and counted; the next one starts on time.
// stop() aborts a run in progress (its signal) and waits for it to end; that run is not a failure.
import type { Logger } from '@tessera/platform/logger';
import type { TrainerMetrics } from './metrics.js';
import type { TrainOutcome } from './train-run.js';

export interface Schedule {
  stop(): Promise<void>;
}

export function startSchedule(options: { intervalMs: number; logger: Logger; metrics: TrainerMetrics; run: (signal: AbortSignal) => Promise<TrainOutcome> }): Schedule {
  let stopped = false;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  const tick = async () => {
    const end = options.metrics.runSeconds.startTimer();
    try {
      const outcome = await options.run(stopping.signal);
      if (outcome.published) {
        options.metrics.runs.inc({ outcome: 'published' });
        options.logger.info({ version: outcome.release.version, metrics: outcome.release.metrics, seconds: outcome.card.training.totalSeconds }, 'model published');
      } else {
        options.metrics.runs.inc({ outcome: outcome.reason });
        options.logger.info({ reason: outcome.reason, detail: outcome.detail }, 'no model published');
      }
    } catch (error) {
      if (stopping.signal.aborted) {
        options.logger.info('training run stopped: shutting down');
        return;
      }
      options.metrics.runs.inc({ outcome: 'failed' });
      options.logger.error({ err: error }, 'training run failed');
    } finally {
      end();
    }
    if (!stopped) timer = setTimeout(() => { current = tick(); }, options.intervalMs);
  };
  current = tick();
  return {
    async stop() {
      stopped = true;
      stopping.abort();
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
