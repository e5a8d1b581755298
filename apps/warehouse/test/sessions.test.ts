// The warehouse process opens its DuckDB for a round and closes it after (warehouseSessions with
// oneAtATime's afterEach): between rounds another process can open the file, and what a round
// wrote is there. Checked with a second process, because DuckDB's file lock is per process.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { warehouseSessions } from '../src/local/duckdb.js';
import type { WarehouseSessions } from '../src/local/duckdb.js';
import { oneAtATime } from '../src/one-at-a-time.js';

const run = promisify(execFile);
let dir = '';
let sessions: WarehouseSessions | undefined;
afterEach(async () => {
  await sessions?.release();
  sessions = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Counts the rows of t from another process; rejects when the file is locked. */
async function countFromAnotherProcess(path: string): Promise<number> {
  const script = `const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(${JSON.stringify(path)});
    const c = await db.connect();
    const r = await c.runAndReadAll('SELECT count(*)::INTEGER AS n FROM t');
    process.stdout.write(String(r.getRowObjectsJS()[0].n));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..'), timeout: 60_000 });
  return Number(stdout);
}

describe('warehouse sessions', () => {
  it('holds the file only while a task runs, and keeps what the task wrote', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wh-sessions-'));
    const path = join(dir, 'wh.duckdb');
    sessions = warehouseSessions(path, { memoryLimitMb: 32 });
    const exclusive = oneAtATime(sessions.release);
    const lockedDuringTask = await exclusive(async () => {
      await sessions!.sql.run('CREATE TABLE t (n INTEGER)');
      await sessions!.sql.run('INSERT INTO t VALUES (1), (2), (3)');
      return countFromAnotherProcess(path).then(() => false, (error: Error) => /lock/i.test(error.message));
    });
    expect(lockedDuringTask).toBe(true);
    expect(await countFromAnotherProcess(path)).toBe(3);
    // The next task opens it again.
    expect(await exclusive(() => sessions!.sql.all('SELECT count(*)::INTEGER AS n FROM t'))).toEqual([{ n: 3 }]);
  }, 180_000);
});

describe('oneAtATime', () => {
  it('runs afterEach after every task, failed or not, before the next task starts', async () => {
    const events: string[] = [];
    const exclusive = oneAtATime(async () => { events.push('after'); });
    const failed = exclusive(async () => { events.push('first'); throw new Error('first failed'); });
    const second = exclusive(async () => { events.push('second'); return 2; });
    await expect(failed).rejects.toThrow('first failed');
    expect(await second).toBe(2);
    expect(events).toEqual(['first', 'after', 'second', 'after']);
  });
});
