// users-cdc's Prometheus series: changes emitted by kind, snapshot rows, records skipped because
// they were already on Kafka (a restart after a lost slot acknowledgement), and the slot lag in
// bytes, read from Postgres on every scrape.
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

export type EmittedKind = 'upsert' | 'tombstone' | 'dead_letter';

export interface CdcMetrics {
  emitted(kind: EmittedKind, count?: number): void;
  snapshotRows(count: number): void;
  skipped(count: number): void;
}

export function createCdcMetrics(registry: Registry, lagBytes: () => Promise<number | null>): CdcMetrics {
  const changes = new Counter({
    name: 'users_cdc_changes_emitted_total',
    help: 'Records produced: profile values, tombstones for deleted users, dead letters for invalid rows',
    labelNames: ['kind'],
    registers: [registry],
  });
  const snapshot = new Counter({
    name: 'users_cdc_snapshot_rows_total',
    help: 'Rows read by the initial snapshot',
    registers: [registry],
  });
  const skipped = new Counter({
    name: 'users_cdc_already_published_total',
    help: 'Re-delivered changes not produced again because Kafka already had them',
    registers: [registry],
  });
  new Gauge({
    name: 'users_cdc_slot_lag_bytes',
    help: 'WAL bytes between the server position and the slot position acknowledged after Kafka acked',
    registers: [registry],
    async collect() {
      const lag = await lagBytes().catch(() => null);
      if (lag !== null) this.set(lag);
    },
  });
  return {
    emitted: (kind, count = 1) => changes.inc({ kind }, count),
    snapshotRows: (count) => snapshot.inc(count),
    skipped: (count) => skipped.inc(count),
  };
}
