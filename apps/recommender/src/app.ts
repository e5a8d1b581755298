// Builds the recommender from its clients (main.ts wires real ones; tests pass test ones):
//   models role   models.v1 → the ranking model and its co-visitation index (hot swap)
//   content role  content.v1 → content table, fresh indexes, breaking fan-out, takedowns
//   events role   interactions.enriched.v1 + beacons.enriched.v1 (group "recommender": a member
//                 owns the same partitions of both, so one user's events stay with one member)
//                 → window aggregates, user state, feed requests
//   merger        segment popular / trending lists
//   scheduler     feed computations (coalesced per user, bounded concurrency) → Redis + recommendations.v2
import type { ObjectStore } from '@tessera/archive/object-store';
import type { EnrichedBeacon, EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import type { Logger } from '@tessera/platform/logger';
import { consumerMetrics } from '@tessera/streams/consumer-metrics';
import { runConsumer } from '@tessera/streams/consumer-runner';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import type { StreamProducer } from '@tessera/streams/producer';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { cachedCounts } from './aggregates/counts-cache.js';
import { startMerger } from './aggregates/merger.js';
import type { Merger } from './aggregates/merger.js';
import { createAggregateStore } from './aggregates/store.js';
import { startContentRole } from './content/content-role.js';
import { createItemReader } from './content/items.js';
import { handleBeacons } from './events/beacons.js';
import { handleInteractions } from './events/interactions.js';
import { computeFeed, userFeatureRows } from './feeds/compute.js';
import type { FeedSettings } from './feeds/compute.js';
import { createFeedPublisher } from './feeds/publish.js';
import { createFeedScheduler } from './feeds/scheduler.js';
import type { FeedScheduler } from './feeds/scheduler.js';
import { createRecommenderMetrics } from './metrics.js';
import type { RecommenderMetrics } from './metrics.js';
import { createModelHolder } from './models/model-holder.js';
import type { ModelHolder } from './models/model-holder.js';
import { startModelRole } from './models/model-role.js';
import { createUserStore } from './state/user-store.js';

export interface RecommenderSettings {
  readonly modelName: string;
  readonly scorerWorkers: number;
  readonly feed: FeedSettings;
  readonly beaconGapMs: number;
  readonly mergeIntervalMs: number;
  readonly concurrency: number;
  readonly breakingFanout: number;
  readonly sessionTimeoutMs?: number;
}

export interface RecommenderDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly names: TopicNames;
  readonly producer: Pick<StreamProducer, 'send'>;
  readonly store: Pick<ObjectStore, 'get'>;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly settings: RecommenderSettings;
  /** Distinguishes this process (its own models.v1 group, merge locks). */
  readonly instanceId: string;
  /** Consumer group ids; defaults are the catalogue's names. */
  readonly groups?: { readonly events?: string; readonly content?: string; readonly models?: string };
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface Recommender {
  readonly model: ModelHolder;
  readonly merger: Merger;
  readonly scheduler: FeedScheduler;
  readonly metrics: RecommenderMetrics;
  /** The model's input rows for a user and items at `now`, as feeds compute them (parity checks). */
  featureRows(userId: string, contentIds: readonly string[], now: number): ReturnType<typeof userFeatureRows>;
  stop(): Promise<void>;
}

export async function startRecommender(deps: RecommenderDeps): Promise<Recommender> {
  const { kafka, redis, names, logger, settings } = deps;
  const now = deps.now ?? Date.now;
  const metrics = createRecommenderMetrics(deps.registry);
  const consumers = consumerMetrics(deps.registry);
  const deadLetter = (letters: Parameters<StreamProducer['send']>[1]) => deps.producer.send('dlq.v1', letters as never);
  const session = settings.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: settings.sessionTimeoutMs };
  const groups = { events: 'recommender', content: 'recommender-content', models: 'recommender-models', ...deps.groups };

  const model = createModelHolder({
    store: deps.store, featureSet: LIVE_FEATURES, workers: settings.scorerWorkers,
    onWorkerLost: (error) => logger.error({ err: error }, 'a scoring worker stopped; replaced'),
  });
  const aggregates = createAggregateStore(redis);
  const items = createItemReader(redis);
  const users = createUserStore(redis);
  const publish = createFeedPublisher(redis, deps.producer);
  const feedDeps = {
    redis, items, counts: cachedCounts((ids, at) => aggregates.counts(ids, at)), model, featureSet: LIVE_FEATURES,
    settings: settings.feed, now, ...(deps.random ? { random: deps.random } : {}),
  };

  const scheduler = createFeedScheduler(async (request) => {
    const started = performance.now();
    const outcome = await computeFeed(feedDeps, request);
    if (outcome.kind === 'skipped') {
      metrics.skipped.inc({ reason: outcome.reason });
      return;
    }
    await publish([outcome.feed]);
    metrics.feeds.inc({ trigger: outcome.feed.trigger, arm: outcome.arm });
    metrics.candidates.observe(outcome.candidates);
    metrics.scoringSeconds.observe(outcome.scoringMs / 1000);
    metrics.feedSeconds.observe((performance.now() - started) / 1000);
    if (request.triggeredAt !== undefined) metrics.freshnessSeconds.observe({ trigger: outcome.feed.trigger }, Math.max(0, now() - request.triggeredAt) / 1000);
  }, settings.concurrency);
  const requestFeed = (request: Parameters<typeof scheduler.request>[0]) => {
    const before = scheduler.coalesced();
    const done = scheduler.request(request);
    if (scheduler.coalesced() > before) metrics.coalesced.inc();
    return done;
  };

  const runners: ConsumerRunner[] = [];
  const merger = startMerger({ redis, store: aggregates, intervalMs: settings.mergeIntervalMs, instanceId: deps.instanceId, logger, metrics, now });
  try {
    runners.push(await startModelRole({
      kafka, names, logger, groupId: `${groups.models}.${deps.instanceId}`, modelName: settings.modelName, holder: model,
      deadLetter, consumerMetrics: consumers, metrics,
    }));
    runners.push(await startContentRole({
      kafka, redis, names, logger, groupId: groups.content, deadLetter, consumerMetrics: consumers, metrics, requestFeed,
      activeWindowMs: settings.feed.activeWindowMs, breakingFanout: settings.breakingFanout, now, ...session,
    }));
    const interactionDeps = { aggregates, users, items, featureSet: LIVE_FEATURES, requestFeed, metrics };
    runners.push(await runConsumer({
      kafka, names, logger, metrics: consumers, groupId: groups.events, deadLetter, ...session,
      topics: ['interactions.enriched.v1', 'beacons.enriched.v1'],
      // A batch waits for the feeds it asked for (so a crash cannot lose a trigger); the runner
      // keeps the member heartbeating while hundreds of them are computed.
      handle: async (records, ctx) => {
        if (ctx.topic === 'interactions.enriched.v1') {
          const list = records.map((r) => ({ offset: r.offset, value: r.value as EnrichedInteraction }));
          await handleInteractions(interactionDeps, names.physical('interactions.enriched.v1'), ctx.partition, list);
        } else {
          await handleBeacons({ redis, gapMs: settings.beaconGapMs, requestFeed, metrics }, records.map((r) => r.value as EnrichedBeacon));
        }
      },
    }));
  } catch (error) {
    await Promise.allSettled(runners.map((r) => r.stop()));
    await merger.stop();
    await model.close();
    throw error;
  }

  return {
    model, merger, scheduler, metrics,
    featureRows: (userId, contentIds, at) => userFeatureRows(feedDeps, userId, contentIds, at),
    async stop() {
      for (const r of [...runners].reverse()) await r.stop();
      await merger.stop();
      await scheduler.idle();
      await model.close();
    },
  };
}
