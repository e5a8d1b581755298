// One training run, from the archive to an announced release:
//   load the window's interactions → replay into rows → time-based split (the latest part of the
//   window is held out) → train → evaluate against the popularity baseline → export ONNX → parity
//   check → upload the bundle (model, co-visitation snapshot, card) → announce on models.v1.
// A run that cannot produce a trustworthy model says why and publishes nothing: too few
// positive rows, nothing to evaluate on, or an export that disagrees with the trained model.
import { createHash } from 'node:crypto';
import type { ObjectStore } from '@tessera/archive/object-store';
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import type { FeatureSet } from '@tessera/features/feature-set';
import { denseIndex } from '@tessera/features/feature-set';
import type { Logger } from '@tessera/platform/logger';
import { bundleKeys, cardMarkdown, encodeCovis } from '@tessera/ranking/bundle';
import type { ModelCard } from '@tessera/ranking/bundle';
import { auc, logLoss } from '@tessera/ranking/metrics';
import { predict } from '@tessera/ranking/model/fm';
import { fmToOnnx } from '@tessera/ranking/model/fm-onnx';
import { trainFm } from '@tessera/ranking/model/train';
import { modelMetadata } from '@tessera/ranking/model-file';
import { checkParity, PARITY_THRESHOLD } from '@tessera/ranking/parity';
import type { TopicNames } from '@tessera/streams/topic-names';
import { v7 as uuidv7 } from 'uuid';
import type { Progress } from './cli/progress.js';
import { buildExamples } from './data/examples.js';
import type { Examples } from './data/examples.js';
import { loadTrainingData } from './data/load.js';

export interface TrainRunDeps {
  readonly store: ObjectStore;
  readonly names: TopicNames;
  readonly publish: (release: ModelRelease) => Promise<void>;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly progress?: Progress;
}

export interface TrainSettings {
  readonly featureSet: FeatureSet;
  readonly modelName: string;
  readonly archivePrefix: string;
  readonly windowMs: number;
  readonly evalPercent: number;
  readonly attributionMs: number;
  readonly minPositives: number;
  readonly factors: number;
  readonly epochs: number;
}

export type TrainOutcome =
  | {
    readonly published: true; readonly release: ModelRelease; readonly card: ModelCard;
    /** The whole run, from reading the archive to the release announced (the card stops before its own upload). */
    readonly seconds: number;
    /** Wall seconds per step: read, rows, train, evaluate, export, publish (upload + announcement). */
    readonly phases: Readonly<Record<string, number>>;
    /** CPU seconds of this process (all its threads) per step: on a shared machine, wall time includes waiting for a core. */
    readonly phasesCpu: Readonly<Record<string, number>>;
  }
  | { readonly published: false; readonly reason: 'not_enough_data' | 'parity_failed'; readonly detail: string };

const CONTENT_LOOKBACK_MS = 7 * 24 * 3_600_000;
const PARITY_ROWS = 5_000;

