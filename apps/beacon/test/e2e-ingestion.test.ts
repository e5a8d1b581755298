// Issue 4's acceptance, end to end on the real path, over real connections:
//
//   Postgres users ──► users-cdc (src/main.ts, a child process) ──► users.v1 ──► users table (Redis,
//   the users-table app's role) ──► beacon enricher / interactions enricher ──► *.enriched.v1
//
// with beacons and interaction batches POSTed over HTTP to the beacon and clicks-tracker apps
// (built in process from their builders, listening on real ports). It lives here because the
// beacon app's active registry is part of what a deletion must clear. Postgres is a throwaway wal_level=logical server
// (users-cdc's test kit); topics (users-cdc gets the prefix as TOPIC_PREFIX), user ids, consumer
// groups and therefore Redis keys carry a random id, so the suite can share a cluster (TESSERA_TEST_KAFKA).
import type { TestBroker } from '@tessera/streams/testing';
import { startInteractionEnricher } from '@tessera/clicks-tracker/enricher';
import { startUsersTable } from '@tessera/users-table/start';
import { buildTrackerApp } from '@tessera/clicks-tracker/app';
import { redisKeys, userKeys } from '@tessera/contracts/redis/keys';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { createVerifier } from '@tessera/device-auth/verifier';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { tableReader } from '@tessera/streams/table';
import { createTestDatabase, deleteUser, insertUser, spawnCdc, startPostgres, updateUser } from '@tessera/users-cdc/testing';
import type { CdcProcess, TestDatabase, TestPostgres } from '@tessera/users-cdc/testing';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeaconApp } from '../src/app.js';
import { startBeaconEnricher } from '../src/enricher/start.js';
import { cleanRedis, collect, eventId, eventually, provision, scopeNames, silent, startTestBroker, testKafka, testRedis, uid } from '@tessera/streams/testing';
import { TEST_DEVICE_SECRET as SECRET } from '@tessera/device-ingest/testing';

const id = uid('e2e');
const names = scopeNames(id);
const cleanups: (() => Promise<unknown>)[] = [];
let postgres: TestPostgres;
let db: TestDatabase;
let broker: TestBroker;
let kafka: Kafka;
let redis: Redis;
let producer: StreamProducer;
let cdc: CdcProcess;
let beaconUrl: string;
let trackerUrl: string;
let users: Awaited<ReturnType<typeof collect>>;
let beacons: Awaited<ReturnType<typeof collect>>;
let interactions: Awaited<ReturnType<typeof collect>>;

const alice = `${id}-alice`;
const bob = `${id}-bob`;
const carol = `${id}-carol`;
const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 1000);

function startCdcProcess(): CdcProcess {
  const child = spawnCdc({
    DATABASE_URL: db.url, KAFKA_BROKERS: broker.brokers.join(','), TOPIC_PREFIX: names.prefix,
    REPLICATION_SLOT: db.name, PUBLICATION: db.name, MIGRATE_ON_START: 'false',
  });
  cleanups.push(() => child.kill('SIGKILL'));
  return child;
}

async function listen(app: FastifyInstance): Promise<string> {
  cleanups.push(() => app.close());
  return app.listen({ host: '127.0.0.1', port: 0 });
}

