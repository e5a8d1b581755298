import { createMetricsRegistry } from '@tessera/platform/metrics';
import { describe, expect, it } from 'vitest';
import { warehouseMetrics } from './metrics.js';
import { newRoundStatus, roundReadiness, tracked } from './rounds.js';

describe('round status', () => {
  it('is not ready while the last round failed, ready again after one succeeds, and counts both', async () => {
    const registry = createMetricsRegistry({ app: 'warehouse-test' });
    const metrics = warehouseMetrics(registry);
    const status = newRoundStatus();
    const ready = roundReadiness(status);
    let fail = true;
    const round = tracked(async () => { if (fail) throw new Error('duckdb refused'); }, status, metrics);

    expect(ready).not.toThrow();
    await expect(round()).rejects.toThrow('duckdb refused');
    expect(ready).toThrow('duckdb refused');
    fail = false;
    await round();
    expect(ready).not.toThrow();
    expect(status.completed).toBe(1);
    const text = await registry.metrics();
    expect(text).toMatch(/tessera_warehouse_load_rounds_total\{outcome="failed",app="warehouse-test"\} 1/);
    expect(text).toMatch(/tessera_warehouse_load_rounds_total\{outcome="ok",app="warehouse-test"\} 1/);
  });
});
