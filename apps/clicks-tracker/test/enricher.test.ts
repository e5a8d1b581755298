// The interactions enricher on real connections: a batch posted over HTTP arrives on
// interactions.enriched.v1 with the user's current attributes (users table materialized from
// users.v1 by streams' table materializer, as beacon's users-table role runs it); a changed row
// changes the next events; an unknown user gets no attributes and is counted; an idempotent
// retry of the same batch and a duplicate inside one batch are emitted once.
import type { TestBroker } from '@tessera/streams/testing';
import { exampleUserProfile } from '@tessera/contracts/examples';
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { UserProfile } from '@tessera/contracts/schemas/user-profile';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { createVerifier } from '@tessera/device-auth/verifier';
import { createMetricsRegistry, renderMetrics } from '@tessera/platform/metrics';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { materializeTable, tableReader } from '@tessera/streams/table';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTrackerApp } from '../src/app.js';
import { startInteractionEnricher } from '../src/enricher/start.js';
import { cleanRedis, collect, eventually, produceRaw, provision, scopeNames, silent, startTestBroker, testKafka, testRedis, uid } from '@tessera/streams/testing';
import { TEST_DEVICE_SECRET as SECRET } from '@tessera/device-ingest/testing';
import { eventId } from '@tessera/streams/testing';

let broker: TestBroker;
let kafka: Kafka;
let names: TopicNames;
let producer: StreamProducer;
let redis: Redis;
let server: FastifyInstance;
let registry: Registry;
let stops: (() => Promise<void>)[] = [];
let enriched: Awaited<ReturnType<typeof collect>>;
const id = uid();

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = testKafka(broker);
  names = scopeNames(id);
  redis = testRedis();
  await provision(kafka, names, ['users.v1', 'interactions.v1', 'interactions.enriched.v1', 'dlq.v1']);
  producer = createProducer({ kafka, names });
  await producer.connect();
  registry = createMetricsRegistry({ app: 'clicks-enricher-test' });
  server = await buildTrackerApp({
    verify: await createVerifier({ keys: { kind: 'hs256', secret: SECRET } }),
    publish: (events) => producer.send('interactions.v1', events),
    registry: createMetricsRegistry({ app: 'clicks-test' }),
    rateLimit: { max: 1000, timeWindowMs: 60_000 },
    bodyLimit: 64 * 1024,
    maxBatch: 50,
    logger: silent,
  });
  const table = await materializeTable({
    kafka, redis, names, logger: silent, topic: 'users.v1', groupId: `${id}-users-table`, sessionTimeoutMs: 6000,
    keyFor: redisKeys.userProfile, deadLetter: (l) => producer.send('dlq.v1', l),
  });
  const enricher = await startInteractionEnricher({
    kafka, redis, names, producer, logger: silent, registry, groupId: `${id}-interactions-enricher`, dedupWindowMs: 3_600_000, sessionTimeoutMs: 6000,
  });
  stops = [() => enricher.stop(), () => table.stop()];
  enriched = await collect(kafka, names.physical('interactions.enriched.v1'));
});

afterAll(async () => {
  await enriched?.stop();
  for (const stop of stops) await stop();
  await server?.close();
  await producer?.close();
  await broker?.close();
  await cleanRedis(redis, id);
  redis?.disconnect();
});

const FEED = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
function event(userId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { eventId: eventId(), occurredAt: Date.now() - 1000, userId, deviceId: 'd1', type: 'click', contentId: 'c-7', feedId: FEED, position: 1, ...extra };
}

async function post(userId: string, events: Record<string, unknown>[]): Promise<void> {
  const res = await server.inject({
    method: 'POST', url: '/v1/interactions', payload: { events },
    headers: { authorization: `Bearer ${await signDeviceToken(SECRET, { userId, deviceId: 'd1' })}` },
  });
  expect(res.statusCode).toBe(202);
}

const enrichedOf = (userId: string) => enriched.messages.map((m) => JSON.parse(m.value!.toString()) as Record<string, any>).filter((v) => v.userId === userId);

async function arrived(userId: string, eventIds: unknown[]): Promise<Record<string, any>[]> {
  return eventually(() => {
    const values = enrichedOf(userId);
    return eventIds.every((e) => values.some((v) => v.eventId === e)) ? values : undefined;
  }, `enriched ${eventIds.length} events of ${userId}`);
}

