// The trainer's environment, parsed once by main.ts. It reads the archive (where: the shared
// @tessera/archive fragment), writes model files next to it under `models/`, and announces each
// release on models.v1.
import { Type } from '@sinclair/typebox';
import { ArchiveStoreEnv } from '@tessera/archive/store-config';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import type { Config } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import { kafkaConfigFields } from '@tessera/streams/kafka-config';
import type { TrainSettings } from './train-run.js';

export const TrainerEnv = Type.Object({
  LOG_LEVEL: env.logLevel(),
  ...kafkaConfigFields,
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create the catalogue topics when missing at start' }),
  ...ArchiveStoreEnv.properties,
  MODEL_NAME: env.string({ default: 'ctr', description: 'Name of the model (key on models.v1, folder under models/)' }),
  TRAIN_WINDOW: env.duration({ default: 24 * 3_600_000, min: 60_000, description: 'Event-time span of archived interactions a run learns from (ending now)' }),
  TRAIN_INTERVAL: Type.Optional(env.duration({ min: 10_000, description: 'Retrain every interval (the stack\'s schedule); unset = train once and exit' })),
  EVAL_FRACTION: env.int({ default: 20, min: 5, max: 50, description: 'Percent of the window (its latest part) held out to evaluate on' }),
  ATTRIBUTION_WINDOW: env.duration({ default: 10 * 60_000, min: 1_000, description: 'An impression is positive when the card is clicked, watched, liked or shared within this time' }),
  MIN_POSITIVES: env.int({ default: 30, min: 1, description: 'Fewer positive training rows than this: no model is published (logged)' }),
  MODEL_FACTORS: env.int({ default: 4, min: 0, max: 64, description: 'Latent factors of the factorization machine (0 = logistic regression)' }),
  TRAIN_EPOCHS: env.int({ default: 3, min: 1, max: 50, description: 'Passes over the training rows' }),
  TRAIN_HEAP_MB: env.int({ default: 2048, min: 16, description: 'Heap limit (V8 old generation, MB) of each scheduled run\'s child process: a window that needs more fails that run (heap_limit) and the schedule goes on' }),
  OPS_PORT: env.port({ default: 9473, description: 'Port of /metrics, /healthz, /readyz (scheduled mode)' }),
});

export type TrainerConfig = Config<typeof TrainerEnv>;

export function trainSettings(config: TrainerConfig): TrainSettings {
  return {
    featureSet: LIVE_FEATURES,
    modelName: config.MODEL_NAME,
    archivePrefix: config.ARCHIVE_PREFIX,
    windowMs: config.TRAIN_WINDOW,
    evalPercent: config.EVAL_FRACTION,
    attributionMs: config.ATTRIBUTION_WINDOW,
    minPositives: config.MIN_POSITIVES,
    factors: config.MODEL_FACTORS,
    epochs: config.TRAIN_EPOCHS,
  };
}
