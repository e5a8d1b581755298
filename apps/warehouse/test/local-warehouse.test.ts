// The local warehouse end to end on a generated day: records -> the real archiver -> a local
// archive directory -> DuckDB tables -> every dashboard, checked against figures computed in
// TypeScript from the generated events (test/expected.ts), never against SQL output.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ArchivedLine } from '@tessera/archive/line';
import type { ObjectStore } from '@tessera/archive/object-store';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { createArchiver } from '@tessera/archiver/archiver';
import type { ArchiveOutcome } from '@tessera/archiver/archiver';
import { catalogueDecoder } from '@tessera/archiver/decoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDashboards, readDashboard } from '../src/dashboards/catalogue.js';
import { runDashboard } from '../src/dashboards/run.js';
import { openLocalWarehouse } from '../src/local/duckdb.js';
import type { LocalWarehouse, Row } from '../src/local/duckdb.js';
import { loadLocalArchive } from '../src/local/loader.js';
import { TABLES } from '../src/tables.js';
import { generateDay } from './day.js';
import type { Day } from './day.js';
import * as expected from './expected.js';

const PREFIX = 'archive';
let dir: string;
let store: ObjectStore;
let warehouse: LocalWarehouse;
let day: Day;
const rejected: ArchiveOutcome['rejected'] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warehouse-'));
  store = createLocalStore(join(dir, 'archive-root'));
  day = generateDay();
  const archiver = createArchiver({ store, prefix: PREFIX, decode: catalogueDecoder, limits: { maxRecords: 150, maxBytes: 1 << 30 } });
  for (let i = 0; i < day.records.length; i += 400) rejected.push(...(await archiver.archive(day.records.slice(i, i + 400))).rejected);
  rejected.push(...(await archiver.flush()).rejected);
  warehouse = await openLocalWarehouse(join(dir, 'warehouse.duckdb'));
  await loadLocalArchive({ sql: warehouse.sql, list: store.list, root: join(dir, 'archive-root'), prefix: PREFIX });
}, 120_000);

afterAll(async () => {
  warehouse?.close();
  await rm(dir, { recursive: true, force: true });
});

async function archiveLines(topic: string): Promise<ArchivedLine[]> {
  const keys = await store.list(`${PREFIX}/${topic}/`);
  if (!keys.ok) throw new Error(keys.error.message);
  const lines: ArchivedLine[] = [];
  for (const key of keys.value) {
    const body = await store.get(key);
    if (!body.ok) throw new Error(body.error.message);
    lines.push(...gunzipSync(body.value).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ArchivedLine));
  }
  return lines;
}

/** JSON without nulls (DuckDB gives absent optional fields as null) and with sorted keys. */
function canonical(value: unknown): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, strip(x)]));
    }
    return v;
  };
  return JSON.stringify(strip(value));
}

function plain(rows: Row[]): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k,
    typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString().slice(0, 10) : v])));
}

async function dashboard(name: string): Promise<Record<string, unknown>[]> {
  const d = await readDashboard(name);
  if (!d) throw new Error(`no dashboard ${name}`);
  const result = await runDashboard(warehouse.sql, d);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return plain(result.value.rows);
}

const sortKey = (row: Record<string, unknown>) => JSON.stringify(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)));
const sortRows = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
function sameRows(actual: Record<string, unknown>[], wanted: Record<string, unknown>[]): void {
  const round = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v])));
  expect(sortRows(round(actual))).toEqual(sortRows(round(wanted)));
}