async function putUser(profile: UserProfile): Promise<void> {
  await producer.send('users.v1', [profile]);
  const table = tableReader<'users.v1'>(redis, redisKeys.userProfile);
  await eventually(async () => ((await table.get(profile.userId))?.updatedAt === profile.updatedAt ? true : undefined), `profile of ${profile.userId} in the users table`);
}

describe('interactions enricher', () => {
  it('joins the current profile and follows a changed row on the next events', async () => {
    const userId = `${id}-alice`;
    const now = Date.now();
    await putUser(exampleUserProfile({ userId, languages: ['pt-BR'], country: 'BR', interests: ['music'], updatedAt: now - 1000 }));
    const batch = [event(userId, { type: 'impression', onScreenMs: 900 }), event(userId, { type: 'click' })];
    await post(userId, batch);
    const first = await arrived(userId, batch.map((e) => e.eventId));
    expect(first.map((v) => v.user)).toEqual([
      expect.objectContaining({ languages: ['pt-BR'], country: 'BR', interests: ['music'] }),
      expect.objectContaining({ languages: ['pt-BR'], country: 'BR', interests: ['music'] }),
    ]);
    expect(first[0]).toMatchObject({ feedId: FEED, position: 1, contentId: 'c-7', onScreenMs: 900, enrichedAt: expect.any(Number) });

    await putUser(exampleUserProfile({ userId, languages: ['en'], country: 'PT', interests: ['surfing'], updatedAt: now }));
    const next = event(userId, { type: 'like' });
    await post(userId, [next]);
    const after = (await arrived(userId, [next.eventId])).find((v) => v.eventId === next.eventId)!;
    expect(after.user).toMatchObject({ languages: ['en'], country: 'PT', interests: ['surfing'] });
  });

  it('enriches an unknown user without attributes, counts it, and drops nothing', async () => {
    const userId = `${id}-ghost`;
    const batch = [event(userId), event(userId, { type: 'share' })];
    await post(userId, batch);
    const values = await arrived(userId, batch.map((e) => e.eventId));
    expect(values).toHaveLength(2);
    for (const v of values) expect(v).not.toHaveProperty('user');
    // Counted after the publish resolves: wait for it rather than race it.
    await eventually(async () => (/tessera_interactions_enriched_total\{user="missing",app="clicks-enricher-test"\} [2-9]/.test((await renderMetrics(registry)).body) ? true : undefined), 'missing-user count');
  });

  it('emits an eventId once when the phone retries the batch or repeats it inside one batch', async () => {
    const userId = `${id}-retry`;
    const a = event(userId);
    const b = event(userId, { type: 'dismiss' });
    await post(userId, [a, b, a]);
    await post(userId, [a, b]); // the retry after a lost 202
    const sentinel = event(userId, { type: 'scroll' });
    await post(userId, [sentinel]);
    // Same user = same partition, in order: once the sentinel is enriched, the retry was handled.
    const values = await arrived(userId, [sentinel.eventId]);
    expect(values.map((v) => v.eventId)).toEqual([a.eventId, b.eventId, sentinel.eventId]);
    expect((await renderMetrics(registry)).body).toMatch(/tessera_interactions_duplicates_dropped_total\{app="clicks-enricher-test"\} 3/);
  });

  it('sends an undecodable record on interactions.v1 to dlq.v1 with its reason and goes on', async () => {
    const userId = `${id}-poison`;
    const dlq = await collect(kafka, names.physical('dlq.v1'));
    // Same key as the good event after it: same partition, so the enricher must get past it.
    await produceRaw(kafka, names.physical('interactions.v1'), [{ key: userId, value: '{"eventId": "not an interaction"' }]);
    const after = event(userId);
    await post(userId, [after]);
    await arrived(userId, [after.eventId]);
    const letter = await eventually(() => dlq.messages.map((m) => JSON.parse(m.value!.toString()) as Record<string, any>)
      .find((l) => l.source.topic === names.physical('interactions.v1') && Buffer.from(l.key ?? '', 'base64').toString() === userId), 'the dead letter');
    await dlq.stop();
    expect(letter).toMatchObject({ source: { consumerGroup: `${id}-interactions-enricher` }, error: { retriable: false } });
    expect(letter.error).toMatchObject({ code: 'invalid_json', message: expect.stringContaining('not JSON') });
    expect(Buffer.from(letter.value, 'base64').toString()).toBe('{"eventId": "not an interaction"');
  });
});
