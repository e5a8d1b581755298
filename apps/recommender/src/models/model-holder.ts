// The ranking model a recommender process serves: the ONNX file on the Scorer's worker threads
// and, from the same bundle, the co-visitation snapshot its covis features were trained with.
// A release is loaded as a unit: the file's SHA-256 must match the announcement, its metadata must
// name the feature set this code computes (packages/features), and every worker must run it; only
// then do the scorer and the index switch. Anything refused leaves the serving model in place.
import { createHash } from 'node:crypto';
import type { ObjectStore } from '@tessera/archive/object-store';
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import type { FeatureSet } from '@tessera/features/feature-set';
import { refuseModel } from '@tessera/features/feature-set';
import { decodeCovis } from '@tessera/ranking/bundle';
import type { ModelCard } from '@tessera/ranking/bundle';
import { inspectWith } from '@tessera/ranking/model-file';
import { FrozenCoVisitation } from '@tessera/ranking/retrieval/co-visitation';
import { createScorer } from '@tessera/ranking/scorer';
import type { Scored, Scorer } from '@tessera/ranking/scorer';
import type { Rows } from '@tessera/features/vectorize';

export interface ServingModel {
  readonly name: string;
  readonly version: string;
  readonly covis: FrozenCoVisitation | undefined;
}

export class ModelRefused extends Error {
  constructor(message: string, readonly retriable: boolean) {
    super(message);
    this.name = 'ModelRefused';
  }
}

export interface ModelHolder {
  current(): ServingModel | undefined;
  load(release: ModelRelease): Promise<ServingModel>;
  score(rows: Rows): Promise<Scored>;
  close(): Promise<void>;
}

export function createModelHolder(options: { store: Pick<ObjectStore, 'get'>; featureSet: FeatureSet; workers: number; onWorkerLost?: (e: Error) => void }): ModelHolder {
  let serving: ServingModel | undefined;
  let expectedVersion: string | undefined;
  const scorer: Scorer = createScorer({
    workers: options.workers,
    inspect: inspectWith((meta) => refuseModel(meta, options.featureSet)
      ?? (expectedVersion !== undefined && meta.version !== expectedVersion ? `file says version ${meta.version}, the release says ${expectedVersion}` : undefined)),
    ...(options.onWorkerLost ? { onWorkerLost: options.onWorkerLost } : {}),
  });

  const fetch = async (key: string): Promise<Buffer> => {
    const got = await options.store.get(key);
    if (!got.ok) throw new ModelRefused(`cannot read ${key}: ${got.error.message}`, got.error.retriable);
    return got.value;
  };

  return {
    current: () => serving,

    async load(release) {
      const file = await fetch(release.objectKey);
      const sha = createHash('sha256').update(file).digest('hex');
      if (sha !== release.sha256) throw new ModelRefused(`${release.objectKey}: SHA-256 ${sha} does not match the release (${release.sha256})`, false);
      let covis: FrozenCoVisitation | undefined;
      if (release.modelCardKey) {
        let card: ModelCard;
        try {
          card = JSON.parse((await fetch(release.modelCardKey)).toString('utf8')) as ModelCard;
        } catch (error) {
          if (error instanceof ModelRefused) throw error;
          throw new ModelRefused(`${release.modelCardKey} is not a model card`, false);
        }
        try {
          if (card.artifacts?.covis) covis = new FrozenCoVisitation(decodeCovis(await fetch(card.artifacts.covis)));
        } catch (error) {
          if (error instanceof ModelRefused) throw error;
          throw new ModelRefused(`${card.artifacts.covis}: ${(error as Error).message}`, false);
        }
      }
      expectedVersion = release.version;
      try {
        const info = await scorer.load(file);
        serving = { name: info.name, version: info.version, covis };
        return serving;
      } catch (error) {
        throw new ModelRefused((error as Error).message, false);
      } finally {
        expectedVersion = undefined;
      }
    },

    score: (rows) => scorer.score(rows),
    close: () => scorer.close(),
  };
}
