// Owns the broker's Prometheus metrics in its own Registry (so embedding the broker in an app never
// collides with the app's default registry): bytes/records in and out per topic, request latency
// per API, group states and consumer lag. Group state and lag are computed at scrape time from
// providers the broker wires in, so the hot path only increments counters.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FlowTracker } from './lineage.js';

export interface LagRow { group: string; topic: string; partition: number; committed: number; highWatermark: number }
export interface GroupStateRow { group: string; state: string; members: number }

export interface MetricsSources {
  groups: () => GroupStateRow[];
  lag: () => LagRow[];
}

export class BrokerMetrics {
  readonly registry = new Registry();

  private readonly bytesInC = new Counter({ name: 'tessera_kafka_bytes_in_total', help: 'Record batch bytes appended, per topic', labelNames: ['topic'], registers: [this.registry] });
  private readonly recordsInC = new Counter({ name: 'tessera_kafka_records_in_total', help: 'Records appended, per topic', labelNames: ['topic'], registers: [this.registry] });
  private readonly bytesOutC = new Counter({ name: 'tessera_kafka_bytes_out_total', help: 'Record batch bytes returned by Fetch, per topic', labelNames: ['topic'], registers: [this.registry] });
  private readonly recordsOutC = new Counter({ name: 'tessera_kafka_records_out_total', help: 'Records returned by Fetch (whole batches), per topic', labelNames: ['topic'], registers: [this.registry] });
  private readonly requestsC = new Counter({ name: 'tessera_kafka_requests_total', help: 'Requests handled, per API', labelNames: ['api'], registers: [this.registry] });
  private readonly latencyH = new Histogram({
    name: 'tessera_kafka_request_duration_seconds',
    help: 'Time from decoded request to encoded response (includes long-poll and held joins), per API',
    labelNames: ['api'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    registers: [this.registry],
  });

  private readonly transitionsC = new Counter({
    name: 'tessera_kafka_group_transitions_total', help: 'Group state transitions, per group and target state (rebalances = to CompletingRebalance)',
    labelNames: ['group', 'to'], registers: [this.registry],
  });

  /** `flows` receives appends per producer client id (and, from the broker, commits per group) for the lineage view. */
  constructor(private readonly flows: FlowTracker, sources: MetricsSources) {
    new Gauge({
      name: 'tessera_kafka_group_members', help: 'Members per consumer group, labelled with the group state',
      labelNames: ['group', 'state'], registers: [this.registry],
      collect() {
        this.reset();
        for (const g of sources.groups()) this.set({ group: g.group, state: g.state }, g.members);
      },
    });
    new Gauge({
      name: 'tessera_kafka_consumer_lag', help: 'High watermark minus committed offset, per group and partition',
      labelNames: ['group', 'topic', 'partition'], registers: [this.registry],
      collect() {
        this.reset();
        for (const r of sources.lag()) {
          this.set({ group: r.group, topic: r.topic, partition: String(r.partition) }, Math.max(0, r.highWatermark - r.committed));
        }
      },
    });
  }

  appended(topic: string, bytes: number, records: number, clientId: string | null = null): void {
    this.bytesInC.inc({ topic }, bytes);
    this.recordsInC.inc({ topic }, records);
    this.flows.appended(clientId, topic, records);
  }

  fetched(topic: string, bytes: number, records: number): void {
    if (bytes === 0) return;
    this.bytesOutC.inc({ topic }, bytes);
    this.recordsOutC.inc({ topic }, records);
  }

  groupTransition(group: string, to: string): void {
    this.transitionsC.inc({ group, to });
  }

  request(api: string, seconds: number): void {
    this.requestsC.inc({ api });
    this.latencyH.observe({ api }, seconds);
  }

  async requestCount(api: string): Promise<number> {
    const m = await this.requestsC.get();
    return m.values.find((v) => v.labels.api === api)?.value ?? 0;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
