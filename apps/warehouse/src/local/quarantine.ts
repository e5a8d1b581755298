// Loads an archive object DuckDB refuses as a whole (one line with an unpaired surrogate, "no low
// surrogate in string", or any line it cannot read or convert) line by line instead: the object is
// split in halves until each refused part is a single line, which is quarantined (kept raw in
// _quarantined_lines with DuckDB's reason) while every other line loads. k bad lines of n cost
// about k·log2(n) reads, and only for an object that failed. The good lines end up in the
// _incoming temp table exactly as the fast path (one read_json of the whole object) leaves them.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { duckdbJsonColumns, lineFields, sqlString } from '../tables.js';
import type { TableDefinition } from '../tables.js';
import { duckdbType, quoteIdent } from '../schema/fields.js';
import type { Sql } from './duckdb.js';

export const QUARANTINE_TABLE = `CREATE TABLE IF NOT EXISTS _quarantined_lines (
  object_key VARCHAR, table_name VARCHAR, line_number BIGINT, "partition" BIGINT, "offset" BIGINT,
  reason VARCHAR, line_base64 VARCHAR, quarantined_at TIMESTAMP
)`;

export interface QuarantinedLine {
  readonly objectKey: string;
  readonly table: string;
  /** 1-based line number in the decompressed object. */
  readonly lineNumber: number;
  readonly partition?: number;
  readonly offset?: number;
  /** DuckDB's error for this line alone. */
  readonly reason: string;
  /** The line's bytes, as archived. */
  readonly raw: Buffer;
}

interface Line {
  readonly number: number;
  readonly bytes: Buffer;
}

const MAX_REASON = 500;

function splitLines(body: Buffer): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= body.length; i += 1) {
    if (i === body.length || body[i] === 0x0a) {
      if (i > start) lines.push({ number: lines.length + 1, bytes: body.subarray(start, i) });
      start = i + 1;
    }
  }
  return lines;
}

/** Where the line sits in Kafka, when the line is JSON enough to say. */
function position(bytes: Buffer): { partition?: number; offset?: number } {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { partition?: unknown; offset?: unknown };
    return {
      ...(Number.isInteger(parsed.partition) ? { partition: parsed.partition as number } : {}),
      ...(typeof parsed.offset === 'string' || Number.isInteger(parsed.offset) ? { offset: Number(parsed.offset) } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * Fills the (new) temp table _incoming with every line of the gzip object at `path` that DuckDB
 * can load, and returns the lines it cannot. Each attempt is its own statement, outside any
 * transaction: a failed INSERT leaves nothing behind.
 */
export async function loadLineByLine(sql: Sql, table: TableDefinition, objectKey: string, path: string): Promise<QuarantinedLine[]> {
  const columns = lineFields(table).map((f) => `${quoteIdent(f.name)} ${duckdbType(f)}`).join(', ');
  await sql.run(`CREATE OR REPLACE TEMP TABLE _incoming (${columns})`);
  const dir = await mkdtemp(join(tmpdir(), 'warehouse-lines-'));
  const quarantined: QuarantinedLine[] = [];
  let attempt = 0;
  const tryLoad = async (lines: readonly Line[]): Promise<string | undefined> => {
    const file = join(dir, `part-${attempt++}.ndjson`);
    await writeFile(file, Buffer.concat(lines.flatMap((l) => [l.bytes, Buffer.from('\n')])));
    try {
      await sql.run(`INSERT INTO _incoming BY NAME SELECT * FROM read_json(${sqlString(file)}, format = 'newline_delimited', hive_partitioning = false, columns = ${duckdbJsonColumns(table)})`);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      await rm(file, { force: true });
    }
  };
  const bisect = async (lines: readonly Line[]): Promise<void> => {
    if (lines.length === 0) return;
    const failure = await tryLoad(lines);
    if (failure === undefined) return;
    if (lines.length === 1) {
      const line = lines[0]!;
      quarantined.push({ objectKey, table: table.name, lineNumber: line.number, ...position(line.bytes), reason: failure.slice(0, MAX_REASON), raw: Buffer.from(line.bytes) });
      return;
    }
    const half = Math.ceil(lines.length / 2);
    await bisect(lines.slice(0, half));
    await bisect(lines.slice(half));
  };
  try {
    await bisect(splitLines(gunzipSync(await readFile(path))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return quarantined;
}

/** The INSERT that records quarantined lines (inside the load's transaction). */
export function quarantineInsert(lines: readonly QuarantinedLine[]): string | undefined {
  if (lines.length === 0) return undefined;
  const nullable = (n: number | undefined) => (n === undefined ? 'NULL' : String(n));
  const rows = lines.map((l) => `(${sqlString(l.objectKey)}, ${sqlString(l.table)}, ${l.lineNumber}, ${nullable(l.partition)}, ${nullable(l.offset)}, ${sqlString(l.reason.toWellFormed().replaceAll('\u0000', ''))}, ${sqlString(l.raw.toString('base64'))}, now())`);
  return `INSERT INTO _quarantined_lines VALUES ${rows.join(', ')}`;
}
