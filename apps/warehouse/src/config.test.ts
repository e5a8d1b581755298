import { loadConfig } from '@tessera/platform/config';
import { describe, expect, it } from 'vitest';
import { configProblems, WarehouseEnv } from './config.js';

describe('warehouse configuration', () => {
  it('defaults to the local archive directory and DuckDB file', () => {
    const config = loadConfig(WarehouseEnv, {});
    expect([config.ARCHIVE_DIR, config.ARCHIVE_PREFIX, config.WAREHOUSE_DUCKDB, config.WAREHOUSE_LOAD_INTERVAL])
      .toEqual(['.tessera/archive', '', '.tessera/warehouse.duckdb', 300_000]);
    expect(configProblems(config)).toEqual([]);
  });

  it('needs the project and the archive bucket for BigQuery', () => {
    const config = loadConfig(WarehouseEnv, { BIGQUERY_DATASET: 'analytics' });
    expect(configProblems(config)).toEqual([
      'GCP_PROJECT: is required when BIGQUERY_DATASET is set',
      'GCS_BUCKET: is required when BIGQUERY_DATASET is set (load jobs read the archive there)',
    ]);
    expect(configProblems(loadConfig(WarehouseEnv, { BIGQUERY_DATASET: 'analytics', GCP_PROJECT: 'p', GCS_BUCKET: 'b' }))).toEqual([]);
  });

  it('refuses an archive bucket in local mode, where DuckDB could only read the directory', () => {
    const [problem] = configProblems(loadConfig(WarehouseEnv, { GCS_BUCKET: 'tessera-archive' }));
    expect(problem).toMatch(/^GCS_BUCKET: .*BIGQUERY_DATASET/);
  });
});