beforeAll(async () => {
  postgres = await startPostgres();
  cleanups.push(() => postgres.close());
  db = await createTestDatabase(postgres, 'e2e');
  cleanups.push(() => db.close());
  broker = await startTestBroker();
  cleanups.push(() => broker.close());
  kafka = testKafka(broker);
  redis = testRedis();
  cleanups.push(async () => { await cleanRedis(redis, id); redis.disconnect(); });
  await provision(kafka, names, ['users.v1', 'beacons.v1', 'beacons.enriched.v1', 'interactions.v1', 'interactions.enriched.v1', 'dlq.v1']);
  producer = createProducer({ kafka, names, lingerMs: 2 });
  await producer.connect();
  cleanups.push(() => producer.close());

  const verify = await createVerifier({ keys: { kind: 'hs256', secret: SECRET } });
  const http = { verify, rateLimit: { max: 1000, timeWindowMs: 60_000 }, bodyLimit: 64 * 1024, maxBatch: 50, logger: silent };
  beaconUrl = await listen(await buildBeaconApp({ ...http, publish: (b) => producer.send('beacons.v1', b), registry: createMetricsRegistry({ app: 'e2e-beacon' }) }));
  trackerUrl = await listen(await buildTrackerApp({ ...http, publish: (e) => producer.send('interactions.v1', e), registry: createMetricsRegistry({ app: 'e2e-clicks' }) }));
  const common = { kafka, redis, names, producer, logger: silent, dedupWindowMs: 3_600_000, sessionTimeoutMs: 6000 };
  const beaconEnricher = await startBeaconEnricher({
    ...common, registry: createMetricsRegistry({ app: 'e2e-beacon-enricher' }),
    groupId: `${id}-beacon-enricher`, activeWindowMs: 86_400_000,
  });
  cleanups.push(() => beaconEnricher.stop());
  const usersTable = await startUsersTable({ ...common, registry: createMetricsRegistry({ app: 'e2e-users-table' }), groupId: `${id}-users-table` });
  cleanups.push(() => usersTable.stop());
  const interactionEnricher = await startInteractionEnricher({
    ...common, registry: createMetricsRegistry({ app: 'e2e-interactions-enricher' }), groupId: `${id}-interactions-enricher`,
  });
  cleanups.push(() => interactionEnricher.stop());
  users = await collect(kafka, names.physical('users.v1'));
  beacons = await collect(kafka, names.physical('beacons.enriched.v1'));
  interactions = await collect(kafka, names.physical('interactions.enriched.v1'));
  cleanups.push(() => users.stop(), () => beacons.stop(), () => interactions.stop());

  // Alice and Bob exist before users-cdc first starts (its initial snapshot), Carol comes later.
  await insertUser(db.sql, { user_id: alice, email: 'alice@example.org', age_band: '25-34', country: 'DE', languages: ['de'], interests: ['football'], updated_at: at(1) });
  await insertUser(db.sql, { user_id: bob, country: 'IT', languages: ['it'], interests: ['tennis'], updated_at: at(2) });
  cdc = startCdcProcess();
  await cdc.waitForLog('users-cdc running', 90_000);
}, 180_000);

afterAll(async () => {
  await cdc?.kill('SIGTERM');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
}, 60_000);

async function post(url: string, userId: string, body: unknown): Promise<Record<string, any>> {
  const token = await signDeviceToken(SECRET, { userId, deviceId: 'd1' });
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
  return (await res.json()) as Record<string, any>;
}

