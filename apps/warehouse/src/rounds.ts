// What one load round does in each mode, built from explicit dependencies so main.ts only wires:
// BigQuery mode creates the tables once (the first round) and submits load jobs for archive
// objects not yet loaded; local mode loads the archive directory into the DuckDB file and reports
// each quarantined line once. Each round records its outcome in `status`, which the ops server's
// /readyz reads: the warehouse is not ready while its last round failed (the loop retries it).
import type { ObjectStore } from '@tessera/archive/object-store';
import type { Logger } from '@tessera/platform/logger';
import type { BigQueryJobs } from './bigquery/jobs.js';
import { loadRound } from './bigquery/loader.js';
import type { Destination } from './bigquery/plan.js';
import type { ensureBigQueryTables } from './bigquery/tables.js';
import { loadLocalArchive } from './local/loader.js';
import type { Sql } from './local/duckdb.js';
import type { WarehouseMetrics } from './metrics.js';

export type Round = () => Promise<void>;

/** The last round's outcome, for readiness. */
export interface RoundStatus {
  completed: number;
  lastError: unknown;
}

export function newRoundStatus(): RoundStatus {
  return { completed: 0, lastError: undefined };
}

/** Wraps a round so its outcome lands in `status` (the error is re-thrown for the loop to log). */
export function tracked(round: Round, status: RoundStatus, metrics: Pick<WarehouseMetrics, 'rounds'>): Round {
  return async () => {
    try {
      await round();
      status.completed += 1;
      status.lastError = undefined;
      metrics.rounds.inc({ outcome: 'ok' });
    } catch (error) {
      status.lastError = error;
      metrics.rounds.inc({ outcome: 'failed' });
      throw error;
    }
  };
}

/** Readiness check: fails with the last round's error while that round failed. */
export function roundReadiness(status: RoundStatus): () => void {
  return () => {
    if (status.lastError !== undefined) throw status.lastError instanceof Error ? status.lastError : new Error(String(status.lastError));
  };
}

export interface BigQueryRoundDeps {
  readonly jobs: BigQueryJobs;
  readonly list: ObjectStore['list'];
  readonly destination: Destination;
  /** ensureBigQueryTables bound to the dataset; run before the first round. */
  readonly ensureTables: () => ReturnType<typeof ensureBigQueryTables>;
  readonly logger: Logger;
}

export function bigQueryRound(deps: BigQueryRoundDeps): Round {
  let provisioned = false;
  return async () => {
    if (!provisioned) {
      const tables = await deps.ensureTables();
      if (!tables.ok) throw tables.error;
      provisioned = true;
      deps.logger.info(tables.value, 'bigquery tables ready');
    }
    const result = await loadRound({ jobs: deps.jobs, list: deps.list, destination: deps.destination });
    if (!result.ok) throw result.error;
    deps.logger.info({ submitted: result.value.submitted, failed: result.value.failed }, 'bigquery load round');
  };
}

export interface LocalRoundDeps {
  readonly sql: Sql;
  readonly list: ObjectStore['list'];
  /** The archive directory (the local store's root). */
  readonly root: string;
  readonly prefix: string;
  readonly metrics: WarehouseMetrics;
  readonly logger: Logger;
}

export function localRound(deps: LocalRoundDeps): Round {
  return async () => {
    const reports = await loadLocalArchive({
      sql: deps.sql, list: deps.list, root: deps.root, prefix: deps.prefix,
      // Once per line: the object is then recorded as loaded and later rounds skip it.
      onQuarantine: ({ objectKey, table, lineNumber, partition, offset, reason }) => {
        deps.metrics.quarantinedLines.inc({ table });
        deps.logger.warn({ objectKey, table, lineNumber, partition, offset, reason }, 'archive line quarantined');
      },
    });
    // What DuckDB's buffer manager holds after the round, so a growing RSS can be told apart
    // from DuckDB's own memory (bounded by memory_limit) in the logs and the metrics.
    const memory = await deps.sql.all('SELECT tag, memory_usage_bytes AS used FROM duckdb_memory() WHERE memory_usage_bytes > 0');
    const duckdbMb: Record<string, number> = {};
    deps.metrics.duckdbMemory.reset();
    for (const row of memory) {
      deps.metrics.duckdbMemory.set({ tag: String(row.tag) }, Number(row.used));
      duckdbMb[String(row.tag)] = Math.round(Number(row.used) / 104_857.6) / 10;
    }
    deps.logger.info({ reports: reports.map((r) => ({ table: r.table, loaded: r.loaded.length, reloaded: r.reloaded.length, rows: r.rows, quarantined: r.quarantined })), duckdbMb }, 'duckdb load round');
  };
}
