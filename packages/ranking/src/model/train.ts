// Trains a factorization machine (or LR, factors = 0) on labelled rows with Adagrad SGD on the
// log loss, one row at a time in a seeded shuffled order. Before the first epoch the dense
// features are standardized from the training rows (mean and standard deviation kept in the
// model, so the exported graph applies the same transform). Gradients are the standard FM ones:
// ∂logit/∂vd_ik = xn_i·s_k − vd_ik·xn_i², ∂logit/∂e_{id,k} = s_k − e_{id,k}.
import { createFm, rowLogit, rowScratch, sigmoid } from './fm.js';
import type { FeatureBatch, FmModel, FmShape } from './fm.js';
import { mulberry32, shuffleInPlace } from '../random.js';

export interface TrainingSet extends FeatureBatch {
  /** 1 = positive, 0 = negative (fractions allowed). */
  readonly labels: Float32Array;
  /** Per-row weight; absent = 1. */
  readonly weights?: Float32Array;
}

export interface TrainOptions {
  readonly epochs?: number;
  readonly learningRate?: number;
  /** L2 penalty per update on the parameters a row touches. */
  readonly l2?: number;
  readonly seed?: number;
  /** Called after every `progressEvery` rows and at the end of each epoch. */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
  readonly progressEvery?: number;
}

export interface TrainResult {
  readonly model: FmModel;
  /** Mean training log loss of each epoch (measured while training). */
  readonly epochLoss: number[];
  readonly rowsPerSecond: number;
}

const EPS = 1e-7;

/** Mean and 1/sd per dense column; a constant column gets 1/sd = 1 (it then contributes 0). */
export function standardization(set: FeatureBatch, dense: number): { mu: Float32Array; invSd: Float32Array } {
  const mu = new Float32Array(dense);
  const invSd = new Float32Array(dense);
  const sum = new Float64Array(dense);
  const sq = new Float64Array(dense);
  for (let r = 0; r < set.rows; r += 1) {
    for (let i = 0; i < dense; i += 1) {
      const x = set.dense[r * dense + i]!;
      sum[i] = sum[i]! + x;
      sq[i] = sq[i]! + x * x;
    }
  }
  for (let i = 0; i < dense; i += 1) {
    const mean = set.rows > 0 ? sum[i]! / set.rows : 0;
    const variance = set.rows > 0 ? Math.max(0, sq[i]! / set.rows - mean * mean) : 0;
    mu[i] = mean;
    invSd[i] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 1;
  }
  return { mu, invSd };
}

export function trainFm(shape: FmShape, set: TrainingSet, options: TrainOptions = {}): TrainResult {
  const epochs = options.epochs ?? 3;
  const lr0 = options.learningRate ?? 0.05;
  const l2 = options.l2 ?? 1e-6;
  const random = mulberry32(options.seed ?? 1);
  const model = createFm(shape, random);
  const { mu, invSd } = standardization(set, shape.dense);
  model.mu.set(mu);
  model.invSd.set(invSd);

  const f = shape.dense;
  const c = shape.fields.length;
  const k = shape.factors;
  // Adagrad accumulators, one per parameter.
  const gb = new Float64Array(1);
  const gw = new Float64Array(model.w.length);
  const gwc = new Float64Array(model.wc.length);
  const gvd = new Float64Array(model.vd.length);
  const ge = new Float64Array(model.e.length);
  const step = (acc: Float64Array, i: number, g: number): number => {
    acc[i] = acc[i]! + g * g;
    return g / (Math.sqrt(acc[i]!) + EPS);
  };

  const order = new Uint32Array(set.rows);
  for (let i = 0; i < order.length; i += 1) order[i] = i;
  const scratch = rowScratch(shape);
  const epochLoss: number[] = [];
  const every = options.progressEvery ?? 100_000;
  const total = set.rows * epochs;
  const started = performance.now();

  for (let epoch = 0; epoch < epochs; epoch += 1) {
    shuffleInPlace(order, random);
    const lr = lr0 / (1 + epoch * 0.5);
    let loss = 0;
    for (let n = 0; n < order.length; n += 1) {
      const r = order[n]!;
      const y = set.labels[r]!;
      const weight = set.weights ? set.weights[r]! : 1;
      const p = sigmoid(rowLogit(model, set, r, scratch));
      loss -= weight * (y * Math.log(Math.max(p, EPS)) + (1 - y) * Math.log(Math.max(1 - p, EPS)));
      const g = weight * (p - y);
      if (g === 0) continue;
      model.bias[0] = model.bias[0]! - lr * step(gb, 0, g);
      const { s, xn } = scratch;
      for (let i = 0; i < f; i += 1) {
        const x = xn[i]!;
        if (x === 0) continue;
        model.w[i] = model.w[i]! - lr * step(gw, i, g * x + l2 * model.w[i]!);
        for (let j = 0; j < k; j += 1) {
          const at = i * k + j;
          const v = model.vd[at]!;
          model.vd[at] = v - lr * step(gvd, at, g * (x * s[j]! - v * x * x) + l2 * v);
        }
      }
      for (let field = 0; field < c; field += 1) {
        const id = model.offsets[field]! + set.cats[r * c + field]!;
        model.wc[id] = model.wc[id]! - lr * step(gwc, id, g + l2 * model.wc[id]!);
        for (let j = 0; j < k; j += 1) {
          const at = id * k + j;
          const v = model.e[at]!;
          model.e[at] = v - lr * step(ge, at, g * (s[j]! - v) + l2 * v);
        }
      }
      const done = epoch * set.rows + n + 1;
      if (options.onProgress && done % every === 0) options.onProgress(done, total);
    }
    epochLoss.push(set.rows > 0 ? loss / set.rows : 0);
    options.onProgress?.((epoch + 1) * set.rows, total);
  }
  const seconds = (performance.now() - started) / 1000;
  return { model, epochLoss, rowsPerSecond: seconds > 0 ? total / seconds : 0 };
}
