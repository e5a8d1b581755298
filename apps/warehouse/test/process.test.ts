// src/main.ts as a real process (tsx, as `npm start` runs it) in local mode: it loads a temporary
// archive written by the real archiver into a temporary DuckDB file, picks up objects archived
// while it runs, quarantines a line DuckDB cannot load (counted on /metrics, logged once), and
// stops on SIGTERM with exit code 0. Rows in DuckDB = loadable lines in the archive. The process
// and the temporary directory are removed by the hooks whatever happens, timeouts included; every
// wait is for a log line of the process, never a fixed sleep.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { ConsumedRecord } from '@tessera/archive/record';
import { createArchiver } from '@tessera/archiver/archiver';
import { catalogueDecoder } from '@tessera/archiver/decoder';
import { encodeValue } from '@tessera/contracts/codec';
import { exampleContentItem, exampleEnrichedInteraction } from '@tessera/contracts/examples';
import { spawnApp, stopProcessesAfterEach, tempDir } from '@tessera/platform/testing/app-process';
import type { LogLine } from '@tessera/platform/testing/app-process';
import { describe, expect, it } from 'vitest';
import { openLocalWarehouse } from '../src/local/duckdb.js';

stopProcessesAfterEach();

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

/**
 * Archives the records into `root` with an unpaired surrogate in the second line (as archived
 * before the contract refused them). Written aside and renamed in, so the running warehouse never
 * sees the object without it.
 */
async function archiveWithSurrogate(root: string, staging: string, records: ConsumedRecord[]): Promise<void> {
  await archive(staging, records);
  const store = createLocalStore(staging);
  const listed = await store.list('interactions.enriched.v1/');
  const [key] = listed.ok ? listed.value : [];
  const body = key ? await store.get(key) : undefined;
  if (!key || !body?.ok) throw new Error('no object to tamper with');
  const lines = gunzipSync(body.value).toString('utf8').split('\n').filter(Boolean);
  lines[1] = lines[1]!.replace('"contentId":"', '"contentId":"\\ud800');
  await writeFile(join(staging, key), gzipSync(`${lines.join('\n')}\n`));
  await mkdir(dirname(join(root, key)), { recursive: true });
  await rename(join(staging, key), join(root, key));
}

type Round = LogLine & { reports: { table: string; loaded: number; rows: number; quarantined: number }[] };
const isRound = (line: LogLine): line is Round => line.msg === 'duckdb load round';

describe('warehouse process (local mode)', () => {
  it('loads the archive into DuckDB round after round, quarantines what DuckDB cannot load, and exits 0 on SIGTERM', async () => {
    const dir = await tempDir('warehouse-process');
    const root = join(dir, 'archive');
    await archive(root, [...clicks(0, 5), item(0, false), item(1, true)]);
    const app = spawnApp({
      cwd: APP_DIR,
      entry: 'src/main.ts',
      env: { LOG_LEVEL: 'info', ARCHIVE_DIR: root, WAREHOUSE_DUCKDB: join(dir, 'wh.duckdb'), WAREHOUSE_LOAD_INTERVAL: '1s', OPS_PORT: '0' },
    });
    const started = await app.waitForLog('warehouse started', 90_000);
    await app.waitForLog((l) => isRound(l) && l.reports.some((r) => r.table === 'interactions' && r.loaded > 0), 90_000);

    // Archived while the warehouse runs: another partition, with a line DuckDB cannot load.
    await archiveWithSurrogate(root, join(dir, 'staging'), clicks(1, 3));
    const later = await app.waitForLog((l) => isRound(l) && l.reports.some((r) => r.table === 'interactions' && r.quarantined > 0), 90_000) as Round;
    expect(later.reports.find((r) => r.table === 'interactions')).toMatchObject({ loaded: 1, rows: 2, quarantined: 1 });
    // A round after that one: the object is not reloaded, the line not reported again.
    const index = app.lines.indexOf(later);
    await app.waitForLog((l) => isRound(l) && app.lines.indexOf(l) > index, 90_000);
    expect(app.lines.filter((l) => l.msg === 'archive line quarantined')).toEqual([
      expect.objectContaining({ table: 'interactions', lineNumber: 2, partition: 1, offset: 1, reason: expect.stringMatching(/surrogate/i) }),
    ]);
    const metrics = await (await fetch(`${String(started.ops)}/metrics`)).text();
    expect(metrics).toMatch(/tessera_warehouse_quarantined_lines_total\{table="interactions",app="warehouse"\} 1/);
    expect(metrics).toMatch(/tessera_warehouse_load_rounds_total\{outcome="ok",app="warehouse"\} [1-9]/);
    expect((await fetch(`${String(started.ops)}/readyz`)).status).toBe(200);

    expect(await app.stop('SIGTERM')).toBe(0);

    const warehouse = await openLocalWarehouse(join(dir, 'wh.duckdb'));
    try {
      const count = async (sql: string) => Number((await warehouse.sql.all(sql))[0]!.n);
      expect(await count('SELECT count(*) AS n FROM interactions')).toBe(7);
      expect(await count('SELECT count(DISTINCT value.eventId) AS n FROM interactions')).toBe(7);
      expect(await count('SELECT count(*) AS n FROM _quarantined_lines')).toBe(1);
      expect(await count('SELECT count(*) AS n FROM content WHERE value IS NULL AND valueBase64 IS NULL')).toBe(1);
      expect(await count('SELECT count(*) AS n FROM content')).toBe(2);
    } finally {
      warehouse.close();
    }
    // A bound for a machine busy with other suites; the hooks clean up if it is ever reached.
  }, 300_000);
});
