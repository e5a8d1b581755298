// The clicks-tracker HTTP counters: interactions stored, interactions refused per event code,
// and whole requests refused per request code (HTTP latency comes from platform's http-metrics).
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

export interface TrackerMetrics {
  readonly accepted: Counter<'type'>;
  readonly rejectedEvents: Counter<'code'>;
  readonly rejectedRequests: Counter<'code'>;
}

export function createTrackerMetrics(registry: Registry): TrackerMetrics {
  return {
    accepted: new Counter({ name: 'tessera_interactions_accepted_total', help: 'Interactions acknowledged by Kafka, by type', labelNames: ['type'], registers: [registry] }),
    rejectedEvents: new Counter({ name: 'tessera_interactions_rejected_total', help: 'Interactions refused within accepted requests, by event error code', labelNames: ['code'], registers: [registry] }),
    rejectedRequests: new Counter({ name: 'tessera_interaction_requests_rejected_total', help: 'Whole requests refused, by error code', labelNames: ['code'], registers: [registry] }),
  };
}
