// POST /v1/beacons over fastify inject with a real idempotent producer on the embedded broker:
// what a device gets back (status, stable code) and what reaches beacons.v1 (nothing from a
// refused request, everything from an accepted one, keyed by userId, stamped, stripped).
import type { TestBroker } from '@tessera/streams/testing';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { createVerifier } from '@tessera/device-auth/verifier';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { FastifyInstance } from 'fastify';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeaconApp } from '../src/app.js';
import type { BeaconAppDeps } from '../src/app.js';
import { cleanRedis, collect, eventually, provision, scopeNames, silent, startTestBroker, testKafka, testRedis, uid } from '@tessera/streams/testing';
import { TEST_DEVICE_SECRET as SECRET } from '@tessera/device-ingest/testing';
import { eventId } from '@tessera/streams/testing';

let broker: TestBroker;
let kafka: Kafka;
let names: TopicNames;
let producer: StreamProducer;
const id = uid();

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = testKafka(broker, 1);
  names = scopeNames(id);
  await provision(kafka, names, ['beacons.v1']);
  producer = createProducer({ kafka, names });
  await producer.connect();
});

afterAll(async () => {
  await producer?.close();
  await broker?.close();
});

async function app(overrides: Partial<BeaconAppDeps> = {}): Promise<FastifyInstance> {
  return buildBeaconApp({
    verify: await createVerifier({ keys: { kind: 'hs256', secret: SECRET }, clockToleranceSec: 0 }),
    publish: (beacons) => producer.send('beacons.v1', beacons),
    registry: createMetricsRegistry({ app: 'beacon-test' }),
    rateLimit: { max: 1000, timeWindowMs: 60_000 },
    bodyLimit: 16 * 1024,
    maxBatch: 10,
    logger: silent,
    ...overrides,
  });
}

function beacon(userId: string, deviceId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: eventId(), occurredAt: Date.now() - 500, userId, deviceId, appState: 'locked', screenOn: true,
    locale: 'en-GB', country: 'GB', platform: 'android', appVersion: '3.14.1', ...extra,
  };
}

const token = (userId: string, deviceId: string, expiresInSec?: number) =>
  signDeviceToken(SECRET, { userId, deviceId, ...(expiresInSec === undefined ? {} : { expiresInSec }) });

