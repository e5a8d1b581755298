// DuckDB runs with the memory limit and thread count it is given (and bounded defaults without):
// the settings the warehouse's config passes are the ones the engine reports.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalWarehouse } from '../src/local/duckdb.js';
import type { LocalWarehouse } from '../src/local/duckdb.js';

let dir = '';
let warehouse: LocalWarehouse | undefined;
afterEach(async () => {
  warehouse?.close();
  warehouse = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function settings(limits?: Parameters<typeof openLocalWarehouse>[1]) {
  dir = await mkdtemp(join(tmpdir(), 'wh-limits-'));
  warehouse = await openLocalWarehouse(join(dir, 'wh.duckdb'), limits);
  const [row] = await warehouse.sql.all(`SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS threads`);
  return { memory: String(row?.memory), threads: Number(row?.threads) };
}

describe('DuckDB limits', () => {
  it('applies the configured memory limit and threads', async () => {
    expect(await settings({ memoryLimitMb: 96, threads: 2 })).toEqual({ memory: '96.0 MiB', threads: 2 });
  });

  it('is bounded by default: 256 MiB and one thread, not 80 % of RAM and one per core', async () => {
    expect(await settings()).toEqual({ memory: '256.0 MiB', threads: 1 });
  });
});
