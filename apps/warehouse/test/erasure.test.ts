// Issue 14, erasure end to end from Kafka: three users' records on every topic (profiles, raw
// and enriched beacons and interactions, feeds, a dead letter, a record the archiver refuses) →
// the real archiver app → the archive (a local directory, or the fake's GCS bucket through the
// real client) → the warehouse (DuckDB, or BigQuery load jobs into the fake). Then users.v1
// carries a tombstone for one of them, and the erasure role runs; one more record of that user
// sits in the archiver's open file when the tombstone arrives, so the erasure must wait for its
// upload. Afterwards every archive object (the erasure log included), every warehouse table and
// every raw byte they keep (base64 values, dead letters' originals) is searched for the user's
// id: nothing. Every other line and row is unchanged, and every object key is still there.
// Kafka itself: after compaction users.v1 holds only the tombstone for the user; the per-user
// topics keep the user's records until their retention (7 days; dlq.v1 30, recommendations 1),
// which is the contract's promise for them — see the README.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectStore } from '@tessera/archive/object-store';
import { createGcsStore } from '@tessera/archive/object-store/gcs';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { startArchiverApp } from '@tessera/archiver/app';
import {
  exampleBeacon, exampleContentItem, exampleDeadLetter, exampleEnrichedBeacon, exampleEnrichedInteraction,
  exampleFeed, exampleInteraction, exampleUserProfile,
} from '@tessera/contracts/examples';
import { startBroker } from '@tessera/embedded-kafka';
import type { Broker } from '@tessera/embedded-kafka';
import { startFakeGcp } from '@tessera/gcp-fake/server';
import type { FakeGcp } from '@tessera/gcp-fake/server';
import { createLogger } from '@tessera/platform/logger';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { provisionTopics } from '@tessera/streams/provision';
import { topicNames } from '@tessera/streams/topic-names';
import type { TopicNames } from '@tessera/streams/topic-names';
import { Kafka, logLevel } from 'kafkajs';
import { produceRaw, readToEnd } from '@tessera/streams/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBigQueryJobs } from '../src/bigquery/jobs.js';
import { LOADER_LABEL, loadRound } from '../src/bigquery/loader.js';
import { ensureBigQueryTables } from '../src/bigquery/tables.js';
import { bigQueryEraser } from '../src/erasure/bigquery-eraser.js';
import { duckdbEraser } from '../src/erasure/duckdb-eraser.js';
import { ERASURE_LOG_FOLDER, readErasureLog, subjectOf } from '../src/erasure/erasure-log.js';
import type { ErasureLogEntry } from '../src/erasure/erasure-log.js';
import { startErasureRole } from '../src/erasure/role.js';
import type { WarehouseEraser } from '../src/erasure/warehouse-eraser.js';
import { openLocalWarehouse } from '../src/local/duckdb.js';
import type { LocalWarehouse } from '../src/local/duckdb.js';
import { loadLocalArchive } from '../src/local/loader.js';
import { oneAtATime } from '../src/one-at-a-time.js';
import { archiveContents, names, waitFor } from './support/search.js';

process.env.METADATA_SERVER_DETECTION = 'none';

const T0 = Date.UTC(2026, 10, 22, 10);
const logger = createLogger({ name: 'erasure-test', level: 'error' });
const uuid = (n: number) => `01890a5d-ac96-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** One backend: where the archive lives and which warehouse is loaded from it. */
interface Backend {
  store: ObjectStore;
  load(): Promise<void>;
  /** Every warehouse row, with the table it is in (bookkeeping tables included). */
  rows(): Promise<{ table: string; row: unknown }[]>;
  eraser: WarehouseEraser;
  close(): Promise<void>;
}

async function localBackend(dir: string): Promise<Backend> {
  const root = join(dir, 'archive');
  const store = createLocalStore(root);
  const warehouse: LocalWarehouse = await openLocalWarehouse(join(dir, 'warehouse.duckdb'));
  return {
    store,
    load: async () => { await loadLocalArchive({ sql: warehouse.sql, list: store.list, root, prefix: '' }); },
    async rows() {
      const tables = await warehouse.sql.all(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`);
      const out: { table: string; row: unknown }[] = [];
      for (const { table_name: table } of tables) {
        for (const r of await warehouse.sql.all(`SELECT to_json(t)::VARCHAR AS j FROM "${String(table)}" t`)) out.push({ table: String(table), row: JSON.parse(String(r.j)) });
      }
      return out;
    },
    eraser: duckdbEraser(warehouse.sql),
    close: async () => warehouse.close(),
  };
}

