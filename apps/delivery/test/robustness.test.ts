// A node under misbehaving clients and its own limits: bad frames, missed pongs, tokens expiring
// on open sockets, admission control before the upgrade, and the drain on shutdown. These nodes
// consume nothing (the behaviour is the socket's), so no broker is needed.
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { cleanRedis, testRedis, uid } from '@tessera/streams/testing';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, metricValue, SECRET, startTestNode } from './support.js';
import type { TestClient, TestNode, TestNodeOptions } from './support.js';

let redis: Redis;
const id = uid();
const nodes: TestNode[] = [];
const clients: TestClient[] = [];
const user = (n: string) => `${id}-${n}`;
const token = (userId: string, expiresInSec?: number, deviceId = 'd1') =>
  signDeviceToken(SECRET, { userId, deviceId, ...(expiresInSec === undefined ? {} : { expiresInSec }) });

async function node(overrides: Partial<TestNodeOptions> = {}): Promise<TestNode> {
  const n = await startTestNode({
    kafka: undefined as unknown as Kafka, names: undefined as never, redis, nodeId: `${id}-${nodes.length}`, groupId: 'unused', consume: false, ...overrides,
  });
  nodes.push(n);
  return n;
}

async function open(n: TestNode, userId: string, options: Partial<Parameters<typeof connect>[1]> = {}): Promise<TestClient> {
  const c = await connect(n.wsUrl, { token: await token(userId), ...options });
  clients.push(c);
  await c.waitFor((f) => f.type === 'snapshot', 'snapshot');
  return c;
}

beforeAll(() => {
  redis = testRedis();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(nodes.map((n) => n.stop()));
  await cleanRedis(redis, id);
  redis.disconnect();
});

describe('client frames', () => {
  it('closes on malformed, binary, oversized and unknown frames with the documented codes and keeps serving', async () => {
    const n = await node({ maxPayloadBytes: 256 });
    const cases: [string, (c: TestClient) => void, number, string | undefined][] = [
      ['not JSON', (c) => c.send('{nope'), 4500, 'bad_frame'],
      ['binary', (c) => c.ws.send(Buffer.from('{"v":1,"type":"pong"}')), 4500, 'bad_frame'],
      ['unknown type', (c) => c.send({ v: 1, type: 'subscribe', channel: 'everything' }), 4501, 'unknown_message'],
      ['unknown version', (c) => c.send({ v: 2, type: 'pong' }), 4501, 'unknown_message'],
      ['oversized', (c) => c.send({ v: 1, type: 'pong', pad: 'x'.repeat(300) }), 1009, undefined],
    ];
    for (const [name, misbehave, code, errorCode] of cases) {
      const c = await open(n, user('frames'));
      misbehave(c);
      expect(await c.waitClosed(), name).toBe(code);
      if (errorCode) expect(c.frames.at(-1), name).toMatchObject({ type: 'error', code: errorCode });
    }
    const fine = await open(n, user('frames'));
    fine.send({ v: 1, type: 'pong' });
    expect(fine.closed()).toBeUndefined();
    expect(await metricValue(n.registry, 'tessera_delivery_connections_closed_total', { reason: 'bad_frame' })).toBe(2);
  });
});

describe('heartbeats', () => {
  it('pings every interval; a client that answers stays, one that does not is closed with no_pong', async () => {
    // An interval long enough for a pong to come back on a busy machine.
    const n = await node({ options: { heartbeatMs: 1_500, tickMs: 20 } });
    const alive = await open(n, user('alive'));
    const silentClient = await open(n, user('silent'), { pong: false });
    expect(await silentClient.waitClosed()).toBe(4001);
    expect(silentClient.frames.at(-1)).toMatchObject({ type: 'error', code: 'no_pong' });
    await alive.waitFor((f) => f.type === 'ping', 'third ping', 3);
    expect(alive.closed()).toBeUndefined();
  });
});

