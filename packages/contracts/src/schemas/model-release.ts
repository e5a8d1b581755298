// ModelRelease: the trainer's announcement of a model file (models.v1, key = model name). The
// compacted topic keeps the latest release per model, which is what the recommender loads.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { EpochMs, EventId, Id, OccurredAt, StringEnum } from './primitives.js';
import type { Rule } from './rule.js';

export const MODEL_FORMATS = ['onnx'] as const;

const Window = (description: string) => Type.Object(
  { from: EpochMs('Inclusive start (event time)'), to: EpochMs('Exclusive end (event time)') },
  { description },
);

const Probability = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const LogLoss = (description: string) => Type.Number({ minimum: 0, maximum: 100, description });

export const ModelMetrics = Type.Object(
  {
    auc: Probability('ROC AUC on the evaluation window'),
    logLoss: LogLoss('Mean log loss on the evaluation window'),
    baselineAuc: Probability('AUC of the popularity baseline on the same window'),
    baselineLogLoss: LogLoss('Log loss of the popularity baseline on the same window'),
    trainExamples: Type.Integer({ minimum: 0, maximum: 1e12, description: 'Training rows' }),
    evalExamples: Type.Integer({ minimum: 0, maximum: 1e12, description: 'Evaluation rows' }),
  },
  { title: 'ModelMetrics' },
);

export const ModelRelease = Type.Object(
  {
    eventId: EventId(),
    occurredAt: OccurredAt(),
    name: Id('Model name, e.g. "ctr"'),
    version: Id('Unique, sortable version, e.g. "2026-11-22T0400Z" or a ULID'),
    format: StringEnum(MODEL_FORMATS),
    objectKey: Type.String({ minLength: 1, maxLength: 1024, description: 'Object key of the model file in the archive bucket' }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', maxLength: 64, description: 'SHA-256 of the model file, lowercase hex' }),
    modelCardKey: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'Object key of the model card' })),
    features: Type.Array(Id('Feature name from packages/features', 128), {
      minItems: 1,
      maxItems: 512,
      description: 'Input features in input-tensor order',
    }),
    trainingWindow: Window('Event-time window of the training rows'),
    evaluationWindow: Window('Event-time window of the evaluation rows (after the training window)'),
    metrics: ModelMetrics,
  },
  { title: 'ModelRelease', description: 'A released model; the value of models.v1' },
);
export type ModelRelease = Static<typeof ModelRelease>;

export const modelReleaseRules: Rule<ModelRelease>[] = [
  (x) => (x.trainingWindow.from >= x.trainingWindow.to
    ? [{ path: '/trainingWindow/to', code: 'minimum', message: 'trainingWindow.to must be after from' }]
    : []),
  (x) => (x.evaluationWindow.from >= x.evaluationWindow.to
    ? [{ path: '/evaluationWindow/to', code: 'minimum', message: 'evaluationWindow.to must be after from' }]
    : []),
  // A time-based split: evaluating on rows the model trained on would flatter it.
  (x) => (x.evaluationWindow.from < x.trainingWindow.to
    ? [{ path: '/evaluationWindow/from', code: 'minimum', message: 'evaluationWindow must start after trainingWindow ends' }]
    : []),
];
