// Counters of the beacon enricher and the users table it maintains: enriched beacons with and
// without a known user (an unknown user is normal, but a rising share says users-cdc lags),
// duplicates dropped, and users forgotten on a users.v1 tombstone.
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

export interface EnricherMetrics {
  readonly enriched: Counter<'user'>;
  readonly forgotten: Counter<never>;
  readonly duplicates: Counter<never>;
}

export function createEnricherMetrics(registry: Registry): EnricherMetrics {
  return {
    enriched: new Counter({ name: 'tessera_beacons_enriched_total', help: 'Beacons enriched, by whether the user was in the users table', labelNames: ['user'], registers: [registry] }),
    duplicates: new Counter({ name: 'tessera_beacons_duplicates_dropped_total', help: 'Beacons dropped because their eventId was already emitted within the dedup window', registers: [registry] }),
    forgotten: new Counter({ name: 'tessera_users_forgotten_total', help: 'Users removed from Redis after a users.v1 tombstone', registers: [registry] }),
  };
}
