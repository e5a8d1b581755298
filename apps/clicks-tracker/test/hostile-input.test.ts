// Hostile and malformed input at POST /v1/interactions, over fastify inject with a real
// idempotent producer on the embedded broker. Partial acceptance holds whatever a bad event
// carries: the valid events of the batch are stored, each bad one comes back with its index and a
// stable code, never a 500; fastify's own failures come back in the envelope.
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTrackerApp } from '../src/app.js';
import { eventId, eventually, uid } from '@tessera/streams/testing';
import { startIngestTestEdge, TEST_DEVICE_SECRET as SECRET } from '@tessera/device-ingest/testing';
import type { IngestTestEdge } from '@tessera/device-ingest/testing';

let server: FastifyInstance;
let reader: IngestTestEdge['reader'];
let edge: IngestTestEdge | undefined;
const id = uid();

beforeAll(async () => {
  edge = await startIngestTestEdge({ topic: 'interactions.v1', app: 'clicks-hostile-test', bodyLimit: 128 * 1024, maxBatch: 20, build: buildTrackerApp });
  ({ server, reader } = edge);
});

afterAll(async () => {
  await edge?.close();
});

const FEED = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
function event(userId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { eventId: eventId(), occurredAt: Date.now() - 1000, userId, deviceId: 'd1', type: 'click', contentId: 'c-1', feedId: FEED, position: 2, ...extra };
}
const headers = async (userId: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${await signDeviceToken(SECRET, { userId, deviceId: 'd1' })}` });
const valuesOf = (userId: string) => reader.messages.filter((m) => m.key?.toString() === userId).map((m) => JSON.parse(m.value!.toString()) as Record<string, unknown>);
/** An event as JSON text with extra raw JSON appended inside it. */
const withRaw = (e: Record<string, unknown>, raw: string) => JSON.stringify(e).replace(/}$/, `,${raw}}`);

type Rejected = { index: number; code: string; message: string; issues: { path: string; code: string }[] };

async function post(userId: string, eventsJson: string[]): Promise<{ status: number; body: { accepted?: number; rejected?: Rejected[]; error?: { code: string; rejected?: Rejected[] } } }> {
  const response = await server.inject({ method: 'POST', url: '/v1/interactions', headers: await headers(userId), payload: `{"events":[${eventsJson.join(',')}]}` });
  return { status: response.statusCode, body: response.json() };
}

describe('POST /v1/interactions with hostile input', () => {
  it('keeps the valid events of a batch whose other events nest 10,000 arrays or 5,000 objects deep', async () => {
    const user = `${id}-deep`;
    const good = [event(user), event(user, { type: 'like' }), event(user, { type: 'share' })];
    const { status, body } = await post(user, [
      JSON.stringify(good[0]),
      withRaw(event(user), `"extra":${'['.repeat(10_000)}${']'.repeat(10_000)}`),
      JSON.stringify(good[1]),
      withRaw(event(user), `"extra":${'{"a":'.repeat(5_000)}{}${'}'.repeat(5_000)}`),
      JSON.stringify(good[2]),
    ]);
    expect(status).toBe(202);
    expect(body.accepted).toBe(3);
    expect(body.rejected!.map((r) => [r.index, r.code, r.issues[0]?.code])).toEqual([[1, 'field_too_large', 'max_depth'], [3, 'field_too_large', 'max_depth']]);
    await eventually(() => (valuesOf(user).length >= 3 ? true : undefined), 'the 3 valid events');
    expect(valuesOf(user).map((v) => v.eventId)).toEqual(good.map((e) => e.eventId));

    // Every event deep: 400 no_valid_events with the list, not a 500.
    const none = await post(user, [withRaw(event(user), `"x":${'['.repeat(10_000)}${']'.repeat(10_000)}`)]);
    expect({ status: none.status, code: none.body.error?.code, rejected: none.body.error?.rejected?.map((r) => r.code) }).toEqual({ status: 400, code: 'no_valid_events', rejected: ['field_too_large'] });
  });

  it('stores no property named after a built-in object member, nor __proto__, at the event or the envelope level', async () => {
    const user = `${id}-builtins`;
    const planted = event(user);
    const text = `{"__proto__":{"admin":true},"events":[${withRaw(planted, '"constructor":{"x":1},"toString":"t","hasOwnProperty":1,"valueOf":[1],"__defineGetter__":"g","__proto__":{"admin":true}')}]}`;
    const response = await server.inject({ method: 'POST', url: '/v1/interactions', headers: await headers(user), payload: text });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 1, rejected: [] });
    await eventually(() => (valuesOf(user).length > 0 ? true : undefined), 'the event');
    expect(Object.keys(valuesOf(user)[0]!).sort()).toEqual([...Object.keys(planted), 'receivedAt'].sort());
  });

  it('rejects, event by event, unpaired surrogates, a far-future occurredAt and numbers out of range; keeps the rest', async () => {
    const user = `${id}-values`;
    const good = [event(user, { position: -0 }), event(user, { occurredAt: Date.now() + 3_600_000 })];
    const { status, body } = await post(user, [
      withRaw(event(user), '"note":"\\ud800"'),
      JSON.stringify(good[0]),
      JSON.stringify(event(user, { occurredAt: Date.now() + 2 * 86_400_000 })),
      JSON.stringify(event(user)).replace(/"position":2/, '"position":1e400'),
      JSON.stringify(good[1]),
      '[[[[1]]]]',
      JSON.stringify(event(user, { type: 'impression', onScreenMs: 1e21 })),
    ]);
    expect(status).toBe(202);
    expect(body.rejected!.map((r) => [r.index, r.code, r.issues[0]?.path, r.issues[0]?.code])).toEqual([
      [0, 'invalid_field', '/note', 'unpaired_surrogate'],
      [2, 'field_too_large', '/occurredAt', 'maximum'],
      [3, 'invalid_field', '/position', 'type'],
      [5, 'invalid_event', '', 'type'],
      [6, 'field_too_large', '/onScreenMs', 'maximum'],
    ]);
    await eventually(() => (valuesOf(user).length >= 2 ? true : undefined), 'the 2 valid events');
    expect(valuesOf(user).map((v) => [v.eventId, v.position])).toEqual([[good[0]!.eventId, 0], [good[1]!.eventId, 2]]);
  });

  it('answers text/plain, a bad URL and another method in the envelope, and counts them', async () => {
    const user = `${id}-http`;
    const plain = await server.inject({ method: 'POST', url: '/v1/interactions', headers: { ...(await headers(user)), 'content-type': 'text/plain' }, payload: JSON.stringify({ events: [event(user)] }) });
    expect({ status: plain.statusCode, code: plain.json().error?.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
    const bad = await server.inject({ method: 'POST', url: '/v1/interactions%zz', headers: await headers(user), payload: '{}' });
    expect({ status: bad.statusCode, code: bad.json().error?.code }).toEqual({ status: 400, code: 'invalid_url' });
    const get = await server.inject({ method: 'GET', url: '/v1/interactions' });
    expect({ status: get.statusCode, code: get.json().error?.code, allow: get.headers.allow }).toEqual({ status: 405, code: 'method_not_allowed', allow: 'POST' });
    const metrics = await (await server.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/tessera_interaction_requests_rejected_total\{code="unsupported_media_type",app="clicks-hostile-test"\} 1/);
  });
});
