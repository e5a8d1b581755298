// Loads the local archive (the archiver's directory) into the DuckDB tables, idempotently by
// object key: each loaded object is recorded in _loaded_objects with its size and offsets. An
// object seen before with the same size is skipped; one that changed (the archiver rewrote it
// after a replay) has its earlier rows deleted by offset range and is loaded again, in one
// transaction, so a table never holds a record twice.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseObjectKey, topicPrefix } from '@tessera/archive/naming';
import type { ObjectStore } from '@tessera/archive/object-store';
import { duckdbCreateTable, duckdbJsonColumns, sqlString, TABLES } from '../tables.js';
import type { TableDefinition } from '../tables.js';
import type { Sql } from './duckdb.js';

export interface LocalLoadOptions {
  sql: Sql;
  /** The archive's object listing (the archiver's local store over the same root). */
  list: ObjectStore['list'];
  /** Directory the archive keys are relative to. */
  root: string;
  prefix: string;
  tables?: readonly TableDefinition[];
}

export interface LoadReport {
  table: string;
  loaded: string[];
  reloaded: string[];
  skipped: number;
  rows: number;
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS _loaded_objects (
  object_key VARCHAR PRIMARY KEY, table_name VARCHAR, topic VARCHAR, "partition" BIGINT,
  start_offset BIGINT, end_offset BIGINT, size BIGINT, "rows" BIGINT, loaded_at TIMESTAMP
)`;

export async function ensureTables(sql: Sql, tables: readonly TableDefinition[] = TABLES): Promise<void> {
  await sql.run(BOOKKEEPING);
  for (const table of tables) await sql.run(duckdbCreateTable(table));
}

export async function loadLocalArchive(options: LocalLoadOptions): Promise<LoadReport[]> {
  const { sql } = options;
  const tables = options.tables ?? TABLES;
  await ensureTables(sql, tables);
  const reports: LoadReport[] = [];
  for (const table of tables) {
    const listed = await options.list(topicPrefix(options.prefix, table.topic));
    if (!listed.ok) throw new Error(`listing ${table.topic}: ${listed.error.message}`, { cause: listed.error });
    const known = new Map((await sql.all(`SELECT object_key, size FROM _loaded_objects WHERE table_name = ${sqlString(table.name)}`))
      .map((r) => [String(r.object_key), Number(r.size)]));
    const report: LoadReport = { table: table.name, loaded: [], reloaded: [], skipped: 0, rows: 0 };
    for (const key of listed.value) {
      const parsed = parseObjectKey(key);
      if (!parsed || parsed.topic !== table.topic) continue;
      const path = join(options.root, key);
      const { size } = await stat(path);
      const before = known.get(key);
      if (before === size) {
        report.skipped += 1;
        continue;
      }
      report.rows += await loadObject(sql, table, key, path, parsed, size, before !== undefined);
      (before === undefined ? report.loaded : report.reloaded).push(key);
    }
    reports.push(report);
  }
  return reports;
}

async function loadObject(
  sql: Sql, table: TableDefinition, key: string, path: string,
  parsed: NonNullable<ReturnType<typeof parseObjectKey>>, size: number, replace: boolean,
): Promise<number> {
  const t = `"${table.name}"`;
  const source = `read_json(${sqlString(path)}, format = 'newline_delimited', compression = 'gzip', hive_partitioning = false, columns = ${duckdbJsonColumns(table)})`;
  await sql.run('BEGIN TRANSACTION');
  try {
    if (replace) {
      await sql.run(`DELETE FROM ${t} WHERE topic = ${sqlString(parsed.topic)} AND "partition" = ${parsed.partition}
        AND "offset" BETWEEN (SELECT start_offset FROM _loaded_objects WHERE object_key = ${sqlString(key)})
                         AND (SELECT end_offset FROM _loaded_objects WHERE object_key = ${sqlString(key)})`);
      await sql.run(`DELETE FROM _loaded_objects WHERE object_key = ${sqlString(key)}`);
    }
    await sql.run(`CREATE OR REPLACE TEMP TABLE _incoming AS SELECT * FROM ${source}`);
    await sql.run(`INSERT INTO ${t} BY NAME SELECT *, DATE ${sqlString(parsed.dt)} AS dt, ${Number(parsed.hr)} AS hr FROM _incoming`);
    const [stats] = await sql.all(`SELECT count(*) AS n, min("offset") AS lo, max("offset") AS hi FROM _incoming`);
    await sql.run(`INSERT INTO _loaded_objects VALUES (${sqlString(key)}, ${sqlString(table.name)}, ${sqlString(parsed.topic)},
      ${parsed.partition}, ${Number(stats?.lo ?? 0)}, ${Number(stats?.hi ?? 0)}, ${size}, ${Number(stats?.n ?? 0)}, now())`);
    await sql.run('DROP TABLE _incoming');
    await sql.run('COMMIT');
    return Number(stats?.n ?? 0);
  } catch (error) {
    await sql.run('ROLLBACK');
    throw error;
  }
}
