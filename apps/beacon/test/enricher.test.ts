// The enricher role end to end on real connections, next to the users-table app's role it
// depends on: beacons posted over HTTP arrive on beacons.enriched.v1 with the user's current
// attributes from the users table (fed here by producing UserProfile values to users.v1, as
// users-cdc does); a changed row changes the next beacons; an unknown user is enriched without
// attributes and counted; a users.v1 tombstone removes the user's keys from Redis, including the
// active registry, and a late beacon does not bring the user back.
import type { TestBroker } from '@tessera/streams/testing';
import { exampleUserProfile } from '@tessera/contracts/examples';
import { redisKeys, userKeys } from '@tessera/contracts/redis/keys';
import type { UserProfile } from '@tessera/contracts/schemas/user-profile';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { createVerifier } from '@tessera/device-auth/verifier';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { renderMetrics } from '@tessera/platform/metrics';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { tableReader } from '@tessera/streams/table';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeaconApp } from '../src/app.js';
import { startBeaconEnricher } from '../src/enricher/start.js';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import { startUsersTable } from '@tessera/users-table/start';
import { cleanRedis, collect, committedOffsets, eventually, highWatermarks, provision, scopeNames, silent, startTestBroker, testKafka, testRedis, uid, until } from '@tessera/streams/testing';
import { TEST_DEVICE_SECRET as SECRET } from '@tessera/device-ingest/testing';
import { eventId } from '@tessera/streams/testing';

let broker: TestBroker;
let kafka: Kafka;
let names: TopicNames;
let producer: StreamProducer;
let redis: Redis;
let server: FastifyInstance;
let enricher: ConsumerRunner;
let table: ConsumerRunner;
let registry: Registry;
let tableRegistry: Registry;
let enriched: Awaited<ReturnType<typeof collect>>;
const id = uid();

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = testKafka(broker);
  names = scopeNames(id);
  redis = testRedis();
  await provision(kafka, names, ['users.v1', 'beacons.v1', 'beacons.enriched.v1', 'dlq.v1']);
  producer = createProducer({ kafka, names });
  await producer.connect();
  registry = createMetricsRegistry({ app: 'beacon-enricher-test' });
  server = await buildBeaconApp({
    verify: await createVerifier({ keys: { kind: 'hs256', secret: SECRET } }),
    publish: (beacons) => producer.send('beacons.v1', beacons),
    registry: createMetricsRegistry({ app: 'beacon-test' }),
    rateLimit: { max: 1000, timeWindowMs: 60_000 },
    bodyLimit: 16 * 1024,
    maxBatch: 10,
    logger: silent,
  });
  tableRegistry = createMetricsRegistry({ app: 'users-table-test' });
  table = await startUsersTable({ kafka, redis, names, producer, logger: silent, registry: tableRegistry, groupId: `${id}-users-table`, sessionTimeoutMs: 6000 });
  enricher = await startBeaconEnricher({
    kafka, redis, names, producer, logger: silent, registry,
    groupId: `${id}-beacon-enricher`,
    activeWindowMs: 86_400_000, dedupWindowMs: 3_600_000, sessionTimeoutMs: 6000,
  });
  enriched = await collect(kafka, names.physical('beacons.enriched.v1'));
});

afterAll(async () => {
  await enriched?.stop();
  await enricher?.stop();
  await table?.stop();
  await server?.close();
  await producer?.close();
  await broker?.close();
  await cleanRedis(redis, id);
  redis?.disconnect();
});

async function post(userId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const beacon = {
    eventId: eventId(), occurredAt: Date.now() - 100, userId, deviceId: 'd1', appState: 'locked',
    locale: 'fr-FR', country: 'FR', platform: 'ios', appVersion: '1.0.0', ...extra,
  };
  return postBeacon(userId, beacon);
}

async function postBeacon(userId: string, beacon: Record<string, unknown> | Record<string, unknown>[]): Promise<string> {
  const res = await server.inject({
    method: 'POST', url: '/v1/beacons', payload: beacon,
    headers: { authorization: `Bearer ${await signDeviceToken(SECRET, { userId, deviceId: 'd1' })}` },
  });
  expect(res.statusCode).toBe(202);
  return res.json().eventIds[0];
}

async function enrichedFor(eventIdWanted: string): Promise<Record<string, any>> {
  return eventually(() => enriched.messages.map((m) => JSON.parse(m.value!.toString())).find((v) => v.eventId === eventIdWanted), `enriched ${eventIdWanted}`);
}

async function putUser(profile: UserProfile): Promise<void> {
  await producer.send('users.v1', [profile]);
  const table = tableReader<'users.v1'>(redis, redisKeys.userProfile);
  await eventually(async () => ((await table.get(profile.userId))?.updatedAt === profile.updatedAt ? true : undefined), `profile of ${profile.userId} in the users table`);
}

/** Waits until the enricher group has committed every beacons.v1 record (commits follow the effects). */
async function enricherCaughtUp(): Promise<void> {
  const topic = names.physical('beacons.v1');
  await until(async () => {
    const [ends, at] = await Promise.all([highWatermarks(kafka, topic), committedOffsets(kafka, `${id}-beacon-enricher`, topic)]);
    return [...ends].every(([partition, end]) => end === 0 || at.get(partition) === end);
  }, 'the enricher to commit every beacon');
}

