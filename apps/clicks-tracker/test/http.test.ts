// POST /v1/interactions over fastify inject with a real idempotent producer on the embedded
// broker: partial acceptance (valid events stored, invalid ones reported by index with a stable
// code), request-level refusals with stable codes and nothing published, 503 when Kafka does not
// acknowledge.
import type { TestBroker } from '@tessera/streams/testing';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { createVerifier } from '@tessera/device-auth/verifier';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import type { StreamProducer } from '@tessera/streams/producer';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTrackerApp } from '../src/app.js';
import { eventId, eventually, silent, uid } from '@tessera/streams/testing';
import { startIngestTestEdge, TEST_DEVICE_SECRET as SECRET } from '@tessera/device-ingest/testing';
import type { IngestTestEdge } from '@tessera/device-ingest/testing';

let broker: TestBroker;
let producer: StreamProducer;
let server: FastifyInstance;
let reader: IngestTestEdge['reader'];
let edge: IngestTestEdge | undefined;
const id = uid();

beforeAll(async () => {
  edge = await startIngestTestEdge({ topic: 'interactions.v1', app: 'clicks-test', bodyLimit: 32 * 1024, maxBatch: 20, build: buildTrackerApp });
  ({ broker, producer, server, reader } = edge);
});

afterAll(async () => {
  await edge?.close();
});

const FEED = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
function event(userId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { eventId: eventId(), occurredAt: Date.now() - 1000, userId, deviceId: 'd1', type: 'click', contentId: 'c-1', feedId: FEED, position: 2, ...extra };
}
const bearer = async (userId: string, extra: { deviceId?: string; expiresInSec?: number; secret?: string } = {}) => ({
  authorization: `Bearer ${await signDeviceToken(extra.secret ?? SECRET, { userId, deviceId: extra.deviceId ?? 'd1', ...(extra.expiresInSec === undefined ? {} : { expiresInSec: extra.expiresInSec }) })}`,
});
const valuesOf = (userId: string) => reader.messages.filter((m) => m.key?.toString() === userId).map((m) => JSON.parse(m.value!.toString()) as Record<string, unknown>);

