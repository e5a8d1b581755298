// Loads the local archive (the archiver's directory) into the DuckDB tables, idempotently by
// object key: each loaded object is recorded in _loaded_objects with its size and offsets. An
// object seen before with the same size is skipped; one that changed (the archiver rewrote it
// after a replay) has its earlier rows deleted by offset range and is loaded again, in one
// transaction, so a table never holds a record twice. An object is read in bounded pieces
// (./pieces.ts), so memory does not grow with its size. An object DuckDB refuses is loaded line
// by line (./quarantine.ts): the lines it cannot load are quarantined in _quarantined_lines, the
// rest loads, and the round goes on instead of failing on it forever.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseObjectKey, topicPrefix } from '@tessera/archive/naming';
import type { ObjectStore } from '@tessera/archive/object-store';
import { duckdbCreateTable, sqlString, TABLES } from '../tables.js';
import type { TableDefinition } from '../tables.js';
import type { Sql } from './duckdb.js';
import { insertInPieces, PieceUnreadable } from './pieces.js';
import type { PieceStats } from './pieces.js';
import { loadLineByLine, QUARANTINE_TABLE, quarantineInsert } from './quarantine.js';
import type { QuarantinedLine } from './quarantine.js';

export interface LocalLoadOptions {
  sql: Sql;
  /** The archive's object listing (the archiver's local store over the same root). */
  list: ObjectStore['list'];
  /** Directory the archive keys are relative to. */
  root: string;
  prefix: string;
  tables?: readonly TableDefinition[];
  /** Called once per line quarantined (when its object is loaded), e.g. to count and log it. */
  onQuarantine?: (line: QuarantinedLine) => void;
}

export interface LoadReport {
  table: string;
  loaded: string[];
  reloaded: string[];
  skipped: number;
  rows: number;
  /** Lines of this round's objects that DuckDB could not load, kept in _quarantined_lines. */
  quarantined: number;
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS _loaded_objects (
  object_key VARCHAR PRIMARY KEY, table_name VARCHAR, topic VARCHAR, "partition" BIGINT,
  start_offset BIGINT, end_offset BIGINT, size BIGINT, "rows" BIGINT, loaded_at TIMESTAMP
)`;

export async function ensureTables(sql: Sql, tables: readonly TableDefinition[] = TABLES): Promise<void> {
  await sql.run(BOOKKEEPING);
  await sql.run(QUARANTINE_TABLE);
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
    const report: LoadReport = { table: table.name, loaded: [], reloaded: [], skipped: 0, rows: 0, quarantined: 0 };
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
      const outcome = await loadObject(sql, table, key, path, parsed, size, before !== undefined);
      report.rows += outcome.rows;
      report.quarantined += outcome.quarantined.length;
      for (const line of outcome.quarantined) options.onQuarantine?.(line);
      (before === undefined ? report.loaded : report.reloaded).push(key);
    }
    reports.push(report);
  }
  // Rows appended since the last checkpoint stay in memory (duckdb_memory()'s IN_MEMORY_TABLE)
  // until the WAL passes checkpoint_threshold (16 MiB): with the local stack's small objects that
  // grew the warehouse by ~9 MB/min for many minutes. A checkpoint per round that loaded
  // something writes them to the file and bounds that to one round's rows.
  if (reports.some((r) => r.loaded.length + r.reloaded.length > 0)) await sql.run('CHECKPOINT');
  return reports;
}

async function loadObject(
  sql: Sql, table: TableDefinition, key: string, path: string,
  parsed: NonNullable<ReturnType<typeof parseObjectKey>>, size: number, replace: boolean,
): Promise<{ rows: number; quarantined: QuarantinedLine[] }> {
  const t = `"${table.name}"`;
  const pathColumns = `DATE ${sqlString(parsed.dt)} AS dt, ${Number(parsed.hr)} AS hr`;
  const forgetEarlier = async () => {
    if (!replace) return;
    await sql.run(`DELETE FROM ${t} WHERE topic = ${sqlString(parsed.topic)} AND "partition" = ${parsed.partition}
      AND "offset" BETWEEN (SELECT start_offset FROM _loaded_objects WHERE object_key = ${sqlString(key)})
                       AND (SELECT end_offset FROM _loaded_objects WHERE object_key = ${sqlString(key)})`);
    await sql.run(`DELETE FROM _loaded_objects WHERE object_key = ${sqlString(key)}`);
    await sql.run(`DELETE FROM _quarantined_lines WHERE object_key = ${sqlString(key)}`);
  };
  const record = async (stats: PieceStats, quarantined: readonly QuarantinedLine[]) => {
    // The offset range (used to replace the object's rows on a rewrite) covers quarantined lines too.
    const offsets = [stats.lo, stats.hi, ...quarantined.map((q) => q.offset)].filter((o): o is number => o !== undefined && o !== null);
    const [lo, hi] = offsets.length > 0 ? [Math.min(...offsets), Math.max(...offsets)] : [0, 0];
    await sql.run(`INSERT INTO _loaded_objects VALUES (${sqlString(key)}, ${sqlString(table.name)}, ${sqlString(parsed.topic)},
      ${parsed.partition}, ${lo}, ${hi}, ${size}, ${stats.rows}, now())`);
    const recordQuarantine = quarantineInsert(quarantined);
    if (recordQuarantine) await sql.run(recordQuarantine);
  };

  // The fast path: the object's pieces straight into the table, in one transaction with its record.
  try {
    return await inTransaction(sql, async () => {
      await forgetEarlier();
      const stats = await insertInPieces(sql, table, path, t, pathColumns);
      await record(stats, []);
      return { rows: stats.rows, quarantined: [] };
    });
  } catch (error) {
    if (!(error instanceof PieceUnreadable)) throw error;
  }
  // A line DuckDB cannot read rolled that back: the object is loaded line by line into _incoming
  // instead (before the transaction: a failed read inside it would abort it), its bad lines quarantined.
  const quarantined = await loadLineByLine(sql, table, key, path);
  return inTransaction(sql, async () => {
    await forgetEarlier();
    await sql.run(`INSERT INTO ${t} BY NAME SELECT *, ${pathColumns} FROM _incoming`);
    const [stats] = await sql.all(`SELECT count(*) AS n, min("offset") AS lo, max("offset") AS hi FROM _incoming`);
    const counted: PieceStats = { rows: Number(stats?.n ?? 0), lo: stats?.lo == null ? null : Number(stats.lo), hi: stats?.hi == null ? null : Number(stats.hi) };
    await record(counted, quarantined);
    await sql.run('DROP TABLE _incoming');
    return { rows: counted.rows, quarantined };
  });
}

async function inTransaction<T>(sql: Sql, work: () => Promise<T>): Promise<T> {
  await sql.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await sql.run('COMMIT');
    return result;
  } catch (error) {
    await sql.run('ROLLBACK');
    throw error;
  }
}
