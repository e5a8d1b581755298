// Builds the aggregator from explicit dependencies: the sources configuration, the compiled
// rules, and the two narrow content.v1 dependencies (ContentSink to publish, KnownContent for
// what is already there). main creates those from Kafka (content-log/open.ts), calls this, listens and stops;
// tests build it the same way with the in-memory content.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ContentSink, KnownContent } from './content-sink.js';
import type { Classifier } from './normalize/classifier.js';
import { createPipeline } from './pipeline.js';
import type { BatchReport, Pipeline } from './pipeline.js';
import { createKeyAuth } from './push-api/auth.js';
import { createPushApi } from './push-api/server.js';
import type { SourcesConfig } from './sources/config-schema.js';
import { createPoller } from './sources/poller.js';
import type { Poller, PollReport } from './sources/poller.js';

/** The two log calls the aggregator makes; a pino logger fits. */
export interface AggregatorLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface AggregatorDeps {
  readonly config: SourcesConfig;
  readonly classifier: Classifier;
  readonly sink: ContentSink;
  readonly known: KnownContent;
  readonly now?: () => number;
  readonly random?: () => number;
  /** How often expired items are tombstoned. */
  readonly sweepIntervalMs?: number;
  readonly log?: AggregatorLog;
  /** The push API's request log and failure log (a pino logger); without one it logs nothing. */
  readonly httpLogger?: FastifyBaseLogger;
  /** Called after each feed batch (tests, metrics). */
  readonly onBatch?: (sourceId: string, report: BatchReport) => void;
}

export interface Aggregator {
  readonly pipeline: Pipeline;
  readonly poller: Poller;
  readonly api: FastifyInstance;
  /** Live items restored from KnownContent at build time. */
  readonly restored: number;
  /** Applies a reloaded sources file: feeds and publisher keys. */
  applyConfig(next: SourcesConfig): void;
  start(): void;
  stop(): Promise<void>;
}

const DEFAULT_SWEEP_MS = 60_000;

export async function buildAggregator(deps: AggregatorDeps): Promise<Aggregator> {
  const log = deps.log;
  const pipeline = createPipeline({ sink: deps.sink, known: deps.known, classifier: deps.classifier, ...(deps.now ? { now: deps.now } : {}) });
  const restored = pipeline.restore();

  const poller = createPoller(deps.config.sources, {
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.random ? { random: deps.random } : {}),
    onItems: async (source, items) => {
      const report = await pipeline.ingestBatch(source, items);
      deps.onBatch?.(source.sourceId, report);
      for (const rejected of report.rejected) log?.info({ sourceId: source.sourceId, code: rejected.code }, rejected.message);
      return report.error;
    },
    onReport: (report: PollReport) => {
      if (report.outcome === 'failed') log?.warn({ sourceId: report.sourceId, code: report.error.code, retriable: report.error.retriable }, report.error.message);
    },
  });

  // Swapped on reload; the route keeps calling through this closure.
  let authenticate = createKeyAuth(deps.config.publishers);
  const api = await createPushApi({
    authenticate: (header) => authenticate(header),
    ingest: pipeline.ingestOne,
    takedown: pipeline.takedown,
    sourcesHealth: poller.health,
    ...(deps.httpLogger ? { logger: deps.httpLogger } : {}),
  });

  let sweeper: NodeJS.Timeout | undefined;
  const sweep = async () => {
    try {
      const expired = await pipeline.sweepExpired();
      if (expired.length > 0) log?.info({ count: expired.length }, 'expired items tombstoned');
    } catch (error) {
      // The next sweep retries: expiries stay tracked until their tombstone is acknowledged.
      log?.warn({ err: error }, 'expiry sweep failed');
    }
  };

  return {
    pipeline, poller, api, restored,
    applyConfig(next) {
      poller.update(next.sources);
      authenticate = createKeyAuth(next.publishers);
    },
    start() {
      poller.start();
      sweeper = setInterval(() => void sweep(), deps.sweepIntervalMs ?? DEFAULT_SWEEP_MS);
    },
    async stop() {
      clearInterval(sweeper);
      await poller.stop();
      await api.close();
    },
  };
}