describe('beacon enricher', () => {
  it('joins the current profile, follows a changed row, and registers the user as active', async () => {
    const userId = `${id}-alice`;
    const now = Date.now();
    await putUser(exampleUserProfile({ userId, languages: ['de'], country: 'DE', interests: ['football'], updatedAt: now - 1000 }));
    const first = await enrichedFor(await post(userId));
    expect(first.user).toMatchObject({ languages: ['de'], country: 'DE', interests: ['football'] });
    expect(first.user).not.toHaveProperty('eventId');
    expect(first.enrichedAt).toEqual(expect.any(Number));
    // The registry is written after the enriched beacon is published: wait for it.
    await eventually(async () => ((await redis.zscore(redisKeys.segmentActiveUsers('de.DE.*'), userId)) !== null ? true : undefined), 'alice active in de.DE.*');

    await putUser(exampleUserProfile({ userId, languages: ['es'], country: 'ES', interests: ['tennis'], updatedAt: now }));
    const second = await enrichedFor(await post(userId));
    expect(second.user).toMatchObject({ languages: ['es'], country: 'ES', interests: ['tennis'] });
    // Moving segment leaves the old set: one user counts once.
    await eventually(async () => ((await redis.hget(redisKeys.userActive(userId), 'segment')) === 'es.ES.*' ? true : undefined), 'alice moved to es.ES.*');
    expect(await redis.zscore(redisKeys.segmentActiveUsers('es.ES.*'), userId)).not.toBeNull();
    expect(await redis.zscore(redisKeys.segmentActiveUsers('de.DE.*'), userId)).toBeNull();
  });

  it('enriches a beacon of an unknown user without attributes and counts it', async () => {
    const userId = `${id}-nobody`;
    const value = await enrichedFor(await post(userId));
    expect(value.userId).toBe(userId);
    expect(value).not.toHaveProperty('user');
    // Falls back to the device's locale and country for the active registry.
    await eventually(async () => ((await redis.hget(redisKeys.userActive(userId), 'segment')) === 'fr-FR.FR.*' ? true : undefined), 'nobody active in fr-FR.FR.*');
    await eventually(async () => (/tessera_beacons_enriched_total\{user="missing",app="beacon-enricher-test"\} [1-9]/.test((await renderMetrics(registry)).body) ? true : undefined), 'missing-user count');
  });

  it('forgets a deleted user everywhere in Redis: table row, active registry, every per-user key', async () => {
    const userId = `${id}-bob`;
    await putUser(exampleUserProfile({ userId, languages: ['it'], country: 'IT', updatedAt: Date.now() }));
    await enrichedFor(await post(userId));
    const segmentSet = redisKeys.segmentActiveUsers('it.IT.*');
    await eventually(async () => ((await redis.zscore(segmentSet, userId)) !== null ? true : undefined), 'bob active in it.IT.*');
    // State other apps keep for the user (dedup window, feed) must go too.
    await redis.zadd(redisKeys.userInteractionDedup(userId), Date.now(), eventId());
    await redis.set(redisKeys.userFeed(userId), '{}');

    await producer.tombstone('users.v1', [userId]);
    await eventually(async () => ((await redis.exists(...userKeys(userId))) === 0 ? true : undefined), `every key of ${userId} deleted`);
    expect(await redis.zscore(segmentSet, userId)).toBeNull();
    expect((await renderMetrics(tableRegistry)).body).toMatch(/tessera_users_forgotten_total\{app="users-table-test"\} 1/);
  });

  it('keeps a forgotten user out of the active registry when a late beacon arrives, until the user is re-created', async () => {
    const userId = `${id}-dave`;
    await putUser(exampleUserProfile({ userId, languages: ['nl'], country: 'NL', updatedAt: Date.now() }));
    await enrichedFor(await post(userId));
    await eventually(async () => ((await redis.exists(redisKeys.userActive(userId))) === 1 ? true : undefined), 'dave active');
    await producer.tombstone('users.v1', [userId]);
    await eventually(async () => ((await redis.exists(redisKeys.userForgotten(userId))) === 1 ? true : undefined), 'dave forgotten');
    expect(await redis.exists(...userKeys(userId))).toBe(0);

    // A beacon the phone sent before the deletion, processed after it: still enriched (nothing is
    // dropped), without attributes, but the registry stays empty.
    const late = await enrichedFor(await post(userId));
    expect(late).not.toHaveProperty('user');
    await enricherCaughtUp(); // offsets are committed after the registry write
    expect(await redis.exists(redisKeys.userActive(userId))).toBe(0);
    expect(await redis.zscore(redisKeys.segmentActiveUsers('fr-FR.FR.*'), userId)).toBeNull();
    expect(await redis.pttl(redisKeys.userForgotten(userId))).toBeGreaterThan(0);

    // The same id signing up again has a profile, so the marker no longer holds it back.
    await putUser(exampleUserProfile({ userId, languages: ['pt'], country: 'PT', updatedAt: Date.now() }));
    await enrichedFor(await post(userId));
    await eventually(async () => ((await redis.zscore(redisKeys.segmentActiveUsers('pt.PT.*'), userId)) !== null ? true : undefined), 'dave active again');
  });

  it('emits a beacon once when the phone retries it or repeats it in a batch', async () => {
    const userId = `${id}-carol`;
    const beacon = { eventId: eventId(), occurredAt: Date.now() - 100, userId, deviceId: 'd1', appState: 'background', locale: 'en', platform: 'web', appVersion: '2.0.0' };
    await postBeacon(userId, [beacon, beacon]);
    await postBeacon(userId, beacon); // the retry after a lost 202
    const sentinel = await post(userId);
    // One user = one partition, in order: once the sentinel is enriched, the retry was handled.
    await enrichedFor(sentinel);
    const mine = enriched.messages.map((m) => JSON.parse(m.value!.toString())).filter((v) => v.userId === userId);
    expect(mine.map((v) => v.eventId)).toEqual([beacon.eventId, sentinel]);
    expect((await renderMetrics(registry)).body).toMatch(/tessera_beacons_duplicates_dropped_total\{app="beacon-enricher-test"\} 2/);
  });
});
