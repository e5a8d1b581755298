// src/main.ts as a real process (tsx, as `npm start` runs it) in local mode: it loads a temporary
// archive written by the real archiver into a temporary DuckDB file, picks up objects archived
// while it runs, and stops on SIGTERM with exit code 0. Rows in DuckDB = lines in the archive.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { ConsumedRecord } from '@tessera/archive/record';
import { createArchiver } from '@tessera/archiver/archiver';
import { catalogueDecoder } from '@tessera/archiver/decoder';
import { encodeValue } from '@tessera/contracts/codec';
import { exampleContentItem, exampleEnrichedInteraction } from '@tessera/contracts/examples';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalWarehouse } from '../src/local/duckdb.js';

const APP_DIR = fileURLToPath(new URL('../', import.meta.url));
const T0 = Date.UTC(2026, 10, 22, 9, 15);

function bytes(r: { ok: true; value: Buffer } | { ok: false; error: unknown }): Buffer {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
function clicks(partition: number, n: number): ConsumedRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const value = exampleEnrichedInteraction({ eventId: `01890a5d-ac96-7000-8000-${(partition * 1000 + i).toString(16).padStart(12, '0')}`, occurredAt: T0 + i, receivedAt: T0 + i + 1, enrichedAt: T0 + i + 2 });
    return { topic: 'interactions.enriched.v1', partition, offset: String(i), timestamp: String(T0 + i), key: Buffer.from(value.userId), value: bytes(encodeValue('interactions.enriched.v1', value)) };
  });
}
const item = (offset: number, takedown: boolean): ConsumedRecord => ({
  topic: 'content.v1', partition: 0, offset: String(offset), timestamp: String(T0), key: Buffer.from('c-42'),
  value: takedown ? null : bytes(encodeValue('content.v1', exampleContentItem({ occurredAt: T0 }))),
});

async function archive(root: string, records: ConsumedRecord[]): Promise<void> {
  const archiver = createArchiver({ store: createLocalStore(root), prefix: '', decode: catalogueDecoder });
  await archiver.archive(records);
  const outcome = await archiver.flush();
  if (outcome.failures.length > 0) throw new Error('archive failed');
}

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'warehouse-process-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('warehouse process (local mode)', () => {
  it('loads the archive into DuckDB round after round and exits 0 on SIGTERM', async () => {
    const root = join(dir, 'archive');
    await archive(root, [...clicks(0, 5), item(0, false), item(1, true)]);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: APP_DIR,
      env: { ...process.env, LOG_LEVEL: 'info', ARCHIVE_DIR: root, WAREHOUSE_DUCKDB: join(dir, 'wh.duckdb'), WAREHOUSE_LOAD_INTERVAL: '1s' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const rounds: { reports: { table: string; loaded: number; rows: number }[] }[] = [];
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const parts = out.split('\n');
      out = parts.pop() ?? '';
      for (const line of parts) {
        const parsed = JSON.parse(line) as { msg: string; reports?: never };
        if (parsed.msg === 'duckdb load round') rounds.push(parsed as never);
      }
    });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitUntil(() => rounds.length > 0 || child.exitCode !== null, 'the first load round');
      expect(child.exitCode, err).toBeNull();
      // Archived while the warehouse runs: another partition, picked up by a later round.
      await archive(root, clicks(1, 3));
      const seen = rounds.length;
      await waitUntil(() => rounds.slice(seen).some((r) => r.reports.some((x) => x.table === 'interactions' && x.loaded > 0)), 'a round loading the new object');
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);

    const warehouse = await openLocalWarehouse(join(dir, 'wh.duckdb'));
    try {
      const count = async (sql: string) => Number((await warehouse.sql.all(sql))[0]!.n);
      expect(await count('SELECT count(*) AS n FROM interactions')).toBe(8);
      expect(await count('SELECT count(DISTINCT value.eventId) AS n FROM interactions')).toBe(8);
      expect(await count('SELECT count(*) AS n FROM content WHERE value IS NULL AND valueBase64 IS NULL')).toBe(1);
      expect(await count('SELECT count(*) AS n FROM content')).toBe(2);
    } finally {
      warehouse.close();
    }
  });
});