async function cloudBackend(fake: FakeGcp): Promise<Backend> {
  const store = createGcsStore({ bucket: 'archive', projectId: 'p', apiEndpoint: fake.url, maxRetries: 0 });
  const jobs = createBigQueryJobs({ projectId: 'p', apiEndpoint: fake.url });
  const tables = await ensureBigQueryTables({ projectId: 'p', datasetId: 'wh', apiEndpoint: fake.url });
  if (!tables.ok) throw tables.error;
  return {
    store,
    async load() {
      const round = await loadRound({ jobs, list: store.list, destination: { projectId: 'p', datasetId: 'wh', bucket: 'archive', prefix: '' } });
      if (!round.ok) throw round.error;
      expect(round.value.failed).toEqual([]);
    },
    rows: async () => [...fake.bigquery.rows].flatMap(([table, rows]) => rows.map((row) => ({ table, row }))),
    eraser: bigQueryEraser({
      projectId: 'p', datasetId: 'wh', apiEndpoint: fake.url, pollMs: 100,
      pendingLoads: async () => {
        const listed = await jobs.list(LOADER_LABEL);
        if (!listed.ok) throw listed.error;
        return listed.value.filter((j) => j.state !== 'DONE').length;
      },
    }),
    close: async () => {},
  };
}

async function produceUser(producer: StreamProducer, raw: Kafka, n: TopicNames, userId: string, seed: number): Promise<number> {
  const at = (i: number) => ({ eventId: uuid(seed + i), occurredAt: T0 + seed + i, receivedAt: T0 + seed + i + 1 });
  await producer.send('users.v1', [exampleUserProfile({ ...at(0), userId })]);
  await producer.send('beacons.v1', [exampleBeacon({ ...at(1), userId })]);
  await producer.send('beacons.enriched.v1', [exampleEnrichedBeacon({ ...at(2), userId })]);
  await producer.send('interactions.v1', [exampleInteraction({ ...at(3), userId })]);
  await producer.send('interactions.enriched.v1', [3, 4, 5].map((i) => exampleEnrichedInteraction({ ...at(i + 1), userId })));
  await producer.send('recommendations.v2', [exampleFeed({ eventId: uuid(seed + 7), feedId: uuid(seed + 7), occurredAt: T0 + seed + 7, userId })]);
  // A dead letter some enricher wrote for one of the user's records (its key and bytes kept).
  await producer.send('dlq.v1', [exampleDeadLetter({
    eventId: uuid(seed + 8), occurredAt: T0 + seed + 8,
    key: Buffer.from(userId).toString('base64'), value: Buffer.from(JSON.stringify({ userId, type: 'hover' })).toString('base64'),
  })]);
  // A record the contract refuses: archived raw (base64) and dead-lettered by the archiver.
  await produceRaw(raw, n.physical('interactions.enriched.v1'), [{ key: userId, value: JSON.stringify({ userId, occurredAt: 'yesterday' }) }]);
  return 11; // records of this user, the archiver's dead letter for the refused one included
}

