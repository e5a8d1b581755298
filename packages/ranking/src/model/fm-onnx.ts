// Exports a factorization machine (or LR) as an ONNX graph with the same arithmetic as the JS
// forward pass in fm.ts. Inputs: `dense` float32 [N, F] and `cats` int32 [N, C] (local ids per
// field; int32 so callers never convert to BigInt on the hot path). Output: `prob` float32 [N, 1].
import { DataType, initializer, node, valueInfo, writeModel } from '../onnx/writer.js';
import { vocabularySize } from './fm.js';
import type { FmModel } from './fm.js';

export const INPUT_DENSE = 'dense';
export const INPUT_CATS = 'cats';
export const OUTPUT_PROB = 'prob';

export function fmToOnnx(m: FmModel, metadata: Record<string, string>): Uint8Array {
  const f = m.shape.dense;
  const c = m.shape.fields.length;
  const k = m.shape.factors;
  const v = vocabularySize(m.shape);
  if (f < 1 || c < 1) throw new RangeError('an exported model needs at least one dense feature and one categorical field');

  const initializers = [
    initializer('mu', [f], m.mu),
    initializer('inv_sd', [f], m.invSd),
    initializer('W', [f, 1], m.w),
    initializer('offsets', [c], m.offsets),
    initializer('Wc', [v, 1], m.wc),
    initializer('b', [1], m.bias),
    initializer('axes1', [1], new BigInt64Array([1n])),
  ];
  const nodes = [
    node('Sub', [INPUT_DENSE, 'mu'], ['xs']),
    node('Mul', ['xs', 'inv_sd'], ['xn']),
    node('MatMul', ['xn', 'W'], ['lin_d']),
    node('Add', [INPUT_CATS, 'offsets'], ['ids']),
    node('Gather', ['Wc', 'ids'], ['g_wc'], { axis: 0 }),
    node('ReduceSum', ['g_wc', 'axes1'], ['lin_c'], { keepdims: 0 }),
    node('Add', ['lin_d', 'lin_c'], ['lin']),
    node('Add', ['lin', 'b'], ['lin_b']),
  ];
  if (k > 0) {
    const vd2 = new Float32Array(m.vd.length);
    for (let i = 0; i < vd2.length; i += 1) vd2[i] = m.vd[i]! * m.vd[i]!;
    initializers.push(
      initializer('E', [v, k], m.e),
      initializer('Vd', [f, k], m.vd),
      initializer('Vd2', [f, k], vd2),
      initializer('half', [1], new Float32Array([0.5])),
    );
    nodes.push(
      node('Gather', ['E', 'ids'], ['emb'], { axis: 0 }),
      node('ReduceSum', ['emb', 'axes1'], ['s_c'], { keepdims: 0 }),
      node('MatMul', ['xn', 'Vd'], ['s_d']),
      node('Add', ['s_d', 's_c'], ['s']),
      node('Mul', ['emb', 'emb'], ['emb2']),
      node('ReduceSum', ['emb2', 'axes1'], ['q_c'], { keepdims: 0 }),
      node('Mul', ['xn', 'xn'], ['x2']),
      node('MatMul', ['x2', 'Vd2'], ['q_d']),
      node('Add', ['q_d', 'q_c'], ['q']),
      node('Mul', ['s', 's'], ['s2']),
      node('Sub', ['s2', 'q'], ['d']),
      node('ReduceSum', ['d', 'axes1'], ['inter_sum'], { keepdims: 1 }),
      node('Mul', ['inter_sum', 'half'], ['inter']),
      node('Add', ['lin_b', 'inter'], ['logit']),
    );
  } else {
    nodes.push(node('Identity', ['lin_b'], ['logit']));
  }
  nodes.push(node('Sigmoid', ['logit'], [OUTPUT_PROB]));

  return writeModel({
    name: k > 0 ? 'fm' : 'lr',
    nodes,
    initializers,
    inputs: [valueInfo(INPUT_DENSE, DataType.FLOAT, ['N', f]), valueInfo(INPUT_CATS, DataType.INT32, ['N', c])],
    outputs: [valueInfo(OUTPUT_PROB, DataType.FLOAT, ['N', 1])],
    metadata,
  });
}
