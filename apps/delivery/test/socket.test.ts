// One node, a real socket: what a device sees. Feeds come through the embedded broker as the
// recommender would produce them; the recommender's latest feed sits in u:{id}:feed.
import type { TestBroker } from '@tessera/streams/testing';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { redisKeys } from '@tessera/contracts/redis/keys';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { cleanRedis, provision, scopeNames, startTestBroker, testKafka, testRedis, uid } from '@tessera/streams/testing';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, feedFor, metricValue, primeFeeds, SECRET, startTestNode } from './support.js';
import type { Frame, TestClient, TestNode } from './support.js';

let broker: TestBroker;
let kafka: Kafka;
let names: TopicNames;
let redis: Redis;
let producer: StreamProducer;
let node: TestNode;
const id = uid();
const user = (n: string) => `${id}-${n}`;
const token = (userId: string, deviceId = 'd1', expiresInSec?: number) =>
  signDeviceToken(SECRET, { userId, deviceId, ...(expiresInSec === undefined ? {} : { expiresInSec }) });
const clients: TestClient[] = [];
const open = async (...args: Parameters<typeof connect>) => {
  const c = await connect(...args);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = testKafka(broker, 2);
  names = scopeNames(id);
  redis = testRedis();
  await provision(kafka, names, ['recommendations.v2', 'content.v1', 'dlq.v1']);
  producer = createProducer({ kafka, names });
  await producer.connect();
  node = await startTestNode({ kafka, names, redis, nodeId: `${id}-n1`, groupId: `${id}-delivery` });
  await primeFeeds(node.wsUrl, producer, await token(user('probe')), user('probe'));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await node?.stop();
  await producer?.close();
  await broker?.close();
  await cleanRedis(redis, id);
  redis.disconnect();
});

const of = (frames: Frame[], type: string) => frames.filter((f) => f.type === type);

