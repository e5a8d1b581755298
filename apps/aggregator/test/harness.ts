// Builds the aggregator (src/app.ts) for integration tests: the demo feed server on a free port,
// the demo sources file pointed at it, and content.v1 in memory. The parts main wires,
// minus Kafka (kafka-harness.ts adds it).
import { readFeedDirectory, startFeedServer } from '../src/feed-server.js';
import type { FeedServer } from '../src/feed-server.js';
import { createMemoryContent } from '../src/memory-content.js';
import type { MemoryContent } from '../src/memory-content.js';
import { buildAggregator } from '../src/app.js';
import type { Aggregator } from '../src/app.js';
import type { BatchReport, Pipeline } from '../src/pipeline.js';
import { loadSourcesFile } from '../src/sources/config-load.js';
import type { FeedSource, SourcesConfig } from '../src/sources/config-schema.js';
import type { Poller } from '../src/sources/poller.js';
import { DEMO_EPOCH, defaultClassifier, demoFeedsDir, demoSourcesPath, testClock } from './support.js';

export const EDITORS_KEY = 'editors-test-key-0123456789';

export interface FeedHarness {
  readonly server: FeedServer;
  readonly sources: readonly FeedSource[];
  readonly config: SourcesConfig;
  readonly clock: ReturnType<typeof testClock>;
  readonly reports: Map<string, BatchReport>;
  content: MemoryContent;
  aggregator: Aggregator;
  pipeline: Pipeline;
  poller: Poller;
  /** A new aggregator over the same content.v1, as after a process restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startFeedHarness(): Promise<FeedHarness> {
  const server = await startFeedServer({ feeds: await readFeedDirectory(demoFeedsDir) });
  const config = await loadSourcesFile(demoSourcesPath, { env: { AGGREGATOR_EDITORS_KEY: EDITORS_KEY }, baseUrl: server.baseUrl });
  if (!config.ok) throw new Error(config.error.message);
  const clock = testClock(DEMO_EPOCH);
  const classifier = defaultClassifier();
  const reports = new Map<string, BatchReport>();

  const build = async (content: MemoryContent) => {
    const aggregator = await buildAggregator({
      config: config.value, classifier, sink: content, known: content, now: clock.now, random: () => 0.5,
      onBatch: (sourceId, report) => reports.set(sourceId, report),
    });
    return { aggregator, pipeline: aggregator.pipeline, poller: aggregator.poller };
  };

  const content = createMemoryContent();
  const harness: FeedHarness = {
    server, sources: config.value.sources, config: config.value, clock, reports, content, ...(await build(content)),
    async restart() {
      await harness.aggregator.stop();
      Object.assign(harness, await build(harness.content));
    },
    async close() {
      await harness.aggregator.stop();
      await server.close();
    },
  };
  return harness;
}
