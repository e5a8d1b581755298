// A released model is a bundle of objects in the archive's store, under `models/<name>/`:
//   <version>.onnx        the ranker (metadata names its feature set and inputs)
//   <version>.covis.json.gz  the co-visitation snapshot its covis_* features were learned with
//   <version>.card.json   the model card (data window, rows, metrics, parity, training time, artifacts)
//   <version>.card.md     the same card for people
// The trainer writes them and then announces the release on models.v1 (object key and SHA-256 of
// the .onnx file, the card's key); the recommender loads the bundle as one unit, so a ranker never
// scores with another version's index.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CoVisitationSnapshot } from './retrieval/co-visitation.js';

export interface BundleKeys {
  readonly onnx: string;
  readonly covis: string;
  readonly card: string;
  readonly cardMarkdown: string;
}

export function bundleKeys(prefix: string, name: string, version: string): BundleKeys {
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  const base = `${clean ? `${clean}/` : ''}models/${name}/${version}`;
  return { onnx: `${base}.onnx`, covis: `${base}.covis.json.gz`, card: `${base}.card.json`, cardMarkdown: `${base}.card.md` };
}

export interface ModelCard {
  readonly name: string;
  readonly version: string;
  readonly createdAt: string;
  readonly featureSet: string;
  readonly inputs: { readonly dense: readonly string[]; readonly fields: readonly { name: string; size: number }[] };
  readonly model: { readonly family: 'fm' | 'lr'; readonly factors: number; readonly epochs: number };
  readonly dataWindow: { readonly from: number; readonly to: number };
  readonly trainingWindow: { readonly from: number; readonly to: number };
  readonly evaluationWindow: { readonly from: number; readonly to: number };
  readonly rows: {
    readonly interactions: number; readonly impressions: number; readonly users: number; readonly items: number;
    readonly train: number; readonly trainPositives: number; readonly eval: number; readonly evalPositives: number;
  };
  readonly metrics: { readonly auc: number; readonly logLoss: number; readonly baselineAuc: number; readonly baselineLogLoss: number };
  readonly parity: { readonly rows: number; readonly maxAbsDiff: number; readonly threshold: number };
  readonly training: {
    readonly seconds: number; readonly rowsPerSecond: number; readonly totalSeconds: number;
    /** Wall seconds of each step of the run up to the card (read, rows, train, evaluate, export; the upload follows the card). */
    readonly phases?: Readonly<Record<string, number>>;
  };
  readonly archive: { readonly objects: number; readonly corruptObjects: number; readonly skippedLines: number; readonly invalid: number; readonly duplicates: number };
  readonly servedFeeds: Readonly<Record<string, number>>;
  readonly artifacts: { readonly onnx: string; readonly covis: string; readonly cardMarkdown: string; readonly onnxSha256: string };
}

export function encodeCovis(snapshot: CoVisitationSnapshot): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(snapshot)));
}

/** Throws on bytes that are not a gzip JSON snapshot. */
export function decodeCovis(bytes: Uint8Array): CoVisitationSnapshot {
  const parsed = JSON.parse(gunzipSync(bytes).toString('utf8')) as Partial<CoVisitationSnapshot>;
  if (!parsed || typeof parsed !== 'object' || !parsed.items || typeof parsed.items !== 'object' || !parsed.options) {
    throw new Error('not a co-visitation snapshot');
  }
  return parsed as CoVisitationSnapshot;
}

const phases = (p: Readonly<Record<string, number>> | undefined) =>
  (p ? ` (${Object.entries(p).map(([step, s]) => `${step} ${s.toFixed(1)} s`).join(', ')})` : '');

export function cardMarkdown(card: ModelCard): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const day = (ms: number) => new Date(ms).toISOString();
  return [
    `# ${card.name} ${card.version}`,
    '',
    `${card.model.family === 'fm' ? `Factorization machine (${card.model.factors} factors)` : 'Logistic regression'}, ${card.model.epochs} epochs, on feature set \`${card.featureSet}\` (${card.inputs.dense.length} dense features, ${card.inputs.fields.length} categorical fields).`,
    '',
    `- Data: ${card.rows.interactions} interactions (${card.rows.impressions} impressions) of ${card.rows.users} users on ${card.rows.items} items, ${day(card.dataWindow.from)} – ${day(card.dataWindow.to)}.`,
    `- Training: ${card.rows.train} impressions (${card.rows.trainPositives} positive), ${day(card.trainingWindow.from)} – ${day(card.trainingWindow.to)}, ${card.training.seconds.toFixed(1)} s (${Math.round(card.training.rowsPerSecond)} rows/s).`,
    `- Evaluation (later in time): ${card.rows.eval} impressions (${card.rows.evalPositives} positive), until ${day(card.evaluationWindow.to)}.`,
    '',
    '| | AUC | log loss |',
    '|---|---:|---:|',
    `| this model | ${card.metrics.auc.toFixed(4)} | ${card.metrics.logLoss.toFixed(4)} |`,
    `| windowed popularity (smoothed item CTR, mid window) | ${card.metrics.baselineAuc.toFixed(4)} | ${card.metrics.baselineLogLoss.toFixed(4)} |`,
    '',
    `- ONNX parity with the JS forward pass: max |diff| ${card.parity.maxAbsDiff.toExponential(2)} over ${card.parity.rows} rows (limit ${card.parity.threshold}).`,
    `- Archive: ${card.archive.objects} objects read, ${card.archive.corruptObjects} corrupt, ${card.archive.skippedLines} bad lines, ${card.archive.invalid} invalid records, ${card.archive.duplicates} duplicates skipped.`,
    `- Positive rate in evaluation: ${pct(card.rows.eval > 0 ? card.rows.evalPositives / card.rows.eval : 0)}. Whole run: ${card.training.totalSeconds.toFixed(1)} s${phases(card.training.phases)}.`,
    '',
  ].join('\n');
}
