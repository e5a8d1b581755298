// The aggregator's own series on the app's registry: items per source and outcome (from each feed
// batch) and, read at scrape time, whether each source is healthy. Feed failure reasons are in
// GET /v1/sources; a gauge per source says which one to look at.
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { BatchReport } from './pipeline.js';
import type { SourceHealth } from './sources/health.js';

export function aggregatorMetrics(registry: Registry, sourcesHealth: () => readonly SourceHealth[]) {
  const items = new Counter({
    name: 'tessera_aggregator_items_total',
    help: 'Feed items handled, by source and outcome (published, unchanged, duplicate, rejected)',
    labelNames: ['source', 'outcome'],
    registers: [registry],
  });
  new Gauge({
    name: 'tessera_aggregator_source_healthy',
    help: '1 when the last poll of the source succeeded, 0 after a failure',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const h of sourcesHealth()) this.set({ source: h.sourceId }, h.healthy ? 1 : 0);
    },
  });
  return {
    onBatch(sourceId: string, report: BatchReport): void {
      items.inc({ source: sourceId, outcome: 'published' }, report.published);
      items.inc({ source: sourceId, outcome: 'unchanged' }, report.unchanged);
      items.inc({ source: sourceId, outcome: 'duplicate' }, report.duplicates);
      items.inc({ source: sourceId, outcome: 'rejected' }, report.rejected.length);
    },
  };
}
