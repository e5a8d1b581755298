// The warehouse's own metrics, on platform's registry (served by the ops server).
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

export interface WarehouseMetrics {
  readonly quarantinedLines: Counter<'table'>;
  readonly rounds: Counter<'outcome'>;
  readonly erasures: Counter<'status'>;
  readonly duckdbMemory: Gauge<'tag'>;
}

export function warehouseMetrics(registry: Registry): WarehouseMetrics {
  return {
    quarantinedLines: new Counter({
      name: 'tessera_warehouse_quarantined_lines_total',
      help: 'Archive lines the local warehouse could not load, kept in _quarantined_lines, by table',
      labelNames: ['table'],
      registers: [registry],
    }),
    rounds: new Counter({
      name: 'tessera_warehouse_load_rounds_total',
      help: 'Load rounds run, by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    erasures: new Counter({
      name: 'tessera_warehouse_erasures_total',
      help: 'Erasure requests (users.v1 tombstones) handled by the erasure role, by outcome (completed, incomplete)',
      labelNames: ['status'],
      registers: [registry],
    }),
    duckdbMemory: new Gauge({
      name: 'tessera_warehouse_duckdb_memory_bytes',
      help: 'DuckDB buffer-manager memory after the last local load round (duckdb_memory()), by tag (BASE_TABLE, IN_MEMORY_TABLE, ...); the process RSS also holds Node and allocator caches',
      labelNames: ['tag'],
      registers: [registry],
    }),
  };
}
