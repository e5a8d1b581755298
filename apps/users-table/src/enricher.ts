// The enricher role both device-event apps run (beacon's beacon-enricher, clicks-tracker's
// interactions-enricher): a consumer group on the app's raw topic whose batches go through the
// enrich step (join.ts: the eventId dedup window, the join with this table, publish, mark, the
// app's own afterPublish); a record it cannot decode goes to dlq.v1. What differs per app comes
// in as arguments: its topic, the dedup window's key, its publish, the noun of its counters and
// its own step after publishing.
import type { TopicValue } from '@tessera/contracts/codec';
import { createDedupWindow } from '@tessera/event-dedup/window';
import { consumerMetrics } from '@tessera/streams/consumer-metrics';
import { runConsumer } from '@tessera/streams/consumer-runner';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import { createEnrichStep } from './join.js';
import type { EnrichStepDeps, Joined } from './join.js';
import { usersTableLookup } from './reader.js';
import type { UsersTableDeps } from './start.js';

export type EnrichedTopic = 'beacons.v1' | 'interactions.v1';

/** The clients and settings an app's enricher start function takes (main.ts and tests build them): the users-table role's, and the dedup window. */
export interface EnricherDeps extends UsersTableDeps {
  readonly dedupWindowMs: number;
}

/** What is the app's own. */
export interface EnricherRole<T extends EnrichedTopic> {
  readonly topic: T;
  /** Plural noun of the counters: tessera_<noun>_enriched_total, tessera_<noun>_duplicates_dropped_total. */
  readonly noun: 'beacons' | 'interactions';
  /** The Redis key of a user's dedup window (contracts' key catalogue). */
  readonly dedupKey: (userId: string) => string;
  readonly publish: (events: readonly Joined<TopicValue<T>>[]) => Promise<void>;
  readonly afterPublish?: EnrichStepDeps<TopicValue<T>>['afterPublish'];
}

/** Counters of an enricher: events enriched with and without a known user, and duplicates dropped. */
export function createEnricherMetrics(registry: Registry, noun: EnricherRole<EnrichedTopic>['noun']): EnrichStepDeps<never>['metrics'] {
  const Noun = `${noun[0]!.toUpperCase()}${noun.slice(1)}`;
  return {
    // An unknown user is normal; a rising share says users-cdc or the users table lags.
    enriched: new Counter({ name: `tessera_${noun}_enriched_total`, help: `${Noun} enriched, by whether the user was in the users table`, labelNames: ['user'], registers: [registry] }),
    duplicates: new Counter({ name: `tessera_${noun}_duplicates_dropped_total`, help: `${Noun} dropped because their eventId was already emitted within the dedup window`, registers: [registry] }),
  };
}

export async function startEnricher<T extends EnrichedTopic>(deps: EnricherDeps, role: EnricherRole<T>): Promise<ConsumerRunner> {
  const enrich = createEnrichStep<TopicValue<T>>({
    lookupUser: usersTableLookup(deps.redis),
    dedup: createDedupWindow(deps.redis, { windowMs: deps.dedupWindowMs, keyFor: role.dedupKey }),
    publish: role.publish,
    ...(role.afterPublish ? { afterPublish: role.afterPublish } : {}),
    metrics: createEnricherMetrics(deps.registry, role.noun),
  });
  return runConsumer({
    kafka: deps.kafka, names: deps.names, logger: deps.logger,
    metrics: consumerMetrics(deps.registry),
    ...(deps.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: deps.sessionTimeoutMs }),
    groupId: deps.groupId,
    topics: [role.topic],
    deadLetter: (letters) => deps.producer.send('dlq.v1', letters),
    handle: async (records) => {
      await enrich(records.flatMap((r) => (r.value === null ? [] : [r.value])));
    },
  });
}
