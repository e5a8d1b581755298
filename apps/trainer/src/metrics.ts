// The trainer's metrics on the app's registry.
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export interface TrainerMetrics {
  readonly runs: Counter<'outcome'>;
  readonly runSeconds: Histogram;
}

export function createTrainerMetrics(registry: Registry): TrainerMetrics {
  return {
    runs: new Counter({ name: 'tessera_trainer_runs_total', help: 'Training runs by outcome (published, not_enough_data, parity_failed, failed)', labelNames: ['outcome'], registers: [registry] }),
    runSeconds: new Histogram({ name: 'tessera_trainer_run_seconds', help: 'Duration of a training run', buckets: [1, 5, 15, 30, 60, 120, 300, 900], registers: [registry] }),
  };
}
