// Trains the evaluation's ranker: for each step (the user's second-to-last interaction, then the
// third-to-last, ...; one world of known interactions per step) and each user with an interaction
// there, the candidates Tessera would have generated just before it, labelled 1 for that item and 0
// for the others (a seeded sample of up to `negativesPerUser`), as feature rows; then a
// factorization machine on those rows, exported to an ONNX file for the Scorer.
import type { FeatureSet } from '@tessera/features/feature-set';
import { fmToOnnx } from '@tessera/ranking/model/fm-onnx';
import { trainFm } from '@tessera/ranking/model/train';
import type { TrainingSet } from '@tessera/ranking/model/train';
import { modelMetadata } from '@tessera/ranking/model-file';
import { mulberry32, shuffleInPlace } from '@tessera/ranking/random';
import type { InteractionLog, LogEvent } from './interaction-log.js';
import type { OfflineWorld } from './offline-world.js';
import { userCandidates } from './tessera-ranker.js';
import type { CandidateOptions } from './tessera-ranker.js';
import { SlidingCounts } from './windowed-counts.js';

export interface RankerOptions {
  readonly windowMs: number;
  readonly candidates: CandidateOptions;
  readonly negativesPerUser: number;
  readonly maxUsers: number;
  readonly factors: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly seed: number;
  /** How many earlier interactions per user serve as training targets (one world each). */
  readonly validationSteps: number;
}

// Three earlier interactions per user as targets, (nearly) every candidate a negative: tuned on the
// synthetic log (BENCHMARKS.md).
const DEFAULTS = { negativesPerUser: 600, maxUsers: 20_000, factors: 4, epochs: 4, learningRate: 0.05, seed: 1, validationSteps: 3 };

export interface TrainedRanker {
  readonly modelFile: Uint8Array;
  readonly examples: number;
  readonly users: number;
}

export function trainRanker(
  set: FeatureSet, log: InteractionLog, itemIndex: ReadonlyMap<string, number>,
  steps: readonly { world: OfflineWorld; targets: { user: number; target: LogEvent }[] }[], partial: Partial<RankerOptions> & Pick<RankerOptions, 'windowMs' | 'candidates'>,
  onProgress: (done: number, total: number) => void,
): TrainedRanker {
  const options: RankerOptions = { ...DEFAULTS, ...partial };
  const random = mulberry32(options.seed);
  const f = set.dense.length;
  const c = set.fields.length;
  const maxPerStep = Math.ceil(options.maxUsers / Math.max(1, steps.length));
  const total = steps.reduce((n, step) => n + Math.min(step.targets.length, maxPerStep), 0);
  const dense: number[] = [];
  const cats: number[] = [];
  const labels: number[] = [];
  let users = 0;
  let done = 0;
  for (const { world, targets } of steps) {
    const picked = targets.length > maxPerStep
      ? Array.from(shuffleInPlace(Uint32Array.from(targets.keys()), random).subarray(0, maxPerStep)).map((i) => targets[i]!)
      : targets;
    const order = [...picked].sort((a, b) => a.target.at - b.target.at || a.target.order - b.target.order);
    const sliding = new SlidingCounts(world.timeline, log.itemIds.length, options.windowMs);
    for (const { user, target } of order) {
      done += 1;
      if (done % 100 === 0) onProgress(done, total);
      const windowed = sliding.at(target.at);
      const { items, rows } = userCandidates(set, log, itemIndex, world, user, target.at, windowed, options.candidates);
      const positive = items.indexOf(target.item);
      if (positive < 0) continue; // the ranker orders candidates; a miss is retrieval's, not its, to learn
      users += 1;
      const negatives = Array.from(shuffleInPlace(Uint32Array.from(items.keys()).filter((i) => i !== positive), random).subarray(0, options.negativesPerUser));
      for (const row of [positive, ...negatives]) {
        for (let i = 0; i < f; i += 1) dense.push(rows.dense[row * f + i]!);
        for (let i = 0; i < c; i += 1) cats.push(rows.cats[row * c + i]!);
        labels.push(row === positive ? 1 : 0);
      }
    }
  }
  onProgress(total, total);
  const training: TrainingSet = { rows: labels.length, dense: Float32Array.from(dense), cats: Int32Array.from(cats), labels: Float32Array.from(labels) };
  const shape = { dense: f, fields: set.fields.map((x) => x.size), factors: options.factors };
  const { model } = trainFm(shape, training, { epochs: options.epochs, learningRate: options.learningRate, seed: options.seed });
  const modelFile = fmToOnnx(model, modelMetadata({
    name: 'offline-eval', version: `seed-${options.seed}`, featureSet: set.id,
    denseNames: set.dense.map((x) => x.name), fieldNames: set.fields.map((x) => x.name), fieldSizes: shape.fields, factors: shape.factors,
  }));
  return { modelFile, examples: training.rows, users };
}
