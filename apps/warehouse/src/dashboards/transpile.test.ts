import { describe, expect, it } from 'vitest';
import { bigQueryToDuckDb } from './transpile.js';

describe('BigQuery -> DuckDB', () => {
  it('rewrites BigQuery functions DuckDB lacks', () => {
    const r = bigQueryToDuckDb('SELECT SAFE_DIVIDE(a, b) AS r, TIMESTAMP_MILLIS(t) AS ts, xs[SAFE_OFFSET(0)] AS x FROM t');
    expect(r.ok).toBe(true);
    const sql = r.ok ? r.sql : '';
    expect(sql).toContain('EPOCH_MS(t)');
    expect(sql).toContain('xs[1]');
    expect(sql).not.toMatch(/SAFE_DIVIDE/i);
  });

  it('refuses constructs that would silently give different figures', () => {
    for (const sql of [
      'SELECT EXTRACT(DAYOFWEEK FROM d) FROM t',
      'SELECT DATE_TRUNC(d, WEEK) FROM t',
      'SELECT APPROX_COUNT_DISTINCT(x) FROM t',
      'SELECT * FROM `proj.ds.t`',
      'SELECT * FROM t WHERE _PARTITIONTIME > 0',
    ]) {
      const r = bigQueryToDuckDb(sql);
      expect(r.ok ? 'accepted' : r.error.code).toBe('unsupported_construct');
    }
  });

  it('ignores refused words inside comments', () => {
    expect(bigQueryToDuckDb('-- not APPROX_COUNT_DISTINCT here\nSELECT COUNT(DISTINCT x) FROM t').ok).toBe(true);
  });
});
