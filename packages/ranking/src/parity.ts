// The export check: an ONNX file is only as good as its agreement with the model it was written
// from. Runs the file in onnxruntime (in this thread: the trainer, not a serving path) on rows and
// compares with the JS forward pass; a file that differs by more than the threshold is not shipped.
import * as ort from 'onnxruntime-node';
import { predict } from './model/fm.js';
import type { FeatureBatch, FmModel } from './model/fm.js';

export const PARITY_THRESHOLD = 1e-5;

export interface ParityResult {
  readonly rows: number;
  readonly maxAbsDiff: number;
  readonly ok: boolean;
}

export async function checkParity(file: Uint8Array, model: FmModel, batch: FeatureBatch, threshold = PARITY_THRESHOLD): Promise<ParityResult> {
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 4 });
  try {
    const out = await session.run({
      dense: new ort.Tensor('float32', batch.dense, [batch.rows, model.shape.dense]),
      cats: new ort.Tensor('int32', batch.cats, [batch.rows, model.shape.fields.length]),
    });
    const onnx = out.prob?.data as Float32Array | undefined;
    if (!onnx || onnx.length !== batch.rows) return { rows: batch.rows, maxAbsDiff: Number.POSITIVE_INFINITY, ok: false };
    const js = predict(model, batch);
    let max = 0;
    for (let i = 0; i < batch.rows; i += 1) {
      const d = Math.abs(js[i]! - onnx[i]!);
      if (!(d <= max)) max = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
    }
    return { rows: batch.rows, maxAbsDiff: max, ok: max <= threshold };
  } finally {
    await session.release();
  }
}
