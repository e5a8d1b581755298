// The recommender's metrics on the app's registry (consumer lag and handler time come from the
// streams runner's own series).
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export interface RecommenderMetrics {
  readonly interactions: Counter;
  readonly aggregated: Counter;
  readonly duplicates: Counter;
  readonly lateEvents: Counter<'disposition'>;
  readonly beaconTriggers: Counter<'reason'>;
  readonly feeds: Counter<'trigger' | 'arm'>;
  readonly skipped: Counter<'reason'>;
  readonly coalesced: Counter;
  readonly candidates: Histogram;
  readonly scoringSeconds: Histogram;
  readonly feedSeconds: Histogram;
  readonly freshnessSeconds: Histogram<'trigger'>;
  readonly takedowns: Counter;
  readonly breakingFanout: Histogram;
  readonly modelLoads: Counter<'outcome'>;
  readonly segmentsMerged: Counter;
  readonly windowLag: Gauge<'partition'>;
}

export function createRecommenderMetrics(registry: Registry): RecommenderMetrics {
  const registers = [registry];
  const ms = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
  return {
    interactions: new Counter({ name: 'tessera_recommender_interactions_total', help: 'Enriched interactions consumed', registers }),
    aggregated: new Counter({ name: 'tessera_recommender_aggregated_events_total', help: 'Events added to the window buckets (first time only)', registers }),
    duplicates: new Counter({ name: 'tessera_recommender_duplicate_events_total', help: 'Events skipped because their eventId was already applied', registers }),
    lateEvents: new Counter({ name: 'tessera_recommender_late_events_total', help: 'Events that arrived late: within_grace (counted in their bucket) or beyond_grace (not counted)', labelNames: ['disposition'], registers }),
    beaconTriggers: new Counter({ name: 'tessera_recommender_beacon_triggers_total', help: 'Beacons that asked for a feed (after_gap, no_feed)', labelNames: ['reason'], registers }),
    feeds: new Counter({ name: 'tessera_recommender_feeds_total', help: 'Feeds computed and published, by trigger and A/B arm', labelNames: ['trigger', 'arm'], registers }),
    skipped: new Counter({ name: 'tessera_recommender_feeds_skipped_total', help: 'Feed requests not computed (inactive, forgotten)', labelNames: ['reason'], registers }),
    coalesced: new Counter({ name: 'tessera_recommender_requests_coalesced_total', help: 'Feed requests merged into another computation for the same user', registers }),
    candidates: new Histogram({ name: 'tessera_recommender_candidates', help: 'Eligible candidates per feed', buckets: [0, 10, 50, 100, 200, 400, 600, 1000], registers }),
    scoringSeconds: new Histogram({ name: 'tessera_recommender_scoring_seconds', help: 'Scoring time per feed (features, model or popularity)', buckets: ms, registers }),
    feedSeconds: new Histogram({ name: 'tessera_recommender_feed_seconds', help: 'Time to compute and publish one feed', buckets: ms, registers }),
    freshnessSeconds: new Histogram({ name: 'tessera_recommender_freshness_seconds', help: 'From the triggering event\'s time to the feed published', labelNames: ['trigger'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60], registers }),
    takedowns: new Counter({ name: 'tessera_recommender_takedowns_total', help: 'Takedowns applied', registers }),
    breakingFanout: new Histogram({ name: 'tessera_recommender_breaking_fanout_users', help: 'Active users asked for a feed per breaking item', buckets: [0, 1, 10, 100, 1000, 10000], registers }),
    modelLoads: new Counter({ name: 'tessera_recommender_model_loads_total', help: 'Model releases loaded or refused', labelNames: ['outcome'], registers }),
    segmentsMerged: new Counter({ name: 'tessera_recommender_segments_merged_total', help: 'Segment window merges (popular and trending lists rebuilt)', registers }),
    windowLag: new Gauge({ name: 'tessera_recommender_window_lag_seconds', help: 'Wall clock minus the event time of the latest interaction added to the windows, per partition of interactions.enriched.v1', labelNames: ['partition'], registers }),
  };
}