describe('connect', () => {
  it('sends the recommender\'s latest feed as the first frame, the same snapshot GET /v1/feed answers', async () => {
    const u = user('snap');
    const stored = feedFor(u, ['c-1', 'c-2']);
    await redis.set(redisKeys.userFeed(u), JSON.stringify(stored));
    const t = await token(u);
    const c = await open(node.wsUrl, { token: t });
    const snapshot = await c.waitFor((f) => f.type === 'snapshot', 'snapshot');
    expect(snapshot).toMatchObject({ v: 1, resumed: false, removed: [], node: node.nodeId, feed: { feedId: stored.feedId, userId: u } });
    expect(snapshot.offset).toMatch(/^\d+-\d+$/);
    const rest = await fetch(`${node.url}/v1/feed`, { headers: { authorization: `Bearer ${t}` } });
    expect(rest.status).toBe(200);
    expect(await rest.json()).toMatchObject({ type: 'snapshot', offset: snapshot.offset, feed: { feedId: stored.feedId } });
  });

  it('takes the token as a subprotocol (answering tessera.v1 only) or a query parameter', async () => {
    const u = user('via');
    const bySub = await open(node.wsUrl, { token: await token(u), via: 'subprotocol' });
    expect(bySub.ws.protocol).toBe('tessera.v1');
    expect(await bySub.waitFor((f) => f.type === 'snapshot', 'snapshot')).toMatchObject({ feed: null, offset: null, resumed: false });
    const byQuery = await open(node.wsUrl, { token: await token(u), via: 'query' });
    await byQuery.waitFor((f) => f.type === 'snapshot', 'snapshot');
  });

  it('refuses missing, forged, expired, alg=none and other users\' tokens and bad offsets before the upgrade', async () => {
    const u = user('refused');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: u, did: 'd1', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.`;
    const cases: [string, Parameters<typeof connect>[1] | 'none', number, string][] = [
      ['missing', 'none', 401, 'missing_token'],
      ['forged', { token: await signDeviceToken('another-secret-of-at-least-32-bytes!', { userId: u, deviceId: 'd1' }) }, 401, 'invalid_token'],
      ['expired', { token: await token(u, 'd1', -60) }, 401, 'token_expired'],
      ['alg=none', { token: none }, 401, 'invalid_token'],
      ['another user', { token: await token(user('mallory')), userId: u }, 403, 'user_mismatch'],
      ['bad offset', { token: await token(u), lastOffset: 'nope' }, 400, 'invalid_offset'],
    ];
    for (const [name, options, status, code] of cases) {
      const attempt = options === 'none'
        ? connect(node.wsUrl, { token: '', via: 'query' })
        : connect(node.wsUrl, options);
      const error = await attempt.then(() => undefined, (e: { status?: number; body?: unknown }) => e);
      expect(error, name).toMatchObject({ status, body: { error: { code, retriable: false } } });
    }
    expect(await metricValue(node.registry, 'tessera_delivery_upgrades_refused_total', { code: 'invalid_token' })).toBe(2);
    expect(node.node.sessions.size).toBe(clients.filter((c) => c.closed() === undefined).length);
    const plain = await fetch(`${node.url}/v1/socket`, { headers: { authorization: `Bearer ${await token(u)}` } });
    expect(plain.status).toBe(426);
    expect((await fetch(`${node.url}/v1/feed`)).status).toBe(401);
  });
});

describe('pushes', () => {
  it('pushes each new feed as produced (unknown fields included) to every device of the user and to no one else', async () => {
    const u = user('push');
    const other = user('other');
    const phone = await open(node.wsUrl, { token: await token(u, 'phone') });
    const tablet = await open(node.wsUrl, { token: await token(u, 'tablet') });
    const stranger = await open(node.wsUrl, { token: await token(other) });
    await Promise.all([phone, tablet, stranger].map((c) => c.waitFor((f) => f.type === 'snapshot', 'snapshot')));
    const f1 = feedFor(u, ['c-1'], { arm: 'b', explorationPropensity: 0.25 });
    const f2 = feedFor(u, ['c-2']);
    await producer.send('recommendations.v2', [f1]);
    await producer.send('recommendations.v2', [f2]);
    for (const c of [phone, tablet]) {
      const got = await c.waitFor((f) => f.type === 'feed', 'second feed', 2);
      const feeds = of(c.frames, 'feed');
      expect(feeds.map((f) => f.feed?.feedId)).toEqual([f1.feedId, f2.feedId]);
      expect(feeds[0]?.feed).toMatchObject({ arm: 'b', explorationPropensity: 0.25 });
      expect(got.offset! > feeds[0]!.offset!).toBe(true);
    }
    // The stranger's own feed arrives; nothing of u's ever did.
    const mine = feedFor(other, ['c-9']);
    await producer.send('recommendations.v2', [mine]);
    await stranger.waitFor((f) => f.type === 'feed', 'own feed');
    expect(of(stranger.frames, 'feed').map((f) => f.feed?.userId)).toEqual([other]);
  });

  it('removes a taken-down card from devices showing it, and marks it removed in later feeds', async () => {
    const u = user('takedown');
    const bystander = user('bystander');
    const showing = await open(node.wsUrl, { token: await token(u) });
    const notShowing = await open(node.wsUrl, { token: await token(bystander) });
    await Promise.all([showing, notShowing].map((c) => c.waitFor((f) => f.type === 'snapshot', 'snapshot')));
    const gone = `${id}-gone`;
    const feed = feedFor(u, ['c-keep', gone]);
    await producer.send('recommendations.v2', [feed, feedFor(bystander, ['c-keep'])]);
    await showing.waitFor((f) => f.type === 'feed', 'feed');
    await notShowing.waitFor((f) => f.type === 'feed', 'feed');
    await producer.tombstone('content.v1', [gone]);
    const removal = await showing.waitFor((f) => f.type === 'remove', 'remove');
    expect(removal).toMatchObject({ contentId: gone, feedId: feed.feedId });
    const later = feedFor(u, [gone, 'c-new']);
    await producer.send('recommendations.v2', [later]);
    expect(await showing.waitFor((f) => f.type === 'feed', 'later feed', 2)).toMatchObject({ removed: [gone], feed: { feedId: later.feedId } });
    expect(of(notShowing.frames, 'remove')).toEqual([]);
  });
});

describe('resume', () => {
  it('after a reconnect sends exactly what the device lacks: nothing, the removals, or the newer feed', async () => {
    const u = user('resume');
    const t = await token(u);
    const first = await open(node.wsUrl, { token: t });
    await first.waitFor((f) => f.type === 'snapshot', 'snapshot');
    const f1 = feedFor(u, ['c-a', 'c-b', 'c-c']);
    await producer.send('recommendations.v2', [f1]);
    const pushed = await first.waitFor((f) => f.type === 'feed', 'feed');
    await first.close();

    // Up to date: a resumed snapshot, then only what is new (the sentinel feed), no repeat of f1.
    const current = await open(node.wsUrl, { token: t, lastOffset: pushed.offset! });
    expect(await current.waitFor((f) => f.type === 'snapshot', 'snapshot')).toMatchObject({ resumed: true, offset: pushed.offset });
    expect(current.frames[0]).not.toHaveProperty('feed');
    await current.close();

    // Only removals while away: the removals, as deltas of f1.
    await producer.tombstone('content.v1', [`c-b`]);
    const watcher = await open(node.wsUrl, { token: t, lastOffset: pushed.offset! });
    await watcher.waitFor((f) => f.type === 'remove', 'remove');
    await watcher.close();
    const away = await open(node.wsUrl, { token: t, lastOffset: pushed.offset! });
    await away.waitFor((f) => f.type === 'remove', 'replayed remove');
    expect(away.frames.map((f) => f.type)).toEqual(['snapshot', 'remove']);
    expect(away.frames[1]).toMatchObject({ contentId: 'c-b', feedId: f1.feedId });
    const afterRemove = away.frames[1]!.offset!;
    await away.close();

    // A newer feed while away: one feed frame with the current state, not the history.
    const f2 = feedFor(u, ['c-d']);
    const f3 = feedFor(u, ['c-e']);
    await producer.send('recommendations.v2', [f2, f3]);
    const live = await open(node.wsUrl, { token: t });
    await live.waitFor((f) => f.feed?.feedId === f3.feedId, 'f3 (in the snapshot or pushed)');
    await live.close();
    const back = await open(node.wsUrl, { token: t, lastOffset: afterRemove });
    await back.waitFor((f) => f.type === 'feed', 'current feed');
    expect(back.frames.map((f) => f.type)).toEqual(['snapshot', 'feed']);
    expect(back.frames[1]).toMatchObject({ feed: { feedId: f3.feedId }, removed: [] });

    // An offset the stream no longer has: the full state, resumed false.
    const lost = await open(node.wsUrl, { token: t, lastOffset: '1-0' });
    expect(await lost.waitFor((f) => f.type === 'snapshot', 'snapshot')).toMatchObject({ resumed: false, feed: { feedId: f3.feedId } });
  });
});
