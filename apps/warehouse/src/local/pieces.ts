// Loads one gzip NDJSON archive object in bounded pieces: the object is decompressed as a stream
// and cut at line ends into pieces of at most PIECE_LINES lines (or PIECE_BYTES bytes), each
// written to a scratch file, read with read_json (the same columns and conversions as one read of
// the whole object) and inserted into the table inside the object's transaction. Before, the
// whole object went through read_json into a temp table and then into the table: two copies of
// the object's rows (~31 MB each for 50,000 interactions) plus the reader's buffers.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { duckdbJsonColumns, sqlString } from '../tables.js';
import type { TableDefinition } from '../tables.js';
import type { Sql } from './duckdb.js';

export const PIECE_LINES = 5_000;
/** A piece also ends at the first line end past this many bytes (long lines). */
export const PIECE_BYTES = 4 * 1024 * 1024;

export interface PieceLimits {
  readonly lines?: number;
  readonly bytes?: number;
}

/** A piece DuckDB could not read (the caller loads the object line by line instead). */
export class PieceUnreadable extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PieceUnreadable';
  }
}

export interface PieceStats {
  readonly rows: number;
  readonly lo: number | null;
  readonly hi: number | null;
}

/**
 * Inserts every line of the object at `path` into `target` (with `extraColumns`, e.g. dt/hr),
 * one piece at a time, and returns the row count and offset range. Meant to run inside the
 * object's transaction: a piece that cannot be read throws PieceUnreadable, and the caller rolls back.
 */
export async function insertInPieces(
  sql: Sql, table: TableDefinition, path: string, target: string, extraColumns: string, limits: PieceLimits = {},
): Promise<PieceStats> {
  const dir = await mkdtemp(join(tmpdir(), 'warehouse-pieces-'));
  const file = join(dir, 'piece.ndjson');
  const source = `read_json(${sqlString(file)}, format = 'newline_delimited', hive_partitioning = false, columns = ${duckdbJsonColumns(table)})`;
  let rows = 0;
  let lo: number | null = null;
  let hi: number | null = null;
  try {
    for await (const piece of ndjsonPieces(path, limits)) {
      await writeFile(file, piece);
      let counted;
      try {
        // A line that cannot be read or converted fails the INSERT (the count alone reads only "offset").
        await sql.run(`INSERT INTO ${target} BY NAME SELECT *, ${extraColumns} FROM ${source}`);
        [counted] = await sql.all(`SELECT count(*) AS n, min("offset") AS lo, max("offset") AS hi FROM ${source}`);
      } catch (error) {
        throw new PieceUnreadable(error instanceof Error ? error.message : String(error), { cause: error });
      }
      rows += Number(counted?.n ?? 0);
      if (counted?.lo != null) lo = Math.min(lo ?? Infinity, Number(counted.lo));
      if (counted?.hi != null) hi = Math.max(hi ?? -Infinity, Number(counted.hi));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { rows, lo, hi };
}

/** The decompressed object cut after line ends: pieces of at most `lines` lines, ~`bytes` bytes. */
export async function* ndjsonPieces(path: string, limits: PieceLimits = {}): AsyncGenerator<Buffer> {
  const maxLines = limits.lines ?? PIECE_LINES;
  const maxBytes = limits.bytes ?? PIECE_BYTES;
  let held: Buffer[] = [];
  let heldBytes = 0;
  let heldLines = 0;
  for await (const chunk of createReadStream(path).pipe(createGunzip()) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      heldLines += 1;
      if (heldLines >= maxLines || heldBytes + nl + 1 - from >= maxBytes) {
        held.push(chunk.subarray(from, nl + 1));
        yield Buffer.concat(held);
        held = [];
        heldBytes = 0;
        heldLines = 0;
      } else {
        held.push(chunk.subarray(from, nl + 1));
        heldBytes += nl + 1 - from;
      }
      from = nl + 1;
    }
    if (from < chunk.length) {
      held.push(chunk.subarray(from));
      heldBytes += chunk.length - from;
    }
  }
  if (heldBytes > 0) yield Buffer.concat(held);
}