describe('POST /v1/interactions', () => {
  it('stores the valid events of a batch and returns the invalid ones with index, stable code and message', async () => {
    const user = `${id}-u1`;
    const valid = [
      event(user, { type: 'impression', onScreenMs: 1800 }), event(user, { type: 'click' }), event(user, { type: 'watch', watchedMs: 42_000 }),
      event(user, { type: 'scroll' }), event(user, { type: 'like' }), event(user, { type: 'share' }), event(user, { type: 'dismiss', invented: 1 }),
    ];
    const invalid = [
      event(user, { type: 'teleport' }),
      { ...event(user), contentId: undefined },
      event(user, { type: 'impression' }),
      event(user, { contentId: 'c'.repeat(100) }),
      event(user, { position: 'first' }),
      'not an event',
    ];
    const payload = { events: [valid[0], invalid[0], valid[1], invalid[1], valid[2], invalid[2], valid[3], invalid[3], valid[4], invalid[4], valid[5], invalid[5], valid[6]] };
    const res = await server.inject({ method: 'POST', url: '/v1/interactions', headers: await bearer(user), payload });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.accepted).toBe(7);
    expect(body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'unknown_event_type'], [3, 'missing_field'], [5, 'missing_field'], [7, 'field_too_large'], [9, 'invalid_field'], [11, 'invalid_event'],
    ]);
    for (const r of body.rejected) expect(r.message).toEqual(expect.any(String));
    expect(body.rejected[2].issues[0]).toMatchObject({ path: '/onScreenMs', code: 'required' });

    await eventually(() => (valuesOf(user).length >= 7 ? true : undefined), '7 interactions on interactions.v1');
    const stored = valuesOf(user);
    expect(stored.map((v) => v.eventId)).toEqual(valid.map((v) => v.eventId));
    expect(stored.map((v) => v.type)).toEqual(['impression', 'click', 'watch', 'scroll', 'like', 'share', 'dismiss']);
    expect(stored[6]).not.toHaveProperty('invented');
    for (const v of stored) expect(v.receivedAt).toEqual(expect.any(Number));
  });

  it('refuses bad requests with 4xx and a stable code, publishes none of it, and keeps accepting good batches', async () => {
    const user = `${id}-u2`;
    const good = await bearer(user);
    const json = { 'content-type': 'application/json' };
    const body = (events: unknown[]) => JSON.stringify({ events });
    const cases: { name: string; headers: Record<string, string>; payload: string; status: number; code: string }[] = [
      { name: 'malformed JSON', headers: { ...json, ...good }, payload: '{"events": [', status: 400, code: 'invalid_json' },
      { name: 'not an envelope', headers: { ...json, ...good }, payload: JSON.stringify([event(user)]), status: 400, code: 'invalid_body' },
      { name: 'events of the wrong type', headers: { ...json, ...good }, payload: JSON.stringify({ events: 'click' }), status: 400, code: 'invalid_body' },
      { name: 'only invalid events', headers: { ...json, ...good }, payload: body([event(user, { type: 'teleport' }), event(user, { position: -1 })]), status: 400, code: 'no_valid_events' },
      { name: 'batch above the limit', headers: { ...json, ...good }, payload: body(Array.from({ length: 21 }, () => event(user))), status: 400, code: 'batch_too_large' },
      { name: 'oversized body', headers: { ...json, ...good }, payload: body([event(user, { pad: 'x'.repeat(40_000) })]), status: 413, code: 'body_too_large' },
      { name: 'no token', headers: json, payload: body([event(user)]), status: 401, code: 'missing_token' },
      { name: 'forged token', headers: { ...json, ...(await bearer(user, { secret: 'forged-key-forged-key-forged-key' })) }, payload: body([event(user)]), status: 401, code: 'invalid_token' },
      { name: 'expired token', headers: { ...json, ...(await bearer(user, { expiresInSec: -60 })) }, payload: body([event(user)]), status: 401, code: 'token_expired' },
      { name: "another user's token", headers: { ...json, ...(await bearer(`${id}-mallory`)) }, payload: body([event(user)]), status: 403, code: 'user_mismatch' },
      { name: "another device's token", headers: { ...json, ...(await bearer(user, { deviceId: 'd9' })) }, payload: body([event(user)]), status: 403, code: 'device_mismatch' },
    ];
    for (const c of cases) {
      const res = await server.inject({ method: 'POST', url: '/v1/interactions', headers: c.headers, payload: c.payload });
      expect({ name: c.name, status: res.statusCode, code: res.json().error?.code }).toEqual({ name: c.name, status: c.status, code: c.code });
      expect(res.json().error.message, c.name).toEqual(expect.any(String));
    }
    const allInvalid = await server.inject({ method: 'POST', url: '/v1/interactions', headers: good, payload: { events: [event(user, { type: 'teleport' })] } });
    expect(allInvalid.json().error.rejected).toEqual([expect.objectContaining({ index: 0, code: 'unknown_event_type' })]);

    const last = event(user);
    expect((await server.inject({ method: 'POST', url: '/v1/interactions', headers: good, payload: { events: [last] } })).statusCode).toBe(202);
    // One user = one partition, in order: once the good event is there, anything a refused
    // request had published would be there too.
    await eventually(() => (valuesOf(user).length > 0 ? true : undefined), 'the good event');
    expect(valuesOf(user).map((v) => v.eventId)).toEqual([last.eventId]);
  });

  it('answers 503 with a retriable code when Kafka does not acknowledge, never 202', async () => {
    const user = `${id}-u3`;
    const fault = broker.faults.inject({ apiKey: 0, errorCode: 19, times: Infinity });
    try {
      const res = await server.inject({ method: 'POST', url: '/v1/interactions', headers: await bearer(user), payload: { events: [event(user)] } });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({ code: 'kafka_unavailable', retriable: true });
    } finally {
      fault.remove();
    }
    const again = await server.inject({ method: 'POST', url: '/v1/interactions', headers: await bearer(user), payload: { events: [event(user)] } });
    expect(again.statusCode).toBe(202);
  });

  it('serves the same contract over a real TCP socket', async () => {
    const user = `${id}-u4`;
    const tcp = await buildTrackerApp({
      verify: await createVerifier({ keys: { kind: 'hs256', secret: SECRET } }),
      publish: (events) => producer.send('interactions.v1', events),
      registry: createMetricsRegistry({ app: 'clicks-tcp-test' }),
      rateLimit: { max: 1000, timeWindowMs: 60_000 },
      bodyLimit: 32 * 1024,
      maxBatch: 20,
      logger: silent,
    });
    const address = await tcp.listen({ host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`${address}/v1/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await bearer(user)) },
        body: JSON.stringify({ events: [event(user), event(user, { type: 'teleport' })] }),
      });
      expect(res.status).toBe(202);
      const body = (await res.json()) as { accepted: number; rejected: { index: number; code: string }[] };
      expect(body.accepted).toBe(1);
      expect(body.rejected).toEqual([expect.objectContaining({ index: 1, code: 'unknown_event_type' })]);
      const noToken = await fetch(`${address}/v1/interactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(noToken.status).toBe(401);
    } finally {
      await tcp.close();
    }
  });
});
