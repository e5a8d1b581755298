// Hostile and malformed input at POST /v1/beacons, over fastify inject with a real idempotent
// producer on the embedded broker: every request gets the error envelope with a stable code
// (never a 500), nothing a refused request carried reaches beacons.v1, and what is accepted is
// stored without anything the contract does not declare.
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBeaconApp } from '../src/app.js';
import { eventId, eventually, uid } from '@tessera/streams/testing';
import { startIngestTestEdge, TEST_DEVICE_SECRET as SECRET } from '@tessera/device-ingest/testing';
import type { IngestTestEdge } from '@tessera/device-ingest/testing';

let server: FastifyInstance;
let reader: IngestTestEdge['reader'];
let edge: IngestTestEdge | undefined;
const id = uid();

beforeAll(async () => {
  edge = await startIngestTestEdge({ topic: 'beacons.v1', app: 'beacon-hostile-test', bodyLimit: 64 * 1024, maxBatch: 10, build: buildBeaconApp });
  ({ server, reader } = edge);
});

afterAll(async () => {
  await edge?.close();
});

function beacon(userId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: eventId(), occurredAt: Date.now() - 500, userId, deviceId: 'd1', appState: 'locked', screenOn: true,
    locale: 'en-GB', country: 'GB', platform: 'android', appVersion: '3.14.1', osVersion: '14', ...extra,
  };
}
const auth = async (userId: string) => ({ authorization: `Bearer ${await signDeviceToken(SECRET, { userId, deviceId: 'd1' })}` });
const json = { 'content-type': 'application/json' };
const stored = (userId: string) => reader.messages.filter((m) => m.key?.toString() === userId).map((m) => JSON.parse(m.value!.toString()) as Record<string, unknown>);
const nested = (open: string, close: string, depth: number, inner = '') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

type Envelope = { error: { code: string; message: string; retriable: boolean; issues?: { path: string; code: string }[] } };

/** Posts raw text, expects the envelope with status and code, returns it. */
async function refused(userId: string, payload: string | Buffer, status: number, code: string, headers: Record<string, string> = json): Promise<Envelope> {
  const response = await server.inject({ method: 'POST', url: '/v1/beacons', headers: { ...headers, ...(await auth(userId)) }, payload });
  const body = response.json() as Envelope;
  expect({ status: response.statusCode, code: body.error?.code }).toEqual({ status, code });
  expect(body.error.message).toEqual(expect.any(String));
  return body;
}

/** Once this good beacon is on the topic, anything an earlier refused request published would be too. */
async function onlyGoodOnes(userId: string, accepted: string[]): Promise<void> {
  const last = beacon(userId);
  const ok = await server.inject({ method: 'POST', url: '/v1/beacons', headers: await auth(userId), payload: last });
  expect(ok.statusCode).toBe(202);
  await eventually(() => (stored(userId).some((v) => v.eventId === last.eventId) ? true : undefined), 'the last good beacon');
  expect(stored(userId).map((v) => v.eventId)).toEqual([...accepted, last.eventId]);
}

