// The factorization machine Tessera ranks with (logistic regression is the same model with no
// factors). Inputs per row: `dense` standardized numeric features and one categorical id per
// field. Parameters live in Float32Arrays so training is plain loops and export copies bytes.
//   xn_i  = (x_i - mu_i) * invSd_i
//   logit = b + Σ w_i xn_i + Σ_c wc[id_c] + ½ Σ_k [(Σ_i vd_ik xn_i + Σ_c e_{id_c,k})² − (Σ_i vd_ik² xn_i² + Σ_c e_{id_c,k}²)]
//   p     = sigmoid(logit)
// Categorical ids are local to their field (0 = unknown); `offsets` places each field's rows in
// one shared table, so the file and the runtime agree on a single layout.

export interface FmShape {
  /** Number of dense features. */
  readonly dense: number;
  /** Cardinality of each categorical field (ids 0..cardinality-1; 0 is "unknown"). */
  readonly fields: readonly number[];
  /** Latent factors per feature; 0 = logistic regression. */
  readonly factors: number;
}

export interface FmModel {
  readonly shape: FmShape;
  readonly bias: Float32Array;
  readonly w: Float32Array;
  readonly wc: Float32Array;
  readonly vd: Float32Array;
  readonly e: Float32Array;
  readonly mu: Float32Array;
  readonly invSd: Float32Array;
  readonly offsets: Int32Array;
}

/** A batch of rows in the model's input layout. */
export interface FeatureBatch {
  readonly rows: number;
  /** rows × shape.dense, row-major. */
  readonly dense: Float32Array;
  /** rows × shape.fields.length local ids, row-major. */
  readonly cats: Int32Array;
}

export function vocabularySize(shape: FmShape): number {
  return shape.fields.reduce((a, b) => a + b, 0);
}

export function fieldOffsets(shape: FmShape): Int32Array {
  const offsets = new Int32Array(shape.fields.length);
  let at = 0;
  shape.fields.forEach((card, i) => {
    if (!Number.isInteger(card) || card < 1) throw new RangeError(`field ${i}: cardinality must be a positive integer, got ${card}`);
    offsets[i] = at;
    at += card;
  });
  return offsets;
}

/** A model with small random factors (seeded) and zero weights, standardization = identity. */
export function createFm(shape: FmShape, random: () => number): FmModel {
  const v = vocabularySize(shape);
  const k = shape.factors;
  const model: FmModel = {
    shape,
    bias: new Float32Array(1),
    w: new Float32Array(shape.dense),
    wc: new Float32Array(v),
    vd: new Float32Array(shape.dense * k),
    e: new Float32Array(v * k),
    mu: new Float32Array(shape.dense),
    invSd: new Float32Array(shape.dense).fill(1),
    offsets: fieldOffsets(shape),
  };
  for (let i = 0; i < model.vd.length; i += 1) model.vd[i] = (random() - 0.5) * 0.02;
  for (let i = 0; i < model.e.length; i += 1) model.e[i] = (random() - 0.5) * 0.02;
  return model;
}

export function checkBatch(shape: FmShape, batch: FeatureBatch): void {
  const c = shape.fields.length;
  if (batch.dense.length !== batch.rows * shape.dense) throw new RangeError(`dense holds ${batch.dense.length} values, expected ${batch.rows}×${shape.dense}`);
  if (batch.cats.length !== batch.rows * c) throw new RangeError(`cats holds ${batch.cats.length} ids, expected ${batch.rows}×${c}`);
  for (let i = 0; i < batch.cats.length; i += 1) {
    const id = batch.cats[i]!;
    const card = shape.fields[i % c]!;
    if (!(id >= 0 && id < card)) throw new RangeError(`row ${Math.floor(i / c)} field ${i % c}: id ${id} outside 0..${card - 1}`);
  }
}

/** Scratch space for one row's factor sums, reused across rows. */
export interface RowScratch {
  readonly s: Float64Array;
  readonly xn: Float64Array;
}

export function rowScratch(shape: FmShape): RowScratch {
  return { s: new Float64Array(shape.factors), xn: new Float64Array(shape.dense) };
}

/** The logit of row `r`; leaves the row's standardized inputs and factor sums in `scratch`. */
export function rowLogit(m: FmModel, batch: FeatureBatch, r: number, scratch: RowScratch): number {
  const f = m.shape.dense;
  const c = m.shape.fields.length;
  const k = m.shape.factors;
  const { s, xn } = scratch;
  let logit = m.bias[0]!;
  s.fill(0);
  let q = 0;
  for (let i = 0; i < f; i += 1) {
    const x = (batch.dense[r * f + i]! - m.mu[i]!) * m.invSd[i]!;
    xn[i] = x;
    if (x === 0) continue;
    logit += m.w[i]! * x;
    for (let j = 0; j < k; j += 1) {
      const v = m.vd[i * k + j]! * x;
      s[j] = s[j]! + v;
      q += v * v;
    }
  }
  for (let field = 0; field < c; field += 1) {
    const id = m.offsets[field]! + batch.cats[r * c + field]!;
    logit += m.wc[id]!;
    for (let j = 0; j < k; j += 1) {
      const v = m.e[id * k + j]!;
      s[j] = s[j]! + v;
      q += v * v;
    }
  }
  let sq = 0;
  for (let j = 0; j < k; j += 1) sq += s[j]! * s[j]!;
  return logit + 0.5 * (sq - q);
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Plain-JS forward pass: the reference the ONNX file is checked against, and a fallback scorer. */
export function predict(m: FmModel, batch: FeatureBatch, out = new Float32Array(batch.rows)): Float32Array {
  const scratch = rowScratch(m.shape);
  for (let r = 0; r < batch.rows; r += 1) out[r] = sigmoid(rowLogit(m, batch, r, scratch));
  return out;
}
