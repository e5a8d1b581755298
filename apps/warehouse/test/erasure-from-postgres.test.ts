// Issue 14: a user deleted in PostgreSQL is gone from every store. Real parts throughout: a
// throwaway PostgreSQL with logical replication, users-cdc (in process), the embedded broker over
// TCP, the users-table app and the beacon enricher as their own processes (users table and active
// registry in the machine's Redis), the archiver app writing a local archive, DuckDB loaded from it, and the
// warehouse's erasure role. Two users (with emails) get profiles and send beacons; then one row
// is deleted. Afterwards:
// - Redis: no key names the user except the expiring `forgotten` marker (holds "1"), and the
//   segment's active set no longer holds them;
// - the archive (every object, the erasure log included) and every DuckDB table, raw and base64
//   bytes included: neither the id nor the email;
// - Kafka: no email in any record of any topic (minimization: it never left Postgres); users.v1
//   holds only the tombstone for the user once compacted; per-user topics keep the user's
//   records until retention (see the README);
// - the other user: profile, registry, archive lines and rows unchanged.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { startArchiverApp } from '@tessera/archiver/app';
import { exampleBeacon } from '@tessera/contracts/examples';
import { forgetUserPlan, redisKeys } from '@tessera/contracts/redis/keys';
import { startBroker } from '@tessera/embedded-kafka';
import type { Broker } from '@tessera/embedded-kafka';
import { createLogger } from '@tessera/platform/logger';
import { spawnApp, stopProcessesAfterEach } from '@tessera/platform/testing/app-process';
import { createProducer } from '@tessera/streams/producer';
import { provisionTopics } from '@tessera/streams/provision';
import { topicNames } from '@tessera/streams/topic-names';
import { highWatermarks, produceRaw, readToEnd } from '@tessera/streams/testing';
import { createTestDatabase, deleteUser, insertUser, startCdc, startPostgres } from '@tessera/users-cdc/testing';
import type { RunningCdc, TestDatabase, TestPostgres } from '@tessera/users-cdc/testing';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbEraser } from '../src/erasure/duckdb-eraser.js';
import { readErasureLog, subjectOf } from '../src/erasure/erasure-log.js';
import { startErasureRole } from '../src/erasure/role.js';
import { openLocalWarehouse } from '../src/local/duckdb.js';
import { loadLocalArchive } from '../src/local/loader.js';
import { oneAtATime } from '../src/one-at-a-time.js';
import { archiveContents, contains, names, waitFor } from './support/search.js';

const BEACON_DIR = fileURLToPath(new URL('../../beacon/', import.meta.url));
const USERS_TABLE_DIR = fileURLToPath(new URL('../../users-table/', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ name: 'erasure-pg-test', level: 'error' });

stopProcessesAfterEach();

let postgres: TestPostgres;
beforeAll(async () => { postgres = await startPostgres(); }, 120_000);
afterAll(async () => { await postgres?.close(); });