describe('POST /v1/beacons', () => {
  it('accepts one beacon or a batch with 202 after Kafka acknowledged them, keyed by userId, stamped and stripped', async () => {
    const server = await app();
    const user = `${id}-u1`;
    const auth = { authorization: `Bearer ${await token(user, 'd1')}` };
    const reader = await collect(kafka, names.physical('beacons.v1'));
    try {
      const one = beacon(user, 'd1', { invented: 'dropped' });
      const r1 = await server.inject({ method: 'POST', url: '/v1/beacons', headers: auth, payload: one });
      expect(r1.statusCode).toBe(202);
      expect(r1.json()).toEqual({ accepted: 1, eventIds: [one.eventId] });
      const batch = [beacon(user, 'd1', { appState: 'foreground' }), beacon(user, 'd1', { appState: 'background' })];
      const r2 = await server.inject({ method: 'POST', url: '/v1/beacons', headers: auth, payload: batch });
      expect(r2.statusCode).toBe(202);
      expect(r2.json()).toMatchObject({ accepted: 2 });

      await eventually(() => (reader.messages.length >= 3 ? true : undefined), '3 beacons on beacons.v1');
      const values = reader.messages.map((m) => JSON.parse(m.value!.toString()) as Record<string, unknown>);
      expect(reader.messages.map((m) => m.key?.toString())).toEqual([user, user, user]);
      expect(values.map((v) => v.eventId)).toEqual([one.eventId, batch[0]!.eventId, batch[1]!.eventId]);
      expect(values[0]).not.toHaveProperty('invented');
      for (const v of values) expect(v.receivedAt).toEqual(expect.any(Number));
    } finally {
      await reader.stop();
      await server.close();
    }
  });

  it('refuses bad input with 4xx and a stable code, publishes none of it, and keeps accepting good beacons', async () => {
    const server = await app();
    const user = `${id}-u2`;
    const good = await token(user, 'd2');
    const json = { 'content-type': 'application/json' };
    const bearer = (t: string) => ({ ...json, authorization: `Bearer ${t}` });
    const cases: { name: string; headers: Record<string, string>; payload: string; status: number; code: string }[] = [
      { name: 'malformed JSON', headers: bearer(good), payload: '{"eventId": ', status: 400, code: 'invalid_json' },
      { name: 'wrong types', headers: bearer(good), payload: JSON.stringify(beacon(user, 'd2', { occurredAt: 'yesterday' })), status: 400, code: 'invalid_body' },
      { name: 'unknown app state', headers: bearer(good), payload: JSON.stringify(beacon(user, 'd2', { appState: 'asleep' })), status: 400, code: 'invalid_body' },
      { name: 'missing field', headers: bearer(good), payload: JSON.stringify({ ...beacon(user, 'd2'), locale: undefined }), status: 400, code: 'invalid_body' },
      { name: 'oversized field', headers: bearer(good), payload: JSON.stringify(beacon(user, 'd2', { osVersion: 'x'.repeat(200) })), status: 400, code: 'invalid_body' },
      { name: 'batch above the limit', headers: bearer(good), payload: JSON.stringify(Array.from({ length: 11 }, () => beacon(user, 'd2'))), status: 400, code: 'batch_too_large' },
      { name: 'oversized body', headers: bearer(good), payload: JSON.stringify(beacon(user, 'd2', { pad: 'x'.repeat(20_000) })), status: 413, code: 'body_too_large' },
      { name: 'no token', headers: json, payload: JSON.stringify(beacon(user, 'd2')), status: 401, code: 'missing_token' },
      { name: 'forged token', headers: bearer(await signDeviceToken('forged-key-forged-key-forged-key', { userId: user, deviceId: 'd2' })), payload: JSON.stringify(beacon(user, 'd2')), status: 401, code: 'invalid_token' },
      { name: 'expired token', headers: bearer(await token(user, 'd2', -60)), payload: JSON.stringify(beacon(user, 'd2')), status: 401, code: 'token_expired' },
      { name: "another user's token", headers: bearer(await token(`${id}-other`, 'd2')), payload: JSON.stringify(beacon(user, 'd2')), status: 403, code: 'user_mismatch' },
      { name: "another device's token", headers: bearer(await token(user, 'd9')), payload: JSON.stringify(beacon(user, 'd2')), status: 403, code: 'device_mismatch' },
    ];
    const reader = await collect(kafka, names.physical('beacons.v1'));
    try {
      for (const c of cases) {
        const res = await server.inject({ method: 'POST', url: '/v1/beacons', headers: c.headers, payload: c.payload });
        expect({ name: c.name, status: res.statusCode, code: res.json().error?.code }).toEqual({ name: c.name, status: c.status, code: c.code });
        expect(res.json().error.message, c.name).toEqual(expect.any(String));
      }
      const wrongTypes = await server.inject({ method: 'POST', url: '/v1/beacons', headers: bearer(good), payload: [beacon(user, 'd2'), beacon(user, 'd2', { platform: 7 })] });
      expect(wrongTypes.json().error.issues).toContainEqual(expect.objectContaining({ path: '/1/platform' }));

      const last = beacon(user, 'd2');
      const ok = await server.inject({ method: 'POST', url: '/v1/beacons', headers: bearer(good), payload: last });
      expect(ok.statusCode).toBe(202);
      // One user = one partition, in order: once the last good beacon is there, anything a
      // refused request had published would be there too.
      const mine = () => reader.messages.filter((m) => m.key?.toString() === user);
      await eventually(() => (mine().length > 0 ? true : undefined), 'the good beacon');
      expect(mine().map((m) => JSON.parse(m.value!.toString()).eventId)).toEqual([last.eventId]);

      const metrics = await (await server.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/tessera_beacon_requests_rejected_total\{code="token_expired",app="beacon-test"\} 1/);
    } finally {
      await reader.stop();
      await server.close();
    }
  });

  it('limits requests per device, not per user or address', async () => {
    const server = await app({ rateLimit: { max: 2, timeWindowMs: 60_000 } });
    const user = `${id}-u3`;
    const post = async (deviceId: string) => server.inject({
      method: 'POST', url: '/v1/beacons', headers: { authorization: `Bearer ${await token(user, deviceId)}` }, payload: beacon(user, deviceId),
    });
    try {
      expect((await post('da')).statusCode).toBe(202);
      expect((await post('da')).statusCode).toBe(202);
      const limited = await post('da');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error).toMatchObject({ code: 'rate_limited', retriable: true });
      expect(limited.headers['retry-after']).toBeDefined();
      expect((await post('db')).statusCode).toBe(202);
    } finally {
      await server.close();
    }
  });

  it('shares the per-device count between instances through Redis', async () => {
    const redis = testRedis();
    const rateLimit = { max: 2, timeWindowMs: 60_000, redis, nameSpace: `${id}-rl:` };
    const [a, b] = [await app({ rateLimit }), await app({ rateLimit })];
    const user = `${id}-u5`;
    const post = async (server: FastifyInstance) => server.inject({
      method: 'POST', url: '/v1/beacons', headers: { authorization: `Bearer ${await token(user, 'dr')}` }, payload: beacon(user, 'dr'),
    });
    try {
      expect((await post(a)).statusCode).toBe(202);
      expect((await post(b)).statusCode).toBe(202);
      expect((await post(a)).json().error?.code).toBe('rate_limited');
    } finally {
      await a.close();
      await b.close();
      await cleanRedis(redis, id);
      redis.disconnect();
    }
  });

  it('answers 503 with a retriable code when Kafka does not acknowledge, never 202', async () => {
    const server = await app();
    const user = `${id}-u4`;
    const auth = { authorization: `Bearer ${await token(user, 'd4')}` };
    // NOT_ENOUGH_REPLICAS (19) on every Produce: the write is refused, kafkajs retries and gives up.
    const fault = broker.faults.inject({ apiKey: 0, errorCode: 19, times: Infinity });
    try {
      const res = await server.inject({ method: 'POST', url: '/v1/beacons', headers: auth, payload: beacon(user, 'd4') });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({ code: 'kafka_unavailable', retriable: true });
      fault.remove();
      const again = await server.inject({ method: 'POST', url: '/v1/beacons', headers: auth, payload: beacon(user, 'd4') });
      expect(again.statusCode).toBe(202);
    } finally {
      fault.remove();
      await server.close();
    }
  });

  it('answers 503 when Kafka holds the acknowledgement past the deadline, instead of holding the phone', async () => {
    const server = await app({ publishTimeoutMs: 300 });
    const user = `${id}-u6`;
    // The broker sits on the next Produce far longer than the deadline (the write lands later).
    const fault = broker.faults.inject({ apiKey: 0, delayMs: 3000 });
    try {
      const res = await server.inject({
        method: 'POST', url: '/v1/beacons', headers: { authorization: `Bearer ${await token(user, 'd6')}` }, payload: beacon(user, 'd6'),
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({ code: 'kafka_unavailable', retriable: true });
    } finally {
      fault.remove();
      await server.close();
    }
  });

  it('serves the same contract over a real TCP socket (chunked body past the limit included)', async () => {
    const server = await app();
    const user = `${id}-u7`;
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(user, 'd7')}` };
    try {
      const ok = await fetch(`${address}/v1/beacons`, { method: 'POST', headers, body: JSON.stringify(beacon(user, 'd7')) });
      expect(ok.status).toBe(202);
      // No content-length: the limit must hold while streaming, not only on the declared size.
      const chunks = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 40; i += 1) controller.enqueue(new TextEncoder().encode(i === 0 ? '{"pad":"' : 'x'.repeat(1024)));
          controller.close();
        },
      });
      const big = await fetch(`${address}/v1/beacons`, { method: 'POST', headers, body: chunks, duplex: 'half' } as RequestInit);
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
    } finally {
      await server.close();
    }
  });
});