/** One beacon and a batch of three interactions for the user, posted over HTTP; their eventIds. */
async function postActivity(userId: string): Promise<{ beacon: string; events: string[] }> {
  const beacon = { eventId: eventId(), occurredAt: Date.now() - 100, userId, deviceId: 'd1', appState: 'locked', locale: 'fr-FR', country: 'FR', platform: 'ios', appVersion: '1.0.0' };
  const card = { userId, deviceId: 'd1', occurredAt: Date.now() - 500, contentId: 'c-7', feedId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', position: 0 };
  const events = [
    { ...card, eventId: eventId(), type: 'impression', onScreenMs: 1200 },
    { ...card, eventId: eventId(), type: 'click' },
    { ...card, eventId: eventId(), type: 'like' },
  ];
  await post(`${beaconUrl}/v1/beacons`, userId, beacon);
  expect(await post(`${trackerUrl}/v1/interactions`, userId, { events })).toMatchObject({ accepted: 3, rejected: [] });
  return { beacon: beacon.eventId, events: events.map((e) => e.eventId) };
}

const values = (c: typeof users) => c.messages.map((m) => (m.value === null ? null : JSON.parse(m.value.toString())));

/** What users-cdc published for a user, in order: each change's updatedAt, or 'deleted'. */
function onUsersTopic(userId: string): (number | 'deleted')[] {
  return users.messages.filter((m) => m.key?.toString() === userId)
    .map((m) => (m.value === null ? 'deleted' : (JSON.parse(m.value.toString()) as { updatedAt: number }).updatedAt));
}

/** The enriched beacon and interactions of `postActivity`, once all four arrived. */
async function enriched(ids: { beacon: string; events: string[] }): Promise<Record<string, any>[]> {
  const beacon = await eventually(() => values(beacons).find((v) => v?.eventId === ids.beacon), `enriched beacon ${ids.beacon}`);
  const events = await eventually(() => {
    const found = ids.events.map((e) => values(interactions).find((v) => v?.eventId === e));
    return found.every(Boolean) ? found : undefined;
  }, 'the enriched interactions');
  return [beacon, ...events];
}

/** Waits until the users table in Redis holds the user's row as of `updatedAt`. */
async function tableHas(userId: string, updatedAt: Date): Promise<void> {
  const table = tableReader<'users.v1'>(redis, redisKeys.userProfile);
  await eventually(async () => ((await table.get(userId))?.updatedAt === updatedAt.getTime() ? true : undefined), `${userId} as of ${updatedAt.toISOString()} in the users table`, 90_000);
}

describe('ingestion: Postgres → users-cdc → users table → enrichers', () => {
  it('enriches a beacon and a batch of interactions posted over HTTP with the user\'s current attributes', async () => {
    await tableHas(alice, at(1));
    const all = await enriched(await postActivity(alice));
    for (const e of all) expect(e.user).toEqual({ createdAt: expect.any(Number), updatedAt: at(1).getTime(), ageBand: '25-34', country: 'DE', languages: ['de'], interests: ['football'] });
    expect(all.map((e) => e.type ?? 'beacon')).toEqual(['beacon', 'impression', 'click', 'like']);
  });

  it('changing the row in Postgres changes the attributes on the next events', async () => {
    await updateUser(db.sql, alice, { country: 'ES', languages: ['es', 'en'], interests: ['tennis'], updated_at: at(3) });
    await tableHas(alice, at(3));
    for (const e of await enriched(await postActivity(alice))) {
      expect(e.user).toMatchObject({ updatedAt: at(3).getTime(), country: 'ES', languages: ['es', 'en'], interests: ['tennis'] });
    }
    // The registry follows the profile: Alice now counts in es.ES.*, no longer in de.DE.*.
    await eventually(async () => ((await redis.hget(redisKeys.userActive(alice), 'segment')) === 'es.ES.*' ? true : undefined), 'alice active in es.ES.*');
    expect(await redis.zscore(redisKeys.segmentActiveUsers('de.DE.*'), alice)).toBeNull();
  });

  it('deleting the row removes the user from Redis: table row, active registry, every per-user key', async () => {
    await tableHas(bob, at(2));
    await enriched(await postActivity(bob));
    const segment = redisKeys.segmentActiveUsers('it.IT.*');
    await eventually(async () => ((await redis.zscore(segment, bob)) !== null ? true : undefined), 'bob active in it.IT.*');
    expect(await redis.exists(redisKeys.userBeaconDedup(bob), redisKeys.userInteractionDedup(bob), redisKeys.userProfile(bob))).toBe(3);

    await deleteUser(db.sql, bob);
    await eventually(async () => ((await redis.exists(...userKeys(bob))) === 0 ? true : undefined), `every key of ${bob} deleted`, 90_000);
    expect(await redis.zscore(segment, bob)).toBeNull();
    expect(onUsersTopic(bob)).toEqual([at(2).getTime(), 'deleted']);
    // Later events of Bob are still enriched (nothing dropped), without attributes.
    for (const e of await enriched(await postActivity(bob))) expect(e).not.toHaveProperty('user');
  });

  it('restarting users-cdc mid-stream neither loses nor duplicates a change', async () => {
    const CHANGES = 40;
    const carolOnTopic = () => onUsersTopic(carol);
    await insertUser(db.sql, { user_id: carol, country: 'FR', languages: ['fr'], interests: [], updated_at: at(100) });
    const write = async (from: number, to: number) => {
      for (let n = from; n <= to; n += 1) await updateUser(db.sql, carol, { updated_at: at(100 + n) });
    };
    // Half of the changes stream while users-cdc is killed (some published, some maybe not),
    // the other half are committed while it is down.
    const firstHalf = write(1, CHANGES / 2);
    await eventually(() => (carolOnTopic().length >= 10 ? true : undefined), 'some of carol\'s changes on users.v1', 90_000);
    await cdc.kill('SIGKILL');
    await firstHalf;
    await write(CHANGES / 2 + 1, CHANGES);
    cdc = startCdcProcess();
    await cdc.waitForLog('users-cdc running', 90_000);
    await updateUser(db.sql, carol, { interests: ['chess'], updated_at: at(200) });

    // Per key, users.v1 is ordered: once the last change is there, every earlier one (or its duplicate) is too.
    await eventually(() => (carolOnTopic().includes(at(200).getTime()) ? true : undefined), 'carol\'s last change on users.v1', 90_000);
    const expected = [100, ...Array.from({ length: CHANGES }, (_, n) => 101 + n), 200].map((n) => at(n).getTime());
    expect(carolOnTopic()).toEqual(expected);
    // And the join sees the last one.
    await tableHas(carol, at(200));
    for (const e of await enriched(await postActivity(carol))) expect(e.user).toMatchObject({ updatedAt: at(200).getTime(), interests: ['chess'] });
  });
});
