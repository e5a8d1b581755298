// A device that stops reading (its TCP receive window fills, then the node's kernel buffer, then
// the socket's own buffer): the node must keep its memory for that socket under the cap, replace
// the waiting feed with newer ones (latest wins), disconnect it with slow_client, and meanwhile
// keep serving everyone else. The device then resumes from its last offset without a gap.
import type { TestBroker } from '@tessera/streams/testing';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { cleanRedis, eventually, provision, scopeNames, startTestBroker, testKafka, testRedis, uid } from '@tessera/streams/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, feedFor, metricValue, primeFeeds, SECRET, startTestNode } from './support.js';
import type { TestClient, TestNode } from './support.js';

const CAP = 64 * 1024;
let broker: TestBroker;
let redis: Redis;
let producer: StreamProducer;
let node: TestNode;
const clients: TestClient[] = [];
const id = uid();

beforeAll(async () => {
  broker = await startTestBroker();
  const kafka = testKafka(broker, 2);
  const names = scopeNames(id);
  redis = testRedis();
  await provision(kafka, names, ['recommendations.v2', 'content.v1', 'dlq.v1']);
  producer = createProducer({ kafka, names });
  await producer.connect();
  node = await startTestNode({ kafka, names, redis, nodeId: `${id}-n1`, groupId: `${id}-delivery`, options: { bufferCapBytes: CAP, slowClientTimeoutMs: 3_000 } });
  await primeFeeds(node.wsUrl, producer, await signDeviceToken(SECRET, { userId: `${id}-probe`, deviceId: 'p' }), `${id}-probe`);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await node?.stop();
  await producer?.close();
  await broker?.close();
  await cleanRedis(redis, id);
  redis.disconnect();
});

/** A feed of about 45 KB: 30 cards with long summaries. */
function bigFeed(userId: string, n: number) {
  const feed = feedFor(userId, Array.from({ length: 30 }, (_, i) => `c-${n}-${i}`));
  for (const card of feed.cards) card.content.summary = 'x'.repeat(1000);
  return feed;
}

describe('a client that never reads', () => {
  it('costs at most the cap, gets the latest feed only, is disconnected with slow_client, and resumes without a gap', async () => {
    const slowUser = `${id}-slow`;
    const slow = await connect(node.wsUrl, { token: await signDeviceToken(SECRET, { userId: slowUser, deviceId: 'd1' }) });
    const healthy = await connect(node.wsUrl, { token: await signDeviceToken(SECRET, { userId: `${id}-ok`, deviceId: 'd1' }) });
    clients.push(slow, healthy);
    await slow.waitFor((f) => f.type === 'snapshot', 'snapshot');
    slow.ws.pause(); // stops reading the TCP socket
    const session = [...node.node.sessions.forUser(slowUser)!][0]!;

    let maxBuffered = 0;
    let maxFrame = 0;
    let last = bigFeed(slowUser, 0);
    for (let n = 0; n < 400 && (await metricValue(node.registry, 'tessera_delivery_superseded_total')) < 3; n += 1) {
      last = bigFeed(slowUser, n);
      maxFrame = Math.max(maxFrame, Buffer.byteLength(JSON.stringify(last)) + 200);
      await producer.send('recommendations.v2', [last]);
      maxBuffered = Math.max(maxBuffered, session.bufferedBytes());
    }
    expect(await metricValue(node.registry, 'tessera_delivery_superseded_total')).toBeGreaterThanOrEqual(3);

    // Everyone else is still served while the slow socket is stuck.
    const forHealthy = feedFor(`${id}-ok`, ['c-ok']);
    await producer.send('recommendations.v2', [forHealthy]);
    await healthy.waitFor((f) => f.type === 'feed' && f.feed?.feedId === forHealthy.feedId, 'the healthy client\'s feed');

    await eventually(async () => ((await metricValue(node.registry, 'tessera_delivery_slow_client_disconnects_total')) === 1 ? true : undefined), 'the slow-client disconnect');
    maxBuffered = Math.max(maxBuffered, session.bufferedBytes());
    // One frame may be written into an empty buffer even if it alone exceeds the cap.
    expect(maxBuffered).toBeLessThanOrEqual(CAP + maxFrame);
    expect(session.closing).toBe(true);

    // Reading again, the device finds the close code after what had been buffered...
    slow.ws.resume();
    expect(await slow.waitClosed()).toBe(4002);
    const feeds = slow.frames.filter((f) => f.type === 'feed');
    const lastOffset = (feeds.at(-1) ?? slow.frames[0])!.offset!;
    expect(feeds.map((f) => f.feed?.feedId)).not.toContain(last.feedId);
    // ...and resuming from the last frame it applied brings it to the latest feed, once.
    const back = await connect(node.wsUrl, { token: await signDeviceToken(SECRET, { userId: slowUser, deviceId: 'd1' }), lastOffset });
    clients.push(back);
    await back.waitFor((f) => f.type === 'feed', 'the latest feed');
    expect(back.frames.map((f) => f.type)).toEqual(['snapshot', 'feed']);
    expect(back.frames[0]).toMatchObject({ resumed: true });
    expect(back.frames[1]?.feed?.feedId).toBe(last.feedId);
  });
});
