// Dashboards are written for BigQuery; locally they run on DuckDB after polyglot's BigQuery ->
// DuckDB transpile. What this module adds (README "BigQuery vs DuckDB"):
// - refuses constructs whose meaning silently differs between the two engines, instead of
//   returning plausible wrong figures: EXTRACT(DAYOFWEEK) (1=Sunday vs 0=Sunday),
//   DATE_TRUNC/TIMESTAMP_TRUNC to WEEK (Sunday vs ISO Monday), APPROX_COUNT_DISTINCT (different
//   sketches; use COUNT(DISTINCT)), backtick-quoted project.dataset paths (one identifier in
//   DuckDB), ARRAY_AGG(... LIMIT n) (not transpiled), _PARTITIONTIME/_TABLE_SUFFIX (no meaning);
// - tables are referenced unqualified: BigQuery runs them with the job's defaultDataset, DuckDB
//   with the tables in its main schema.
import { Dialect, transpile } from '@polyglot-sql/sdk';

export interface TranspileError {
  code: 'unsupported_construct' | 'transpile_failed';
  retriable: false;
  message: string;
  cause?: unknown;
}

export type TranspileResult = { ok: true; sql: string } | { ok: false; error: TranspileError };

const REFUSED: { pattern: RegExp; why: string }[] = [
  { pattern: /\bDAYOFWEEK\b/i, why: 'DAYOFWEEK is 1=Sunday in BigQuery but 0=Sunday in DuckDB' },
  { pattern: /\b(?:DATE|TIMESTAMP|DATETIME)_TRUNC\s*\([^)]*\bWEEK\b/i, why: 'WEEK truncates to Sunday in BigQuery but to Monday in DuckDB' },
  { pattern: /\bAPPROX_COUNT_DISTINCT\b/i, why: 'approximate distinct counts differ between engines; use COUNT(DISTINCT ...)' },
  { pattern: /`[^`]*\.[^`]*`/, why: 'a backtick path becomes one identifier in DuckDB; reference tables unqualified' },
  { pattern: /\bARRAY_AGG\s*\([^)]*\bLIMIT\b/i, why: 'ARRAY_AGG(... LIMIT n) is not transpiled' },
  { pattern: /\b_PARTITIONTIME\b|\b_PARTITIONDATE\b|\b_TABLE_SUFFIX\b/i, why: 'BigQuery pseudo-columns have no DuckDB meaning' },
];

function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

export function bigQueryToDuckDb(bigQuerySql: string): TranspileResult {
  const body = withoutComments(bigQuerySql);
  for (const { pattern, why } of REFUSED) {
    if (pattern.test(body)) {
      return { ok: false, error: { code: 'unsupported_construct', retriable: false, message: `${pattern.source}: ${why}` } };
    }
  }
  const result = transpile(body, Dialect.BigQuery, Dialect.DuckDB);
  const [sql] = result.sql ?? [];
  if (!result.success || !sql || (result.sql?.length ?? 0) !== 1) {
    return { ok: false, error: { code: 'transpile_failed', retriable: false, message: String(result.error ?? 'expected exactly one statement'), cause: result } };
  }
  return { ok: true, sql };
}
