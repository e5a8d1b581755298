// Prometheus series of the consumer runner, registered once per registry (several runners in one
// app share them; the group label tells them apart): records processed and dead-lettered per
// topic, retries, consumer lag per partition (high watermark minus the committed offset, from the
// batch just committed), handler duration, and consumers replaced after losing their group
// membership (restarting-consumer.ts).
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export interface ConsumerMetrics {
  processed: Counter<'group' | 'topic'>;
  deadLettered: Counter<'group' | 'topic' | 'code'>;
  retries: Counter<'group' | 'topic' | 'code'>;
  lag: Gauge<'group' | 'topic' | 'partition'>;
  handlerSeconds: Histogram<'group' | 'topic'>;
  restarts: Counter<'group' | 'reason'>;
}

function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function consumerMetrics(registry: Registry): ConsumerMetrics {
  const registers = [registry];
  return {
    processed: once(registry, 'tessera_consumer_records_processed_total', () => new Counter({
      name: 'tessera_consumer_records_processed_total', help: 'Records whose effect is durable and committed',
      labelNames: ['group', 'topic'] as const, registers,
    })),
    deadLettered: once(registry, 'tessera_consumer_records_dead_lettered_total', () => new Counter({
      name: 'tessera_consumer_records_dead_lettered_total', help: 'Records sent to dlq.v1, by error code',
      labelNames: ['group', 'topic', 'code'] as const, registers,
    })),
    retries: once(registry, 'tessera_consumer_retries_total', () => new Counter({
      name: 'tessera_consumer_retries_total', help: 'Handler attempts that failed with a retriable error',
      labelNames: ['group', 'topic', 'code'] as const, registers,
    })),
    lag: once(registry, 'tessera_consumer_lag', () => new Gauge({
      name: 'tessera_consumer_lag', help: 'High watermark minus committed offset, per partition',
      labelNames: ['group', 'topic', 'partition'] as const, registers,
    })),
    handlerSeconds: once(registry, 'tessera_consumer_handler_seconds', () => new Histogram({
      name: 'tessera_consumer_handler_seconds', help: 'Handler duration per call (a batch, or one record after a poison split)',
      labelNames: ['group', 'topic'] as const, registers,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    })),
    restarts: once(registry, 'tessera_consumer_restarts_total', () => new Counter({
      name: 'tessera_consumer_restarts_total', help: 'Consumers replaced by a new one after losing their group membership',
      labelNames: ['group', 'reason'] as const, registers,
    })),
  };
}
