// Builds the feed side of the aggregator for integration tests: the demo feed server on a free
// port, the demo sources file pointed at it, a poller feeding the pipeline, and in-memory
// content.v1. The same parts main will wire, minus Kafka.
import { readFeedDirectory, startFeedServer } from '../src/feed-server.js';
import type { FeedServer } from '../src/feed-server.js';
import { createMemoryContent } from '../src/memory-content.js';
import type { MemoryContent } from '../src/memory-content.js';
import { createPipeline } from '../src/pipeline.js';
import type { BatchReport, Pipeline } from '../src/pipeline.js';
import { loadSourcesFile } from '../src/sources/config-load.js';
import type { FeedSource } from '../src/sources/config-schema.js';
import { createPoller } from '../src/sources/poller.js';
import type { Poller } from '../src/sources/poller.js';
import { DEMO_EPOCH, defaultClassifier, demoFeedsDir, demoSourcesPath, testClock } from './support.js';

export const EDITORS_KEY = 'editors-test-key-0123456789';

export interface FeedHarness {
  readonly server: FeedServer;
  readonly sources: readonly FeedSource[];
  readonly clock: ReturnType<typeof testClock>;
  readonly reports: Map<string, BatchReport>;
  content: MemoryContent;
  pipeline: Pipeline;
  poller: Poller;
  /** A new pipeline and poller over the same content.v1, as after a process restart. */
  restart(): void;
  close(): Promise<void>;
}

export async function startFeedHarness(): Promise<FeedHarness> {
  const server = await startFeedServer({ feeds: await readFeedDirectory(demoFeedsDir) });
  const config = await loadSourcesFile(demoSourcesPath, { env: { AGGREGATOR_EDITORS_KEY: EDITORS_KEY }, baseUrl: server.baseUrl });
  if (!config.ok) throw new Error(config.error.message);
  const clock = testClock(DEMO_EPOCH);
  const classifier = defaultClassifier();
  const reports = new Map<string, BatchReport>();

  const build = (content: MemoryContent) => {
    const pipeline = createPipeline({ sink: content, known: content, classifier, now: clock.now });
    pipeline.restore();
    const poller = createPoller(config.value.sources, {
      now: clock.now,
      random: () => 0.5,
      onItems: async (source, items) => {
        const report = await pipeline.ingestBatch(source, items);
        reports.set(source.sourceId, report);
        return report.error;
      },
    });
    return { pipeline, poller };
  };

  const content = createMemoryContent();
  const harness: FeedHarness = {
    server, sources: config.value.sources, clock, reports, content, ...build(content),
    restart() {
      Object.assign(harness, build(harness.content));
    },
    async close() {
      await harness.poller.stop();
      await server.close();
    },
  };
  return harness;
}