describe('deleting a user in PostgreSQL', () => {
  it('leaves nothing of them in Redis, the archive or the warehouse, and no email anywhere', async () => {
    const tag = randomBytes(4).toString('hex');
    const gone = { user_id: `u-del-${tag}`, email: `gone-${tag}@example.org` };
    const kept = { user_id: `u-keep-${tag}`, email: `kept-${tag}@example.org` };
    const profile = { age_band: '25-34', country: 'GB', region: 'GB-SCT', languages: ['en-GB'], interests: ['space'], time_zone: 'Europe/London' };

    const dir = await mkdtemp(join(tmpdir(), 'erasure-pg-'));
    const broker: Broker = await startBroker({ minSessionTimeoutMs: 1000, logger: { info: () => {}, warn: () => {} } });
    const kafka = new Kafka({ clientId: 'erasure-pg-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const n = topicNames('');
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    await redis.connect();
    const cleanups: (() => Promise<unknown>)[] = [
      () => rm(dir, { recursive: true, force: true }), () => broker.close(), () => redis.quit(),
      // The test leaves nothing of either user in the shared Redis, whatever the outcome.
      async () => {
        for (const u of [kept, gone]) {
          const plan = forgetUserPlan(u.user_id, segment, []);
          await redis.del(...plan.del, plan.mark.key);
          for (const { key, member } of plan.zrem) await redis.zrem(key, member);
        }
      },
    ];
    let segment: string | undefined;
    try {
      const admin = kafka.admin();
      await admin.connect();
      await provisionTopics(admin, { env: 'local', names: n });
      await admin.disconnect();

      const db: TestDatabase = await createTestDatabase(postgres, 'erasure');
      cleanups.push(() => db.close());
      const cdc: RunningCdc = await startCdc({ kafka, db, slot: db.name });
      cleanups.push(() => cdc.stop());

      const common = { KAFKA_BROKERS: broker.brokers.join(','), REDIS_URL, OPS_PORT: '0', PROVISION_TOPICS: 'false', LOG_LEVEL: 'info' };
      const usersTable = spawnApp({ cwd: USERS_TABLE_DIR, entry: 'src/main.ts', env: { ...common, USERS_TABLE_GROUP: `users-table-${tag}` } });
      cleanups.push(() => usersTable.stop('SIGTERM'));
      const enricher = spawnApp({ cwd: BEACON_DIR, entry: 'src/enricher-main.ts', env: { ...common, ENRICHER_GROUP: `beacon-enricher-${tag}` } });
      cleanups.push(() => enricher.stop('SIGTERM'));

      const root = join(dir, 'archive');
      const store = createLocalStore(root);
      const dlq = createProducer({ kafka, names: n });
      await dlq.connect();
      cleanups.push(() => dlq.close());
      const archiver = await startArchiverApp({
        kafka, names: n, store, logger, publishDeadLetters: (letters) => dlq.send('dlq.v1', letters),
        settings: { groupId: 'archiver', prefix: '', limits: { maxRecords: 3, maxBytes: 1 << 30 }, idleFlushMs: 1000, uploadConcurrency: 2, sessionTimeoutMs: 6000 },
      });
      cleanups.push(() => archiver.stop());
      const warehouse = await openLocalWarehouse(join(dir, 'warehouse.duckdb'));
      cleanups.push(async () => warehouse.close());
      const exclusive = oneAtATime();
      const load = () => exclusive(() => loadLocalArchive({ sql: warehouse.sql, list: store.list, root, prefix: '' }));
      const role = await startErasureRole({
        kafka, names: n, groupId: 'warehouse-erasure', archiverGroup: 'archiver', store, prefix: '',
        warehouse: duckdbEraser(warehouse.sql), exclusive, logger, pollMs: 100, sessionTimeoutMs: 6000,
        deadLetter: (letters) => dlq.send('dlq.v1', letters),
      });
      cleanups.push(() => role.stop());

      // Two accounts; their profiles reach the users table, then each phone sends a beacon.
      await insertUser(db.sql, { ...gone, ...profile });
      await insertUser(db.sql, { ...kept, ...profile });
      for (const u of [gone, kept]) await waitFor(async () => ((await redis.exists(redisKeys.userProfile(u.user_id))) ? true : undefined), `${u.user_id}'s profile in Redis`);
      const producer = createProducer({ kafka, names: n });
      await producer.connect();
      cleanups.push(() => producer.close());
      const now = Date.now();
      await producer.send('beacons.v1', [gone, kept].map((u, i) => exampleBeacon({
        eventId: `01890a5d-ac96-7000-8000-${tag}${String(i).padStart(4, '0')}`, occurredAt: now - 100, receivedAt: now, userId: u.user_id,
      })));
      for (const u of [gone, kept]) {
        await waitFor(async () => ((await redis.exists(redisKeys.userActive(u.user_id))) ? true : undefined), `${u.user_id} active`)
          .catch((error: Error) => { throw new Error(`${error.message}; the enricher said: ${JSON.stringify(enricher.lines.slice(-8))}`); });
      }
      segment = (await redis.hget(redisKeys.userActive(gone.user_id), 'segment')) ?? undefined;
      expect(segment).toBeTruthy();
      const activeSet = redisKeys.segmentActiveUsers(segment!);
      expect(await redis.zscore(activeSet, gone.user_id)).not.toBeNull();
      // Both users' profiles and raw and enriched beacons archived (2 × 3 lines), then loaded.
      await waitFor(async () => {
        const lines = (await archiveContents(store)).flatMap((o) => o.lines.map((l) => JSON.parse(l) as unknown));
        return [gone, kept].every((u) => lines.filter((l) => names(l, u.user_id)).length >= 3) ? true : undefined;
      }, 'profiles and beacons archived');
      await load();
      const keptBefore = {
        lines: (await archiveContents(store)).flatMap((o) => o.lines).filter((l) => names(JSON.parse(l), kept.user_id)).sort(),
        rows: await warehouse.sql.all(`SELECT to_json(b)::VARCHAR AS j FROM beacons b WHERE key = '${kept.user_id}' ORDER BY "offset"`),
        profile: await redis.hgetall(redisKeys.userProfile(kept.user_id)),
      };
      expect(keptBefore.rows).toHaveLength(1);
      expect(Object.keys(keptBefore.profile).length).toBeGreaterThan(0);

      // The account is deleted in Postgres.
      await deleteUser(db.sql, gone.user_id);
      const entry = await waitFor(async () => (await readErasureLog(store, '')).find((e) => e.subject === subjectOf(gone.user_id) && e.status !== 'started'), 'the erasure');
      expect(entry.status).toBe('completed');
      await waitFor(async () => ((await redis.exists(redisKeys.userProfile(gone.user_id))) ? undefined : true), 'the users table to forget the user');
      await load();

      // Redis: only the expiring marker names the user; the shared set forgot them too.
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `*${gone.user_id}*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      expect(keys).toEqual([redisKeys.userForgotten(gone.user_id)]);
      expect(await redis.get(keys[0]!)).toBe('1');
      expect(await redis.pttl(keys[0]!)).toBeGreaterThan(0);
      expect(await redis.zscore(activeSet, gone.user_id)).toBeNull();

      // The archive (erasure log included) and every DuckDB table: neither id nor email.
      for (const o of await archiveContents(store)) {
        for (const l of o.lines) {
          const value = JSON.parse(l) as unknown;
          expect(names(value, gone.user_id), `${o.key}: ${l}`).toBe(false);
          expect(contains(value, gone.email), `${o.key}: ${l}`).toBe(false);
        }
      }
      const tables = await warehouse.sql.all(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`);
      for (const { table_name: table } of tables) {
        for (const r of await warehouse.sql.all(`SELECT to_json(t)::VARCHAR AS j FROM "${String(table)}" t`)) {
          const row = JSON.parse(String(r.j)) as unknown;
          expect(names(row, gone.user_id), `${String(table)}: ${String(r.j)}`).toBe(false);
          expect(contains(row, gone.email), `${String(table)}: ${String(r.j)}`).toBe(false);
        }
      }

      // Kafka: no email in any record (it never left Postgres); users.v1 compacted to the tombstone.
      // Like Kafka's active segment, a partition's newest batch is never cleaned: time moves on.
      const partitions = [...(await highWatermarks(kafka, 'users.v1')).keys()];
      await produceRaw(kafka, 'users.v1', partitions.map((partition) => ({ partition, key: `u-filler-${tag}`, value: null })));
      broker.cluster.compactNow('users.v1');
      const records: { topic: string; key: string | null; value: string | null }[] = [];
      for (const { name: topic } of broker.cluster.topics()) {
        for (const m of await readToEnd(kafka, topic)) records.push({ topic, key: m.key?.toString() ?? null, value: m.value?.toString() ?? null });
      }
      for (const r of records) for (const email of [gone.email, kept.email]) expect(`${r.key} ${r.value}`, r.topic).not.toContain(email);
      expect(records.filter((r) => r.topic === 'users.v1' && r.key === gone.user_id).map((r) => r.value)).toEqual([null]);

      // The other user: as before.
      expect((await archiveContents(store)).flatMap((o) => o.lines).filter((l) => names(JSON.parse(l), kept.user_id)).sort()).toEqual(keptBefore.lines);
      expect(await warehouse.sql.all(`SELECT to_json(b)::VARCHAR AS j FROM beacons b WHERE key = '${kept.user_id}' ORDER BY "offset"`)).toEqual(keptBefore.rows);
      expect(await redis.hgetall(redisKeys.userProfile(kept.user_id))).toEqual(keptBefore.profile);
      expect(await redis.zscore(activeSet, kept.user_id)).not.toBeNull();
    } finally {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    }
  }, 300_000);
});