let broker: Broker;
let dir: string;
let fake: FakeGcp | undefined;
beforeEach(async () => {
  broker = await startBroker({ minSessionTimeoutMs: 1000, logger: { info: () => {}, warn: () => {} } });
  dir = await mkdtemp(join(tmpdir(), 'warehouse-erasure-'));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await broker.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(['local directory + DuckDB', 'GCS + BigQuery (fake)'])('erasure: %s', (mode) => {
  it('removes the deleted user from every archive object and warehouse table, and changes nobody else\'s data', async () => {
    if (mode.startsWith('GCS')) fake = await startFakeGcp();
    const backend = fake ? await cloudBackend(fake) : await localBackend(dir);
    const kafka = new Kafka({ clientId: 'erasure-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const n = topicNames(`t${randomBytes(3).toString('hex')}`);
    const admin = kafka.admin();
    await admin.connect();
    await provisionTopics(admin, { env: 'local', names: n });

    const tag = randomBytes(3).toString('hex');
    // The erased user, a user whose id starts with the erased one, and an unrelated one.
    const [gone, prefixed, other] = [`u-${tag}`, `u-${tag}0`, `u-other-${tag}`];
    const producer = createProducer({ kafka, names: n });
    await producer.connect();
    let expected = 0;
    for (const [i, userId] of [gone, prefixed, other].entries()) expected += await produceUser(producer, kafka, n, userId, i * 100);
    await producer.send('content.v1', [exampleContentItem({ eventId: uuid(900), contentId: 'c-7', occurredAt: T0 })]);
    expected += 1;

    const dlq = createProducer({ kafka, names: n });
    await dlq.connect();
    const archiver = await startArchiverApp({
      kafka, names: n, store: backend.store, logger, publishDeadLetters: (letters) => dlq.send('dlq.v1', letters),
      settings: { groupId: 'archiver', prefix: '', limits: { maxRecords: 4, maxBytes: 1 << 30 }, idleFlushMs: 1000, uploadConcurrency: 2, sessionTimeoutMs: 6000 },
    });
    let role: Awaited<ReturnType<typeof startErasureRole>> | undefined;
    try {
      const lineCount = async () => (await archiveContents(backend.store)).reduce((s, o) => s + o.lines.length, 0);
      await waitFor(async () => ((await lineCount()) >= expected ? true : undefined), 'everything archived');
      await backend.load();

      const before = await archiveContents(backend.store);
      const othersLines = (contents: typeof before) => contents.filter((o) => !o.key.startsWith(ERASURE_LOG_FOLDER)).flatMap((o) => o.lines.filter((l) => !names(JSON.parse(l), gone))).sort();
      const goneLines = before.flatMap((o) => o.lines).filter((l) => names(JSON.parse(l), gone)).length;
      expect(goneLines).toBe(11);
      const rowsBefore = await backend.rows();
      const othersRows = (rows: typeof rowsBefore) => rows.filter((r) => !r.table.startsWith('_') && !names(r.row, gone)).map((r) => JSON.stringify(r)).sort();
      expect(rowsBefore.filter((r) => names(r.row, gone)).length).toBeGreaterThanOrEqual(7);

      const erased: ErasureLogEntry[] = [];
      role = await startErasureRole({
        kafka, names: n, groupId: 'warehouse-erasure', archiverGroup: 'archiver', store: backend.store, prefix: '',
        warehouse: backend.eraser, exclusive: oneAtATime(), logger, pollMs: 100, sessionTimeoutMs: 6000,
        deadLetter: (letters) => dlq.send('dlq.v1', letters),
        onErased: (entries) => erased.push(...entries),
      });
      // The last record before the deletion: still in the archiver's open file when the tombstone comes.
      await producer.send('interactions.enriched.v1', [exampleEnrichedInteraction({ eventId: uuid(990), occurredAt: T0 + 990, receivedAt: T0 + 991, userId: gone })]);
      await producer.tombstone('users.v1', [gone]);
      const [entry] = await waitFor(async () => (erased.length > 0 ? erased : undefined), 'the erasure round');

      // The erasure log names the user by hash only, and says what was removed.
      expect(entry).toMatchObject({ subject: subjectOf(gone), status: 'completed', tombstone: { topic: 'users.v1' } });
      expect(entry!.archive?.linesRemoved).toBe(goneLines + 2); // + the late record + the tombstone
      expect(await readErasureLog(backend.store, '')).toEqual([entry]);

      const after = await archiveContents(backend.store);
      for (const o of after) for (const l of o.lines) expect(names(JSON.parse(l), gone), `${o.key}: ${l}`).toBe(false);
      expect(after.some((o) => o.key.startsWith(`${ERASURE_LOG_FOLDER}/`))).toBe(true);
      expect(othersLines(after)).toEqual(othersLines(before));
      // Deterministic names: every object is still where it was (the log is the only new key).
      expect(after.map((o) => o.key).filter((k) => !k.startsWith(ERASURE_LOG_FOLDER))).toEqual(expect.arrayContaining(before.map((o) => o.key)));

      const check = async () => {
        const rows = await backend.rows();
        for (const r of rows) expect(names(r.row, gone), `${r.table}: ${JSON.stringify(r.row)}`).toBe(false);
        expect(othersRows(rows)).toEqual(othersRows(rowsBefore));
      };
      await check();
      // The next load round (DuckDB reloads the rewritten objects) brings nothing back.
      await backend.load();
      await check();

      // Kafka: once compacted, users.v1 holds no profile of the user, only the tombstone. Like
      // Kafka's active segment, the newest batch of a partition is never cleaned, so another
      // record (another user's profile) lands after the tombstone first, as time would do.
      await archiver.stop().catch(() => {});
      await produceRaw(kafka, n.physical('users.v1'), [{ partition: entry!.tombstone.partition, key: 'u-filler', value: JSON.stringify(exampleUserProfile({ userId: 'u-filler' })) }]);
      broker.cluster.compactNow(n.physical('users.v1'));
      const values = (await readToEnd(kafka, n.physical('users.v1'))).filter((m) => m.key?.toString() === gone).map((m) => m.value?.toString() ?? null);
      expect(values).toEqual([null]);
    } finally {
      await role?.stop();
      await archiver.stop().catch(() => {});
      await producer.close();
      await dlq.close();
      await admin.disconnect();
      await backend.close();
    }
  }, 240_000);
});
