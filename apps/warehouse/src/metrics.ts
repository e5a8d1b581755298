// The warehouse's own metrics, on platform's registry (served by the ops server when OPS_PORT is set).
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

export function warehouseMetrics(registry: Registry) {
  return {
    quarantinedLines: new Counter({
      name: 'tessera_warehouse_quarantined_lines_total',
      help: 'Archive lines the local warehouse could not load, kept in _quarantined_lines, by table',
      labelNames: ['table'],
      registers: [registry],
    }),
    erasures: new Counter({
      name: 'tessera_warehouse_erasures_total',
      help: 'Erasure requests (users.v1 tombstones) handled by the erasure role, by outcome (completed, incomplete)',
      labelNames: ['status'],
      registers: [registry],
    }),
  };
}
