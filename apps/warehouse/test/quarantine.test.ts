// An archive object with lines DuckDB cannot load (an unpaired surrogate, as archived before the
// contract refused them; a line that is not JSON; a value of the wrong type) next to good ones:
// the good lines load, each bad line is quarantined once with its reason and raw bytes, the
// round does not fail, and the next round neither reloads nor re-reports the object.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { encodeValue } from '@tessera/contracts/codec';
import { exampleEnrichedInteraction } from '@tessera/contracts/examples';
import { createArchiver } from '@tessera/archiver/archiver';
import { catalogueDecoder } from '@tessera/archiver/decoder';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { ConsumedRecord } from '@tessera/archive/record';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalWarehouse } from '../src/local/duckdb.js';
import type { LocalWarehouse } from '../src/local/duckdb.js';
import { loadLocalArchive } from '../src/local/loader.js';
import type { QuarantinedLine } from '../src/local/quarantine.js';

const T0 = Date.UTC(2026, 10, 22, 9, 15);
const TOPIC = 'interactions.enriched.v1';

function clicks(n: number): ConsumedRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const value = exampleEnrichedInteraction({ eventId: `01890a5d-ac96-7000-8000-${i.toString(16).padStart(12, '0')}`, occurredAt: T0 + i, receivedAt: T0 + i + 1, enrichedAt: T0 + i + 2 });
    const bytes = encodeValue(TOPIC, value);
    if (!bytes.ok) throw new Error('example does not encode');
    return { topic: TOPIC, partition: 0, offset: String(i), timestamp: String(T0 + i), key: Buffer.from(value.userId), value: bytes.value };
  });
}

let dir: string;
let warehouse: LocalWarehouse | undefined;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'warehouse-quarantine-')); });
afterEach(async () => {
  warehouse?.close();
  warehouse = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('quarantine of lines DuckDB cannot load', () => {
  it('loads the good lines of an object, keeps each bad line raw with its reason, and reports it once', async () => {
    const root = join(dir, 'archive');
    const store = createLocalStore(root);
    const archiver = createArchiver({ store, prefix: '', decode: catalogueDecoder });
    await archiver.archive(clicks(8));
    await archiver.flush();
    const [key] = (await store.list(`${TOPIC}/`)).ok ? ((await store.list(`${TOPIC}/`)) as { value: string[] }).value : [];
    const body = await store.get(key!);
    if (!body.ok) throw new Error('no object');
    const lines = gunzipSync(body.value).toString('utf8').split('\n').filter(Boolean);
    // Line 3: the decoded value holds an unpaired surrogate (JSON escape, as JSON.stringify writes it).
    lines[2] = lines[2]!.replace('"contentId":"', '"contentId":"\\ud800');
    // Line 5: not JSON at all. Line 7: a value of the wrong type for its column.
    lines[4] = '{"topic":"interactions.enriched.v1","partition":0,"offset":"4", this is not json';
    lines[6] = lines[6]!.replace(/"position":\d+/, '"position":"first"');
    const tampered = gzipSync(`${lines.join('\n')}\n`);
    await store.put(key!, tampered, 'application/x-ndjson');

    warehouse = await openLocalWarehouse(join(dir, 'wh.duckdb'));
    const reported: QuarantinedLine[] = [];
    const load = () => loadLocalArchive({ sql: warehouse!.sql, list: store.list, root, prefix: '', onQuarantine: (line) => reported.push(line) });
    const first = await load();
    const interactions = first.find((r) => r.table === 'interactions')!;
    expect(interactions).toMatchObject({ loaded: [key], rows: 5, quarantined: 3 });
    // A line that is not JSON cannot say where it was in Kafka.
    expect(reported.map((q) => [q.lineNumber, q.offset])).toEqual([[3, 2], [5, undefined], [7, 6]]);
    expect(reported[0]!.reason).toMatch(/surrogate/i);
    expect(reported.map((q) => q.raw.toString('utf8'))).toEqual([lines[2], lines[4], lines[6]]);

    const offsets = await warehouse.sql.all('SELECT "offset" AS o FROM interactions ORDER BY 1');
    expect(offsets.map((r) => Number(r.o))).toEqual([0, 1, 3, 5, 7]);
    const kept = await warehouse.sql.all('SELECT object_key, line_number, "offset" AS o, reason, line_base64 FROM _quarantined_lines ORDER BY line_number');
    expect(kept.map((r) => [r.object_key, Number(r.line_number), r.o === null ? null : Number(r.o)])).toEqual([[key, 3, 2], [key, 5, null], [key, 7, 6]]);
    expect(kept.map((r) => Buffer.from(String(r.line_base64), 'base64').toString('utf8'))).toEqual([lines[2], lines[4], lines[6]]);

    // The next round skips the object: nothing reloaded, nothing reported twice.
    const second = await load();
    expect(second.find((r) => r.table === 'interactions')).toMatchObject({ loaded: [], reloaded: [], skipped: 1, quarantined: 0 });
    expect(reported).toHaveLength(3);

    // The archiver rewrites the object (a replay; here without the surrogate and the non-JSON
    // line): its rows and quarantined lines are replaced.
    await store.put(key!, gzipSync(`${[...lines.slice(0, 2), lines[3], ...lines.slice(5)].join('\n')}\n`), 'application/x-ndjson');
    const third = await load();
    expect(third.find((r) => r.table === 'interactions')).toMatchObject({ reloaded: [key], rows: 5, quarantined: 1 });
    expect((await warehouse.sql.all('SELECT "offset" AS o FROM interactions ORDER BY 1')).map((r) => Number(r.o))).toEqual([0, 1, 3, 5, 7]);
    expect((await warehouse.sql.all('SELECT line_number FROM _quarantined_lines')).map((r) => Number(r.line_number))).toEqual([5]);
  });
});