describe('token expiry on open sockets', () => {
  it('closes with token_expired at exp, unless the device refreshed; a refresh for someone else is forbidden', async () => {
    const n = await node({ options: { tickMs: 20 } });
    // Four seconds: long enough for the refresh to arrive first on a busy machine.
    const expiring = await open(n, user('exp'), { token: await token(user('exp'), 4) });
    const refreshed = await open(n, user('ref'), { token: await token(user('ref'), 4) });
    refreshed.send({ v: 1, type: 'refresh', token: await token(user('ref'), 600) });
    const ack = await refreshed.waitFor((f) => f.type === 'refreshed', 'refreshed');
    expect(ack.tokenExpiresAt).toBeGreaterThan(Date.now() + 500_000);
    expect(await expiring.waitClosed()).toBe(4100);
    expect(expiring.frames.at(-1)).toMatchObject({ type: 'error', code: 'token_expired' });
    expect(refreshed.closed()).toBeUndefined();
    refreshed.send({ v: 1, type: 'refresh', token: await token(user('mallory'), 600) });
    expect(await refreshed.waitClosed()).toBe(4502);
    const wrongDevice = await open(n, user('dev'));
    wrongDevice.send({ v: 1, type: 'refresh', token: await token(user('dev'), 600, 'other-device') });
    expect(await wrongDevice.waitClosed()).toBe(4502);
  });
});

describe('admission control', () => {
  it('answers 503 with Retry-After and the envelope above the connection cap, without opening a socket', async () => {
    const n = await node({ maxConnections: 2 });
    await open(n, user('cap1'));
    await open(n, user('cap2'));
    const refused = await connect(n.wsUrl, { token: await token(user('cap3')) }).then(() => undefined, (e: { status: number; headers: Record<string, string>; body: unknown }) => e);
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'too_many_connections', retriable: true } } });
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(5);
    expect(n.node.sessions.size).toBe(2);
  });

  it('admits new sockets at the configured rate and tells the rest when to come back', async () => {
    const n = await node({ connectionRate: 3 });
    const t = await token(user('storm'));
    const started = Date.now();
    const attempts = await Promise.allSettled(Array.from({ length: 30 }, () => connect(n.wsUrl, { token: t })));
    const elapsedSec = (Date.now() - started) / 1000;
    const admitted = attempts.filter((a) => a.status === 'fulfilled');
    for (const a of admitted) clients.push((a as PromiseFulfilledResult<TestClient>).value);
    const refusals = attempts.filter((a) => a.status === 'rejected').map((a) => (a as PromiseRejectedResult).reason as { status: number; headers: Record<string, string>; body: { error: { code: string } } });
    expect(admitted.length).toBeGreaterThanOrEqual(3);
    // The burst, plus what the bucket refilled while the attempts were arriving (slow on a busy machine).
    expect(admitted.length).toBeLessThanOrEqual(3 + Math.ceil(elapsedSec * 3));
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((r) => r.status === 503 && r.body.error.code === 'connection_rate_limited' && Number(r.headers['retry-after']) >= 1)).toBe(true);
    expect(await metricValue(n.registry, 'tessera_delivery_upgrades_refused_total', { code: 'connection_rate_limited' })).toBe(refusals.length);
  });
});

describe('drain', () => {
  it('tells every socket to reconnect elsewhere (4000) and refuses new ones with 503 draining', async () => {
    const n = await node();
    const three = [await open(n, user('d1')), await open(n, user('d2')), await open(n, user('d2'))];
    const stopping = n.stop();
    const codes = await Promise.all(three.map((c) => c.waitClosed()));
    expect(codes).toEqual([4000, 4000, 4000]);
    expect(three[0]!.frames.at(-1)).toMatchObject({ type: 'error', code: 'draining' });
    await stopping;
    nodes.splice(nodes.indexOf(n), 1);
  });

  it('refuses upgrades as soon as draining starts', async () => {
    const n = await node();
    const c = await open(n, user('d3'));
    const stopping = n.stop();
    const refused = await connect(n.wsUrl, { token: await token(user('d4')) }).then(() => undefined, (e: { status?: number; body?: unknown; code?: string }) => e);
    // Either the drain answered 503 draining, or the server had already stopped listening.
    expect(refused?.status === 503 ? (refused.body as { error: { code: string } }).error.code : refused?.code).toMatch(/draining|ECONNREFUSED/);
    expect(await c.waitClosed()).toBe(4000);
    await stopping;
    nodes.splice(nodes.indexOf(n), 1);
  });
});
