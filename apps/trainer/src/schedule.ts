// Retraining on a schedule: one run at start, then one every interval after the previous run
// ended (runs never overlap). A failed run is logged and counted; the next one starts on time.
import type { Logger } from '@tessera/platform/logger';
import type { TrainerMetrics } from './metrics.js';
import type { TrainOutcome } from './train-run.js';

export interface Schedule {
  stop(): Promise<void>;
}

export function startSchedule(options: { intervalMs: number; logger: Logger; metrics: TrainerMetrics; run: () => Promise<TrainOutcome> }): Schedule {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  const tick = async () => {
    const end = options.metrics.runSeconds.startTimer();
    try {
      const outcome = await options.run();
      if (outcome.published) {
        options.metrics.runs.inc({ outcome: 'published' });
        options.logger.info({ version: outcome.release.version, metrics: outcome.release.metrics, seconds: outcome.card.training.totalSeconds }, 'model published');
      } else {
        options.metrics.runs.inc({ outcome: outcome.reason });
        options.logger.info({ reason: outcome.reason, detail: outcome.detail }, 'no model published');
      }
    } catch (error) {
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
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
