// Loading an archive object in pieces: the splitter cuts the decompressed object only at line
// ends, within the line and byte limits, and loses or repeats no byte; inserting piece by piece
// gives the table the rows, count and offset range of the whole object; a piece DuckDB cannot
// read fails with PieceUnreadable (the loader then goes line by line).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { duckdbCreateTable, TABLES } from '../tables.js';
import { openLocalWarehouse } from './duckdb.js';
import type { LocalWarehouse } from './duckdb.js';
import { insertInPieces, ndjsonPieces, PieceUnreadable } from './pieces.js';

const table = TABLES.find((t) => t.name === 'dead_letters')!;
let dir: string;
let warehouse: LocalWarehouse | undefined;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'warehouse-pieces-test-')); });
afterEach(async () => {
  warehouse?.close();
  warehouse = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** An archive-shaped line: the record fields, with a value padding it to about `size` bytes. */
const line = (offset: number, size = 80) =>
  JSON.stringify({ topic: table.topic, partition: 3, offset: String(offset), timestamp: String(1_000 + offset), eventTime: String(1_000 + offset), key: `k${offset}`, headers: [], value: null, valueBase64: 'x'.repeat(size) });

async function object(lines: string[], trailingNewline = true): Promise<string> {
  const path = join(dir, `object-${lines.length}.ndjson.gz`);
  await writeFile(path, gzipSync(lines.join('\n') + (trailingNewline ? '\n' : '')));
  return path;
}

async function collect(path: string, limits: { lines?: number; bytes?: number }): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const piece of ndjsonPieces(path, limits)) out.push(piece);
  return out;
}

describe('ndjsonPieces', () => {
  it('cuts only after line ends, at most `lines` lines a piece, every byte once', async () => {
    const lines = Array.from({ length: 23 }, (_, i) => line(i, i * 37));
    const path = await object(lines);
    const pieces = await collect(path, { lines: 5 });
    expect(pieces.map((p) => p.toString().split('\n').filter(Boolean).length)).toEqual([5, 5, 5, 5, 3]);
    expect(pieces.every((p) => p.at(-1) === 0x0a)).toBe(true);
    expect(Buffer.concat(pieces).toString()).toBe(`${lines.join('\n')}\n`);
  });

  it('ends a piece at the first line end past `bytes`, and keeps a last line without a newline', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => line(i, 1_000));
    const pieces = await collect(await object(lines, false), { lines: 1_000, bytes: 2_500 });
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces.slice(0, -1)) expect(p.length).toBeLessThan(2_500 + 1_200);
    expect(Buffer.concat(pieces).toString()).toBe(lines.join('\n'));
  });
});

describe('insertInPieces', () => {
  it('loads every line with the whole object\'s count and offset range, several pieces inside one transaction', async () => {
    warehouse = await openLocalWarehouse(join(dir, 'w.duckdb'));
    await warehouse.sql.run(duckdbCreateTable(table));
    const path = await object(Array.from({ length: 17 }, (_, i) => line(100 + i)));
    await warehouse.sql.run('BEGIN TRANSACTION');
    const stats = await insertInPieces(warehouse.sql, table, path, `"${table.name}"`, `DATE '2026-11-22' AS dt, 9 AS hr`, { lines: 4 });
    await warehouse.sql.run('COMMIT');
    expect(stats).toEqual({ rows: 17, lo: 100, hi: 116 });
    const rows = await warehouse.sql.all(`SELECT "offset", dt::VARCHAR AS dt, hr FROM "${table.name}" ORDER BY "offset"`);
    expect(rows.map((r) => Number(r.offset))).toEqual(Array.from({ length: 17 }, (_, i) => 100 + i));
    expect(new Set(rows.map((r) => `${String(r.dt)} ${String(r.hr)}`))).toEqual(new Set(['2026-11-22 9']));
  });

  it('throws PieceUnreadable for a piece with a line DuckDB cannot convert', async () => {
    warehouse = await openLocalWarehouse(join(dir, 'w.duckdb'));
    await warehouse.sql.run(duckdbCreateTable(table));
    const lines = Array.from({ length: 9 }, (_, i) => line(i));
    lines[6] = lines[6]!.replace('"partition":3', '"partition":"three"');
    const path = await object(lines);
    await warehouse.sql.run('BEGIN TRANSACTION');
    await expect(insertInPieces(warehouse.sql, table, path, `"${table.name}"`, `DATE '2026-11-22' AS dt, 9 AS hr`, { lines: 4 })).rejects.toBeInstanceOf(PieceUnreadable);
    await warehouse.sql.run('ROLLBACK');
    expect(await warehouse.sql.all(`SELECT count(*) AS n FROM "${table.name}"`)).toEqual([{ n: 0n }]);
  });
});
