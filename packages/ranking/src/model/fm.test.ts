import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { auc } from '../metrics.js';
import { mulberry32 } from '../random.js';
import { createFm, predict, sigmoid } from './fm.js';
import type { FmShape } from './fm.js';
import { fmToOnnx } from './fm-onnx.js';
import { trainFm } from './train.js';

const shape: FmShape = { dense: 6, fields: [20, 8, 5], factors: 4 };

/** Rows drawn from a hidden FM, labels drawn from its probabilities (known Bayes scores). */
function synthetic(rows: number, seed: number) {
  const random = mulberry32(seed);
  const truth = createFm(shape, random);
  for (let i = 0; i < truth.w.length; i += 1) truth.w[i] = (random() - 0.5) * 2;
  for (let i = 0; i < truth.wc.length; i += 1) truth.wc[i] = (random() - 0.5) * 2;
  for (let i = 0; i < truth.vd.length; i += 1) truth.vd[i] = (random() - 0.5) * 1.2;
  for (let i = 0; i < truth.e.length; i += 1) truth.e[i] = (random() - 0.5) * 1.2;
  truth.bias[0] = -1;
  const make = (n: number) => {
    const dense = new Float32Array(n * shape.dense).map(() => (random() - 0.5) * 4 + 3);
    const cats = new Int32Array(n * shape.fields.length).map((_, i) => Math.floor(random() * shape.fields[i % shape.fields.length]!));
    return { rows: n, dense, cats };
  };
  // The hidden model sees the data centred, as a trained one will.
  truth.mu.fill(3);
  const train = make(rows);
  const test = make(Math.floor(rows / 4));
  const label = (b: { rows: number; dense: Float32Array; cats: Int32Array }) => {
    const p = predict(truth, b);
    return { p, labels: p.map((x) => (random() < x ? 1 : 0)) };
  };
  return { train: { ...train, labels: label(train).labels }, test: { ...test, ...label(test) } };
}

async function ortPredict(bytes: Uint8Array, batch: { rows: number; dense: Float32Array; cats: Int32Array }) {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 4 });
  try {
    const out = await session.run({
      dense: new ort.Tensor('float32', batch.dense, [batch.rows, shape.dense]),
      cats: new ort.Tensor('int32', batch.cats, [batch.rows, shape.fields.length]),
    });
    return out.prob!.data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('factorization machine', () => {
  it('learns a hidden FM to within 0.05 AUC of the Bayes scorer', () => {
    const { train, test } = synthetic(40_000, 7);
    const { model } = trainFm(shape, train, { epochs: 4, learningRate: 0.05, seed: 3 });
    const learned = auc(predict(model, test), test.labels);
    const bayes = auc(test.p, test.labels);
    expect(bayes).toBeGreaterThan(0.7);
    expect(bayes - learned).toBeLessThan(0.05);
  });

  it.each([0, 4])('exports to ONNX with the JS forward pass within 1e-5 (factors = %i)', async (factors) => {
    const s = { ...shape, factors };
    const { train, test } = synthetic(5_000, 11);
    const { model } = trainFm(s, train, { epochs: 1, seed: 5 });
    const bytes = fmToOnnx(model, { purpose: 'test' });
    const js = predict(model, test);
    const onnx = await ortPredict(bytes, test);
    let max = 0;
    for (let i = 0; i < js.length; i += 1) max = Math.max(max, Math.abs(js[i]! - onnx[i]!));
    expect(max).toBeLessThan(1e-5);
    expect(new Set(Array.from(js.slice(0, 50)).map((x) => x.toFixed(4))).size).toBeGreaterThan(10);
  });

  it('sigmoid is stable at the extremes', () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(0)).toBe(0.5);
  });
});
