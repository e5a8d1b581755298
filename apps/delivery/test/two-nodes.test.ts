// Two delivery nodes as separate processes (src/main.ts), one consumer group, one Redis: a feed
// consumed on one node reaches sockets on the other, a user with two devices on two nodes gets it
// on both, and when a node is SIGKILLed its clients resume on the other with no gap and no
// duplicate. The test plays the recommender (produces feeds) and the devices.
import type { TestBroker } from '@tessera/streams/testing';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { redisKeys } from '@tessera/contracts/redis/keys';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { cleanRedis, provision, scopeNames, stableMembers, startTestBroker, testKafka, testRedis, uid, until } from '@tessera/streams/testing';
import type { Redis } from 'ioredis';
import { Partitioners } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareOffsets } from '../src/protocol/offsets.js';
import { startNodeProcess } from './node-process.js';
import type { NodeProcess } from './node-process.js';
import { connect, feedFor, SECRET } from './support.js';
import type { Frame, TestClient } from './support.js';

let broker: TestBroker;
let kafka: Kafka;
let redis: Redis;
let producer: StreamProducer;
let a: NodeProcess;
let b: NodeProcess;
const clients: TestClient[] = [];
const id = uid();
const group = `${id}-delivery`;
const token = (userId: string, deviceId = 'd1') => signDeviceToken(SECRET, { userId, deviceId });

async function open(wsUrl: string, userId: string, deviceId = 'd1', lastOffset?: string): Promise<TestClient> {
  const c = await connect(wsUrl, { token: await token(userId, deviceId), ...(lastOffset ? { lastOffset } : {}) });
  clients.push(c);
  await c.waitFor((f) => f.type === 'snapshot', 'snapshot');
  return c;
}

/** The partition kafkajs' default partitioner gives a key among 3 (what the producer does). */
const partitioner = Partitioners.DefaultPartitioner();
const partitionOf = (key: string) => partitioner({ topic: 't', partitionMetadata: [0, 1, 2].map((p) => ({ partitionId: p, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] })), message: { key, value: null } });

async function metric(node: NodeProcess, name: string): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(name)).reduce((s, l) => s + Number(l.split(' ').at(-1)), 0);
}

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = testKafka(broker, 2);
  const names = scopeNames(id);
  redis = testRedis();
  await provision(kafka, names, ['recommendations.v2', 'content.v1', 'dlq.v1']);
  producer = createProducer({ kafka, names });
  await producer.connect();
  const env = (nodeId: string) => ({
    NODE_ID: nodeId, KAFKA_BROKERS: broker.brokers.join(','), TOPIC_PREFIX: names.prefix, REDIS_URL: 'redis://127.0.0.1:6379',
    JWT_HS256_SECRET: SECRET, FEEDS_GROUP: group, TAKEDOWNS_GROUP: `${id}-takedowns`, KAFKA_SESSION_TIMEOUT: '6s',
    PROVISION_TOPICS: 'false', PRESENCE_TTL: '20s', DRAIN_PERIOD: '200ms',
  });
  [a, b] = await Promise.all([startNodeProcess(env(`${id}-a`)), startNodeProcess(env(`${id}-b`))]);
  // Both members hold partitions before anything is produced (a new group starts at the end).
  await until(async () => (await stableMembers(kafka, group)) === 2, 'both nodes in the feeds group', 60_000);
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([a?.kill(), b?.kill()]);
  await producer?.close();
  await broker?.close();
  await cleanRedis(redis, id);
  redis.disconnect();
});

const feedsOf = (frames: Frame[]) => frames.filter((f) => f.type === 'feed').map((f) => f.feed!.feedId);