/** A sortable, unique-enough version: UTC time to the millisecond. */
export function versionAt(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

function slice(examples: Examples, from: number, to: number) {
  const f = examples.dense.length / Math.max(1, examples.rows);
  const c = examples.cats.length / Math.max(1, examples.rows);
  return {
    rows: to - from,
    dense: examples.dense.subarray(from * f, to * f),
    cats: examples.cats.subarray(from * c, to * c),
    labels: examples.labels.subarray(from, to),
    weights: examples.weights.subarray(from, to),
  };
}

const countPositives = (labels: Float32Array) => labels.reduce((n, y) => n + (y > 0.5 ? 1 : 0), 0);

export async function trainOnce(deps: TrainRunDeps, settings: TrainSettings): Promise<TrainOutcome> {
  const started = performance.now();
  const now = (deps.now ?? Date.now)();
  const progress = deps.progress ?? (() => undefined);
  const set = settings.featureSet;
  const dataWindow = { from: now - settings.windowMs, to: now };
  const phases: Record<string, number> = {};
  const phasesCpu: Record<string, number> = {};
  let phaseStart = started;
  let cpuStart = process.cpuUsage();
  const phaseDone = (name: string) => {
    const at = performance.now();
    const cpu = process.cpuUsage(cpuStart);
    phases[name] = Number(((at - phaseStart) / 1000).toFixed(3));
    phasesCpu[name] = Number(((cpu.user + cpu.system) / 1e6).toFixed(3));
    phaseStart = at;
    cpuStart = process.cpuUsage();
  };

  const data = await loadTrainingData({
    store: deps.store, prefix: settings.archivePrefix, names: deps.names, fromMs: dataWindow.from, toMs: dataWindow.to,
    contentLookbackMs: CONTENT_LOOKBACK_MS,
    onProblem: (problem) => deps.logger.warn({ problem }, 'skipped a damaged part of the archive'),
    onProgress: progress,
  });
  phaseDone('read');
  deps.logger.info({ interactions: data.events.length, users: data.userIds.length, items: data.itemIds.length, archive: data.stats, seconds: phases.read }, 'archive read');
  const examples = buildExamples(set, data, settings.attributionMs, (d, t) => progress('building rows', d, t));
  phaseDone('rows');

  // Time-based split over the rows' own span: the latest evalPercent is held out.
  const first = examples.rows > 0 ? examples.times[0]! : dataWindow.from;
  const last = examples.rows > 0 ? examples.times[examples.rows - 1]! : dataWindow.from;
  const splitAt = Math.floor(first + (last - first) * (1 - settings.evalPercent / 100));
  let cut = 0;
  while (cut < examples.rows && examples.times[cut]! < splitAt) cut += 1;
  const train = slice(examples, 0, cut);
  const evaluation = slice(examples, cut, examples.rows);
  const trainPositives = countPositives(train.labels);
  const evalPositives = countPositives(evaluation.labels);
  if (trainPositives < settings.minPositives || evalPositives === 0 || evalPositives === evaluation.rows) {
    return {
      published: false,
      reason: 'not_enough_data',
      detail: `${examples.rows} impressions in the window: ${trainPositives} positive training rows (need ${settings.minPositives}), ${evalPositives} of ${evaluation.rows} evaluation rows positive (need both classes)`,
    };
  }

  const shape = { dense: set.dense.length, fields: set.fields.map((x) => x.size), factors: settings.factors };
  const trainStarted = performance.now();
  const { model, rowsPerSecond } = trainFm(shape, train, {
    epochs: settings.epochs, seed: 1, onProgress: (d, t) => progress('training', d, t),
  });
  const trainSeconds = (performance.now() - trainStarted) / 1000;
  phaseDone('train');

  const scores = predict(model, evaluation);
  const ctr = denseIndex(set, 'ctr_mid');
  const baseline = new Float32Array(evaluation.rows);
  for (let r = 0; r < evaluation.rows; r += 1) baseline[r] = evaluation.dense[r * shape.dense + ctr]!;
  const metrics = {
    auc: auc(scores, evaluation.labels),
    logLoss: logLoss(scores, evaluation.labels),
    baselineAuc: auc(baseline, evaluation.labels),
    baselineLogLoss: logLoss(baseline, evaluation.labels),
  };

  phaseDone('evaluate');
  const version = versionAt(now);
  const onnx = fmToOnnx(model, modelMetadata({
    name: settings.modelName, version, featureSet: set.id,
    denseNames: set.dense.map((x) => x.name), fieldNames: set.fields.map((x) => x.name), fieldSizes: shape.fields, factors: shape.factors,
  }));
  const probe = Math.min(evaluation.rows, PARITY_ROWS);
  const parity = await checkParity(onnx, model, {
    rows: probe, dense: evaluation.dense.subarray(0, probe * shape.dense), cats: evaluation.cats.subarray(0, probe * shape.fields.length),
  });
  if (!parity.ok) return { published: false, reason: 'parity_failed', detail: `ONNX and JS forward pass differ by ${parity.maxAbsDiff} (limit ${PARITY_THRESHOLD})` };

  phaseDone('export');
  const keys = bundleKeys(settings.archivePrefix, settings.modelName, version);
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  const trainingWindow = { from: first, to: splitAt };
  const evaluationWindow = { from: splitAt, to: last + 1 };
  const card: ModelCard = {
    name: settings.modelName, version, createdAt: new Date(now).toISOString(), featureSet: set.id,
    inputs: { dense: set.dense.map((x) => x.name), fields: set.fields.map((x) => ({ name: x.name, size: x.size })) },
    model: { family: settings.factors > 0 ? 'fm' : 'lr', factors: settings.factors, epochs: settings.epochs },
    dataWindow, trainingWindow, evaluationWindow,
    rows: {
      interactions: data.events.length, impressions: examples.rows, users: data.userIds.length, items: data.itemIds.length,
      train: train.rows, trainPositives, eval: evaluation.rows, evalPositives,
    },
    metrics,
    parity: { rows: parity.rows, maxAbsDiff: parity.maxAbsDiff, threshold: PARITY_THRESHOLD },
    training: { seconds: trainSeconds, rowsPerSecond, totalSeconds: (performance.now() - started) / 1000, phases: { ...phases } },
    archive: data.stats,
    servedFeeds: Object.fromEntries(data.feedsByModel),
    artifacts: { onnx: keys.onnx, covis: keys.covis, cardMarkdown: keys.cardMarkdown, onnxSha256: sha256 },
  };

  const put = async (key: string, body: Buffer, type: string) => {
    const result = await deps.store.put(key, body, type);
    if (!result.ok) throw Object.assign(new Error(`upload of ${key} failed: ${result.error.message}`), { code: result.error.code, retriable: result.error.retriable });
  };
  await put(keys.covis, encodeCovis(examples.covis.snapshot()), 'application/gzip');
  await put(keys.onnx, Buffer.from(onnx), 'application/octet-stream');
  await put(keys.cardMarkdown, Buffer.from(cardMarkdown(card)), 'text/markdown');
  await put(keys.card, Buffer.from(`${JSON.stringify(card, null, 2)}\n`), 'application/json');

  const release: ModelRelease = {
    eventId: uuidv7(),
    occurredAt: Date.now(),
    name: settings.modelName,
    version,
    format: 'onnx',
    objectKey: keys.onnx,
    sha256,
    modelCardKey: keys.card,
    features: [...card.inputs.dense, ...card.inputs.fields.map((x) => x.name)],
    trainingWindow,
    evaluationWindow,
    metrics: { ...metrics, trainExamples: train.rows, evalExamples: evaluation.rows },
  };
  await deps.publish(release);
  phaseDone('publish');
  return { published: true, release, card, seconds: (performance.now() - started) / 1000, phases, phasesCpu };
}
