// Rollback (or roll forward) to a model bundle that is already in the store: reads
// `models/<name>/<version>.card.json` and the `.onnx` it names, checks that the file is the one
// the card describes (SHA-256), that it is a Tessera model of that name and version, and that its
// feature set is one the running code computes, then builds the ModelRelease the trainer announced
// for it (same object keys, windows and metrics; a new eventId and occurredAt). Announcing it on
// models.v1 makes every recommender load that bundle; the compacted topic keeps it as the latest.
import { createHash } from 'node:crypto';
import type { ObjectStore } from '@tessera/archive/object-store';
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import { validators } from '@tessera/contracts/validation';
import type { FeatureSet } from '@tessera/features/feature-set';
import { refuseModel } from '@tessera/features/feature-set';
import { bundleKeys } from '@tessera/ranking/bundle';
import type { ModelCard } from '@tessera/ranking/bundle';
import { readModelFile } from '@tessera/ranking/model-file';
import { v7 as uuidv7 } from 'uuid';

export type RepublishErrorCode = 'not_found' | 'store_failed' | 'bad_card' | 'bad_model';

export class RepublishError extends Error {
  constructor(readonly code: RepublishErrorCode, message: string, readonly retriable: boolean) {
    super(message);
    this.name = 'RepublishError';
  }
}

async function read(store: Pick<ObjectStore, 'get'>, key: string): Promise<Buffer> {
  const got = await store.get(key);
  if (got.ok) return got.value;
  if (got.error.code === 'not_found') throw new RepublishError('not_found', `${key} is not in the store`, false);
  throw new RepublishError('store_failed', `cannot read ${key}: ${got.error.message}`, got.error.retriable);
}

/** Versions of `name` with a card in the store, oldest first (versions sort by time). */
export async function listVersions(store: Pick<ObjectStore, 'list'>, prefix: string, name: string): Promise<string[]> {
  const folder = bundleKeys(prefix, name, '').card.replace(/\.card\.json$/, '');
  const listed = await store.list(folder);
  if (!listed.ok) throw new RepublishError('store_failed', `cannot list ${folder}: ${listed.error.message}`, listed.error.retriable);
  return listed.value.filter((key) => key.endsWith('.card.json')).map((key) => key.slice(folder.length, -'.card.json'.length)).sort();
}

export async function releaseOf(
  store: Pick<ObjectStore, 'get'>, options: { prefix: string; name: string; version: string; featureSet: FeatureSet; now?: number },
): Promise<{ release: ModelRelease; card: ModelCard }> {
  const keys = bundleKeys(options.prefix, options.name, options.version);
  let card: ModelCard;
  try {
    card = JSON.parse((await read(store, keys.card)).toString('utf8')) as ModelCard;
  } catch (error) {
    if (error instanceof RepublishError) throw error;
    throw new RepublishError('bad_card', `${keys.card} is not JSON: ${(error as Error).message}`, false);
  }
  if (card.name !== options.name || card.version !== options.version || !card.artifacts?.onnx || !card.metrics || !card.trainingWindow) {
    throw new RepublishError('bad_card', `${keys.card} is not the card of ${options.name} ${options.version}`, false);
  }
  const file = await read(store, card.artifacts.onnx);
  const sha256 = createHash('sha256').update(file).digest('hex');
  if (sha256 !== card.artifacts.onnxSha256) {
    throw new RepublishError('bad_model', `${card.artifacts.onnx}: SHA-256 ${sha256} differs from the card's ${card.artifacts.onnxSha256}`, false);
  }
  const meta = readModelFile(file);
  if (!meta.ok) throw new RepublishError('bad_model', `${card.artifacts.onnx}: ${meta.message}`, false);
  if (meta.value.name !== options.name || meta.value.version !== options.version) {
    throw new RepublishError('bad_model', `${card.artifacts.onnx} says it is ${meta.value.name} ${meta.value.version}`, false);
  }
  const refusal = refuseModel(meta.value, options.featureSet);
  if (refusal) throw new RepublishError('bad_model', `${card.artifacts.onnx}: ${refusal}`, false);
  await read(store, card.artifacts.covis); // the recommender loads the bundle as a unit: the index must be there

  const release: ModelRelease = {
    eventId: uuidv7(),
    occurredAt: options.now ?? Date.now(),
    name: options.name,
    version: options.version,
    format: 'onnx',
    objectKey: card.artifacts.onnx,
    sha256,
    modelCardKey: keys.card,
    features: [...card.inputs.dense, ...card.inputs.fields.map((f) => f.name)],
    trainingWindow: card.trainingWindow,
    evaluationWindow: card.evaluationWindow,
    metrics: { ...card.metrics, trainExamples: card.rows.train, evalExamples: card.rows.eval },
  };
  const valid = validators.ModelRelease.parse(release);
  if (!valid.ok) throw new RepublishError('bad_card', `${keys.card} does not make a valid release: ${valid.error.message}`, false);
  return { release, card };
}