describe('two nodes', () => {
  it('delivers feeds consumed on either node to sockets on the other, and to every device of a user', async () => {
    // Users on every partition, all connected to B: whichever node consumes a partition, B's sockets get the feeds.
    const users: string[] = [];
    for (let n = 0; users.length < 6; n += 1) {
      const u = `${id}-b${n}`;
      if (users.filter((x) => partitionOf(x) === partitionOf(u)).length < 2) users.push(u);
    }
    expect(new Set(users.map(partitionOf)).size).toBe(3);
    const onB = await Promise.all(users.map((u) => open(b.wsUrl, u)));
    const twoDevices = `${id}-both`;
    const phoneOnA = await open(a.wsUrl, twoDevices, 'phone');
    const tabletOnB = await open(b.wsUrl, twoDevices, 'tablet');
    const expected = users.map((u) => feedFor(u, [`c-${u}`]));
    const shared = feedFor(twoDevices, ['c-shared']);
    await producer.send('recommendations.v2', [...expected, shared]);
    await Promise.all(onB.map((c, i) => c.waitFor((f) => f.type === 'feed' && f.feed?.feedId === expected[i]!.feedId, `feed of ${users[i]}`)));
    await phoneOnA.waitFor((f) => f.type === 'feed', 'the phone on A');
    await tabletOnB.waitFor((f) => f.type === 'feed', 'the tablet on B');
    expect(feedsOf(phoneOnA.frames)).toEqual([shared.feedId]);
    expect(feedsOf(tabletOnB.frames)).toEqual([shared.feedId]);
    // A consumed some of B's users' partitions and forwarded them through Redis.
    expect(await metric(a, 'tessera_delivery_feeds_forwarded_total')).toBeGreaterThan(0);
    expect(await metric(b, 'tessera_delivery_forwards_received_total')).toBeGreaterThan(0);
    expect(await redis.hkeys(redisKeys.userPresence(twoDevices))).toEqual(expect.arrayContaining([`${id}-a`, `${id}-b`]));
  });

  it('when A is killed, its clients resume on B with no gap and no duplicate', async () => {
    const u = `${id}-survivor`;
    const onA = await open(a.wsUrl, u);
    const before = [feedFor(u, ['c-1']), feedFor(u, ['c-2'])];
    for (const f of before) await producer.send('recommendations.v2', [f]);
    await onA.waitFor((f) => f.type === 'feed', 'second feed on A', 2);
    expect(feedsOf(onA.frames)).toEqual(before.map((f) => f.feedId));
    const lastOffset = onA.frames.filter((f) => f.type === 'feed').at(-1)!.offset!;

    await a.kill();
    expect(await onA.waitClosed()).toBe(1006); // no close frame: the process is gone

    const after = [feedFor(u, ['c-3']), feedFor(u, ['c-4'])];
    await producer.send('recommendations.v2', [after[0]!]);
    const onB = await open(b.wsUrl, u, 'd1', lastOffset);
    expect(onB.frames[0]).toMatchObject({ resumed: true, offset: lastOffset });
    await producer.send('recommendations.v2', [after[1]!]);
    // B takes over A's partitions after the session timeout; what A consumed but did not commit
    // is consumed again, and must not reach the device twice.
    await onB.waitFor((f) => f.type === 'feed' && f.feed?.feedId === after[1]!.feedId, 'the last feed on B');
    const seen = [...feedsOf(onA.frames), ...feedsOf(onB.frames)];
    // Every feed once, in order; c-3 may have been superseded by c-4 before B delivered it.
    expect(seen.slice(0, 2)).toEqual(before.map((f) => f.feedId));
    expect(seen.at(-1)).toBe(after[1]!.feedId);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((x) => !before.concat(after).some((f) => f.feedId === x))).toEqual([]);
    const offsets = [...onA.frames, ...onB.frames].filter((f) => f.type === 'feed').map((f) => f.offset!);
    expect([...offsets].sort(compareOffsets)).toEqual(offsets);
  });

  it('B drains on SIGTERM: its clients are told to reconnect elsewhere and it exits 0', async () => {
    const c = await open(b.wsUrl, `${id}-drained`);
    const code = await b.stop();
    expect(await c.waitClosed()).toBe(4000);
    expect(code).toBe(0);
  });
});
