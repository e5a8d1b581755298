// The model releases (models.v1): every recommender process loads every release of its model, so
// each reads the compacted topic from the start in a consumer group of its own
// ("recommender-models.<instance>") and always starts at the beginning. A release whose files cannot be read right now (store down)
// is retried; one that is refused (checksum, unknown feature set, a file the runtime rejects) is
// logged and counted, and the serving model stays.
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import type { Logger } from '@tessera/platform/logger';
import type { ConsumerMetrics } from '@tessera/streams/consumer-metrics';
import { runConsumer } from '@tessera/streams/consumer-runner';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import { StreamFailure } from '@tessera/streams/errors';
import type { StreamProducer } from '@tessera/streams/producer';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';
import type { RecommenderMetrics } from '../metrics.js';
import { ModelRefused } from './model-holder.js';
import type { ModelHolder } from './model-holder.js';

export interface ModelRoleDeps {
  readonly kafka: Kafka;
  readonly names: TopicNames;
  readonly logger: Logger;
  readonly groupId: string;
  readonly modelName: string;
  readonly holder: Pick<ModelHolder, 'load' | 'current'>;
  readonly deadLetter: (letters: Parameters<StreamProducer['send']>[1]) => Promise<void>;
  readonly consumerMetrics: ConsumerMetrics;
  readonly metrics: RecommenderMetrics;
}

export function startModelRole(deps: ModelRoleDeps): Promise<ConsumerRunner> {
  return runConsumer({
    kafka: deps.kafka, names: deps.names, logger: deps.logger, metrics: deps.consumerMetrics,
    groupId: deps.groupId, topics: ['models.v1'], fromBeginning: true, deadLetter: deps.deadLetter,
    // Always from the start, whatever this group committed before (a restarted process with the
    // same instance id must load the latest release again, not resume after it).
    startOffsets: async (_topic, partitions) => new Map(partitions.map((p) => [p, '0'])),
    handle: async (records) => {
      // Only the latest release of our model in the batch matters (the topic is "latest wins").
      const releases = records.flatMap((r) => (r.value && r.value.name === deps.modelName ? [r.value as ModelRelease] : []));
      const release = releases.at(-1);
      if (!release || deps.holder.current()?.version === release.version) return;
      try {
        const loaded = await deps.holder.load(release);
        deps.metrics.modelLoads.inc({ outcome: 'loaded' });
        deps.logger.info({ model: `${loaded.name}@${loaded.version}`, covisItems: loaded.covis?.size ?? 0, metrics: release.metrics }, 'model loaded');
      } catch (error) {
        if (error instanceof ModelRefused && !error.retriable) {
          deps.metrics.modelLoads.inc({ outcome: 'refused' });
          deps.logger.error({ release: `${release.name}@${release.version}`, reason: error.message, serving: deps.holder.current()?.version ?? null }, 'model refused; the serving model stays');
          return;
        }
        throw new StreamFailure('model_unavailable', `model ${release.version}: ${(error as Error).message}`, true, error);
      }
    },
  });
}
