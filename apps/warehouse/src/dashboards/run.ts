// Runs a dashboard on the local DuckDB warehouse: transpile, execute, and return the rows with
// the column order of the query.
import type { Row, Sql } from '../local/duckdb.js';
import { bigQueryToDuckDb } from './transpile.js';
import type { TranspileError } from './transpile.js';
import type { Dashboard } from './catalogue.js';

export interface DashboardResult {
  name: string;
  duckdbSql: string;
  rows: Row[];
}

export type RunResult = { ok: true; value: DashboardResult } | { ok: false; error: TranspileError | { code: 'query_failed'; retriable: false; message: string; cause: unknown } };

export async function runDashboard(sql: Pick<Sql, 'all'>, dashboard: Dashboard): Promise<RunResult> {
  const transpiled = bigQueryToDuckDb(dashboard.sql);
  if (!transpiled.ok) return transpiled;
  try {
    const rows = await sql.all(transpiled.sql);
    return { ok: true, value: { name: dashboard.name, duckdbSql: transpiled.sql, rows } };
  } catch (cause) {
    return { ok: false, error: { code: 'query_failed', retriable: false, message: `${dashboard.name}: ${(cause as Error).message}`, cause } };
  }
}
