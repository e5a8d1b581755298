// The beacon app's own counters (HTTP latency comes from platform's http-metrics). Created on
// the app's private registry so tests can read them from a fresh app.
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

export interface BeaconMetrics {
  /** Beacons acknowledged by Kafka. */
  readonly accepted: Counter<never>;
  /** Refused requests by error code (a batch counts once). */
  readonly rejected: Counter<'code'>;
}

export function createBeaconMetrics(registry: Registry): BeaconMetrics {
  return {
    accepted: new Counter({ name: 'tessera_beacons_accepted_total', help: 'Beacons acknowledged by Kafka', registers: [registry] }),
    rejected: new Counter({ name: 'tessera_beacon_requests_rejected_total', help: 'Refused beacon requests by error code', labelNames: ['code'], registers: [registry] }),
  };
}
