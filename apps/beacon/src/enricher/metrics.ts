// Counters of the beacon enricher: beacons enriched with and without a known user (an unknown
// user is normal, a rising share says users-cdc or the users table lags) and duplicates dropped.
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

export interface EnricherMetrics {
  readonly enriched: Counter<'user'>;
  readonly duplicates: Counter<never>;
}

export function createEnricherMetrics(registry: Registry): EnricherMetrics {
  return {
    enriched: new Counter({ name: 'tessera_beacons_enriched_total', help: 'Beacons enriched, by whether the user was in the users table', labelNames: ['user'], registers: [registry] }),
    duplicates: new Counter({ name: 'tessera_beacons_duplicates_dropped_total', help: 'Beacons dropped because their eventId was already emitted within the dedup window', registers: [registry] }),
  };
}