describe('POST /v1/beacons with hostile input', () => {
  it('refuses 10,000 nested arrays or 5,000 nested objects in an invented property with 400 max_depth, never a 500', async () => {
    const user = `${id}-deep`;
    for (const deep of [nested('[', ']', 10_000), nested('{"a":', '}', 5_000, '{}')]) {
      const text = JSON.stringify(beacon(user)).replace(/}$/, `,"extra":${deep}}`);
      const body = await refused(user, text, 400, 'invalid_body');
      expect(body.error.issues?.[0]).toMatchObject({ code: 'max_depth' });
      expect(body.error.issues?.[0]?.path.startsWith('/extra/')).toBe(true);
    }
    // All-or-nothing batches: a deep beacon refuses the batch it is in, with its index.
    const batch = `[${JSON.stringify(beacon(user))},${JSON.stringify(beacon(user)).replace(/}$/, `,"extra":${nested('[', ']', 10_000)}}`)}]`;
    const body = await refused(user, batch, 400, 'invalid_body');
    expect(body.error.issues?.[0]?.path.startsWith('/1/extra/')).toBe(true);
    await onlyGoodOnes(user, []);
  });

  it('stores none of the properties named after built-in object members, nor a __proto__ key', async () => {
    const user = `${id}-builtins`;
    const planted = beacon(user);
    const text = JSON.stringify(planted).replace(/}$/, ',"constructor":{"x":1},"toString":"t","hasOwnProperty":1,"valueOf":[1],"__defineGetter__":"g","__proto__":{"admin":true}}');
    const response = await server.inject({ method: 'POST', url: '/v1/beacons', headers: { ...json, ...(await auth(user)) }, payload: text });
    expect(response.statusCode).toBe(202);
    await eventually(() => (stored(user).length > 0 ? true : undefined), 'the beacon');
    expect(Object.keys(stored(user)[0]!).sort()).toEqual([...Object.keys(planted), 'receivedAt'].sort());
    expect(reader.messages.at(-1)!.value!.toString()).not.toMatch(/constructor|toString|hasOwnProperty|valueOf|__defineGetter__|__proto__/);
  });

  it('refuses an unpaired surrogate and control characters in stored text, with the field\'s path', async () => {
    const user = `${id}-text`;
    const surrogate = await refused(user, JSON.stringify(beacon(user)).replace('"osVersion":"14"', '"osVersion":"\\ud800"'), 400, 'invalid_body');
    expect(surrogate.error.issues).toEqual([expect.objectContaining({ path: '/osVersion', code: 'unpaired_surrogate' })]);
    const control = await refused(user, JSON.stringify(beacon(user, { osVersion: '14\u0000' })), 400, 'invalid_body');
    expect(control.error.issues).toEqual([expect.objectContaining({ path: '/osVersion', code: 'control_character' })]);
    // An unpaired surrogate in an invented property is refused too (nowhere in an event).
    await refused(user, JSON.stringify(beacon(user)).replace(/}$/, ',"note":"\\udc00"}'), 400, 'invalid_body');
    await onlyGoodOnes(user, []);
  });

  it('counts string limits in UTF-16 units: 16 emoji fit osVersion (32), 17 do not', async () => {
    const user = `${id}-emoji`;
    const fits = beacon(user, { osVersion: '😀'.repeat(16) });
    expect((await server.inject({ method: 'POST', url: '/v1/beacons', headers: await auth(user), payload: fits })).statusCode).toBe(202);
    const tooLong = await refused(user, JSON.stringify(beacon(user, { osVersion: '😀'.repeat(17) })), 400, 'invalid_body');
    expect(tooLong.error.issues).toEqual([expect.objectContaining({ path: '/osVersion', code: 'max_length' })]);
    await eventually(() => (stored(user).length > 0 ? true : undefined), 'the emoji beacon');
    expect(stored(user)[0]!.osVersion).toBe('😀'.repeat(16));
  });

  it('refuses an occurredAt more than a day ahead of the server clock, and numbers JSON cannot hold exactly', async () => {
    const user = `${id}-time`;
    const ahead = await refused(user, JSON.stringify(beacon(user, { occurredAt: Date.now() + 2 * 86_400_000 })), 400, 'invalid_body');
    expect(ahead.error.issues).toEqual([expect.objectContaining({ path: '/occurredAt', code: 'maximum' })]);
    const skewed = beacon(user, { occurredAt: Date.now() + 3_600_000 });
    expect((await server.inject({ method: 'POST', url: '/v1/beacons', headers: await auth(user), payload: skewed })).statusCode).toBe(202);
    const huge = await refused(user, JSON.stringify(beacon(user)).replace(/"occurredAt":\d+/, '"occurredAt":1e400'), 400, 'invalid_body');
    expect(huge.error.issues?.[0]?.path).toBe('/occurredAt');
    await refused(user, JSON.stringify(beacon(user, { screenOn: 'NaN' })), 400, 'invalid_body');
    await onlyGoodOnes(user, [skewed.eventId as string]);
  });

  it('refuses JSON sent as text/plain or in another charset (415) and bytes that are not UTF-8 (400)', async () => {
    const user = `${id}-media`;
    await refused(user, JSON.stringify(beacon(user)), 415, 'unsupported_media_type', { 'content-type': 'text/plain' });
    await refused(user, JSON.stringify(beacon(user)), 415, 'unsupported_media_type', { 'content-type': 'application/json; charset=iso-8859-1' });
    const latin1 = Buffer.from(JSON.stringify(beacon(user)).replace('"14"', '"14\u00e9"'), 'latin1');
    await refused(user, latin1, 400, 'invalid_json');
    await onlyGoodOnes(user, []);
  });

  it('answers fastify\'s own failures with the envelope: bad URL, unknown route, wrong method', async () => {
    const bad = await server.inject({ method: 'POST', url: '/v1/%zz', headers: json, payload: '{}' });
    expect({ status: bad.statusCode, code: (bad.json() as Envelope).error.code }).toEqual({ status: 400, code: 'invalid_url' });
    const missing = await server.inject({ method: 'POST', url: `/v1/${'b'.repeat(5000)}`, headers: json, payload: '{}' });
    expect({ status: missing.statusCode, code: (missing.json() as Envelope).error.code }).toEqual({ status: 404, code: 'route_not_found' });
    expect(missing.body.length).toBeLessThan(400);
    const get = await server.inject({ method: 'GET', url: '/v1/beacons' });
    expect({ status: get.statusCode, code: (get.json() as Envelope).error.code, allow: get.headers.allow }).toEqual({ status: 405, code: 'method_not_allowed', allow: 'POST' });
  });

  it('refuses a token whose exp is absurdly far away', async () => {
    const user = `${id}-exp`;
    const key = new TextEncoder().encode(SECRET);
    for (const exp of [1e300, Math.floor(Date.now() / 1000) + 10 * 365 * 86_400]) {
      const token = await new SignJWT({ did: 'd1', exp }).setProtectedHeader({ alg: 'HS256' }).setSubject(user).sign(key);
      const response = await server.inject({ method: 'POST', url: '/v1/beacons', headers: { authorization: `Bearer ${token}` }, payload: beacon(user) });
      expect({ status: response.statusCode, code: (response.json() as Envelope).error.code }).toEqual({ status: 401, code: 'invalid_token' });
    }
    await onlyGoodOnes(user, []);
  });
});
