// Builds the aggregator as main does, against the embedded broker: content.v1 opened through
// openContentLog (streams producer + materialized table), the demo feeds served over local HTTP
// with their dates moved to the present (tombstone reasons are read from broker timestamps, so
// the item dates must live on the same clock), and the push API on a free port.
import type { TopicNames } from '@tessera/streams/topic-names';
import { topicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';
import { buildAggregator } from '../src/app.js';
import type { Aggregator } from '../src/app.js';
import { openContentLog } from '../src/content-log/open.js';
import type { ContentLog } from '../src/content-log/open.js';
import { rebaseFeedDates } from '../src/demo-dates.js';
import { readFeedDirectory, startFeedServer } from '../src/feed-server.js';
import type { FeedServer } from '../src/feed-server.js';
import type { BatchReport } from '../src/pipeline.js';
import { loadSourcesFile } from '../src/sources/config-load.js';
import type { SourcesConfig } from '../src/sources/config-schema.js';
import { EDITORS_KEY } from './harness.js';
import { provisionContent, uid } from './kafka-support.js';
import { defaultClassifier, demoFeedsDir, demoSourcesPath } from './support.js';

export interface Instance {
  readonly aggregator: Aggregator;
  readonly content: ContentLog;
  readonly reports: Map<string, BatchReport>;
  /** Base URL of this instance's push API. */
  readonly api: string;
  stop(): Promise<void>;
}

export interface KafkaHarness {
  readonly names: TopicNames;
  readonly server: FeedServer;
  readonly config: SourcesConfig;
  /** A demo feed as the server first served it (dates moved to the harness's start). */
  feedText(name: string): string;
  /** Starts an aggregator instance (caught up on content.v1) with its push API listening. */
  start(): Promise<Instance>;
  close(): Promise<void>;
}

export async function startKafkaHarness(kafka: Kafka): Promise<KafkaHarness> {
  const names = topicNames(uid('agg'));
  await provisionContent(kafka, names);
  const feeds = new Map([...(await readFeedDirectory(demoFeedsDir))].map(([name, xml]) => [name, rebaseFeedDates(xml, Date.now())]));
  const server = await startFeedServer({ feeds });
  const config = await loadSourcesFile(demoSourcesPath, { env: { AGGREGATOR_EDITORS_KEY: EDITORS_KEY }, baseUrl: server.baseUrl });
  if (!config.ok) throw new Error(config.error.message);
  const classifier = defaultClassifier();
  const running = new Set<Instance>();

  return {
    names, server, config: config.value,
    feedText: (name) => feeds.get(name) ?? '',
    async start() {
      const content = await openContentLog({ kafka, names });
      const reports = new Map<string, BatchReport>();
      const aggregator = await buildAggregator({
        config: config.value, classifier, sink: content.sink, known: content.known, random: () => 0.5,
        onBatch: (sourceId, report) => reports.set(sourceId, report),
      });
      const api = await aggregator.api.listen({ port: 0, host: '127.0.0.1' });
      const instance: Instance = {
        aggregator, content, reports, api,
        async stop() {
          running.delete(instance);
          await aggregator.stop();
          await content.close();
        },
      };
      running.add(instance);
      return instance;
    },
    async close() {
      for (const instance of [...running]) await instance.stop();
      await server.close();
    },
  };
}