describe('local warehouse', () => {
  it('holds exactly the archived rows, value for value, in every table', async () => {
    for (const table of TABLES) {
      const lines = await archiveLines(table.topic);
      const rows = await warehouse.sql.all(`SELECT "partition" AS p, "offset" AS o, to_json(value) AS v, valueBase64 AS raw, key FROM "${table.name}"`);
      expect(rows.length).toBe(lines.length);
      const byPosition = new Map(rows.map((r) => [`${Number(r.p)}/${Number(r.o)}`, r]));
      expect(byPosition.size).toBe(lines.length);
      for (const line of lines) {
        const row = byPosition.get(`${line.partition}/${line.offset}`);
        expect(row?.key).toBe(line.key);
        expect(row?.raw ?? null).toBe(line.valueBase64);
        expect(canonical(row?.v === null || row?.v === undefined ? null : JSON.parse(String(row.v)))).toBe(canonical(line.value));
      }
    }
    // The refused interaction is in the archive and the table (raw), and was reported for dlq.v1.
    expect(rejected.map((r) => [r.record.topic, r.rejection.code])).toEqual([['interactions.enriched.v1', 'schema_violation']]);
    const [raw] = await warehouse.sql.all(`SELECT count(*) AS n FROM interactions WHERE value IS NULL AND valueBase64 IS NOT NULL`);
    expect(Number(raw?.n)).toBe(day.refused);
  });

  it('loads each object once: a second load skips everything, a rewritten object replaces its rows', async () => {
    const count = async () => Number((await warehouse.sql.all('SELECT count(*) AS n FROM interactions'))[0]?.n);
    const before = await count();
    const again = await loadLocalArchive({ sql: warehouse.sql, list: store.list, root: join(dir, 'archive-root'), prefix: PREFIX });
    expect(again.every((r) => r.loaded.length === 0 && r.reloaded.length === 0)).toBe(true);
    expect(await count()).toBe(before);

    // The archiver rewrote one object (a replay after a wall-clock flush): fewer lines now.
    const keys = await store.list(`${PREFIX}/interactions.enriched.v1/`);
    const key = keys.ok ? keys.value[0]! : '';
    const body = await store.get(key);
    const lines = body.ok ? gunzipSync(body.value).toString('utf8').split('\n').filter(Boolean) : [];
    const { gzipSync } = await import('node:zlib');
    await store.put(key, gzipSync(`${lines.slice(0, -1).join('\n')}\n`), 'application/x-ndjson');
    const reload = await loadLocalArchive({ sql: warehouse.sql, list: store.list, root: join(dir, 'archive-root'), prefix: PREFIX });
    expect(reload.find((r) => r.table === 'interactions')?.reloaded).toEqual([key]);
    expect(await count()).toBe(before - 1);
    await store.put(key, gzipSync(`${lines.join('\n')}\n`), 'application/x-ndjson');
    await loadLocalArchive({ sql: warehouse.sql, list: store.list, root: join(dir, 'archive-root'), prefix: PREFIX });
    expect(await count()).toBe(before);
  });

  it('has a test below for every dashboard file', async () => {
    expect(await listDashboards()).toEqual([
      'active_devices_daily', 'active_devices_hourly', 'catalogue_coverage', 'content_freshness', 'ctr_by_category',
      'ctr_by_language', 'ctr_by_position', 'dlq_volume', 'empty_feed_rate', 'top_content_per_category',
    ]);
  });

  it('active_devices_daily', async () => { sameRows(await dashboard('active_devices_daily'), expected.activeDevices(day, false)); });
  it('active_devices_hourly', async () => { sameRows(await dashboard('active_devices_hourly'), expected.activeDevices(day, true)); });
  it('ctr_by_category', async () => { sameRows(await dashboard('ctr_by_category'), expected.ctrBy(day, 'category')); });
  it('ctr_by_language', async () => { sameRows(await dashboard('ctr_by_language'), expected.ctrBy(day, 'language')); });
  it('ctr_by_position', async () => { sameRows(await dashboard('ctr_by_position'), expected.ctrBy(day, 'position')); });
  it('top_content_per_category', async () => { sameRows(await dashboard('top_content_per_category'), expected.topContent(day)); });
  it('catalogue_coverage', async () => { sameRows(await dashboard('catalogue_coverage'), expected.coverage(day)); });
  it('empty_feed_rate', async () => { sameRows(await dashboard('empty_feed_rate'), expected.emptyFeeds(day)); });
  it('dlq_volume', async () => { sameRows(await dashboard('dlq_volume'), expected.dlqVolume(day)); });

  it('content_freshness (approximate quantiles within two percentile ranks of the exact ones)', async () => {
    const rows = await dashboard('content_freshness');
    const wanted = expected.freshness(day);
    expect(rows.map((r) => r.day)).toEqual(wanted.map((w) => w.day).sort());
    for (const w of wanted) {
      const row = rows.find((r) => r.day === w.day)!;
      expect(row.impressions).toBe(w.impressions);
      expect(row.share_under_24h).toBeCloseTo(w.share_under_24h, 9);
      const rank = (q: number) => w.ages[Math.max(0, Math.min(w.ages.length - 1, Math.round(q * (w.ages.length - 1))))]!;
      for (const [column, q] of [['age_p50_minutes', 0.5], ['age_p90_minutes', 0.9]] as const) {
        expect(row[column] as number).toBeGreaterThanOrEqual(rank(q - 0.02));
        expect(row[column] as number).toBeLessThanOrEqual(rank(q + 0.02));
      }
    }
  });
});
