// A model bundle as the trainer writes it (ONNX file, co-visitation snapshot, card) in the test's
// object store, and its release, without running the trainer: a small FM on random rows of the
// live feature set's shape. `featureSet` lets a test build one the recommender must refuse.
import { createHash } from 'node:crypto';
import type { ObjectStore } from '@tessera/archive/object-store';
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import { bundleKeys, encodeCovis } from '@tessera/ranking/bundle';
import { fmToOnnx } from '@tessera/ranking/model/fm-onnx';
import { trainFm } from '@tessera/ranking/model/train';
import { modelMetadata } from '@tessera/ranking/model-file';
import { mulberry32 } from '@tessera/ranking/random';
import type { CoVisitationSnapshot } from '@tessera/ranking/retrieval/co-visitation';
import { DEFAULT_COVIS } from '@tessera/ranking/retrieval/co-visitation';
import { eventId } from './support.js';

export async function publishBundle(store: ObjectStore, version: string, options: { featureSet?: string; covis?: CoVisitationSnapshot; corruptSha?: boolean } = {}): Promise<ModelRelease> {
  const set = LIVE_FEATURES;
  const shape = { dense: set.dense.length, fields: set.fields.map((f) => f.size), factors: 2 };
  const random = mulberry32(version.length + 7);
  const rows = 400;
  const training = {
    rows,
    dense: Float32Array.from({ length: rows * shape.dense }, () => random()),
    cats: Int32Array.from({ length: rows * shape.fields.length }, (_, i) => Math.floor(random() * shape.fields[i % shape.fields.length]!)),
    labels: Float32Array.from({ length: rows }, () => (random() < 0.2 ? 1 : 0)),
  };
  const { model } = trainFm(shape, training, { epochs: 1 });
  const onnx = fmToOnnx(model, modelMetadata({
    name: 'ctr', version, featureSet: options.featureSet ?? set.id,
    denseNames: set.dense.map((f) => f.name), fieldNames: set.fields.map((f) => f.name), fieldSizes: shape.fields, factors: shape.factors,
  }));
  const keys = bundleKeys('', 'ctr', version);
  const covis = options.covis ?? { options: DEFAULT_COVIS, items: {} };
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  await store.put(keys.onnx, Buffer.from(onnx), 'application/octet-stream');
  await store.put(keys.covis, encodeCovis(covis), 'application/gzip');
  await store.put(keys.card, Buffer.from(JSON.stringify({ name: 'ctr', version, artifacts: { onnx: keys.onnx, covis: keys.covis, cardMarkdown: keys.cardMarkdown, onnxSha256: sha256 } })), 'application/json');
  const now = Date.now();
  return {
    eventId: eventId(), occurredAt: now, name: 'ctr', version, format: 'onnx', objectKey: keys.onnx,
    sha256: options.corruptSha ? '0'.repeat(64) : sha256, modelCardKey: keys.card,
    features: [...set.dense.map((f) => f.name), ...set.fields.map((f) => f.name)],
    trainingWindow: { from: now - 7_200_000, to: now - 3_600_000 }, evaluationWindow: { from: now - 3_600_000, to: now - 60_000 },
    metrics: { auc: 0.7, logLoss: 0.3, baselineAuc: 0.6, baselineLogLoss: 0.35, trainExamples: rows, evalExamples: 100 },
  };
}
