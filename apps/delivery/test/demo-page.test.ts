// The lock-screen demo page in headless Chromium (Debian's package, driven by playwright-core):
// it signs in as a demo user through the dev token endpoint, shows the recommender's latest
// card, a tap reaches interactions.v1 through clicks-tracker (CORS for the page's origin), the
// unlock button reaches beacons.v1 through beacon, and a feed produced after the tap (the test
// plays the recommender) replaces the card on the page.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBeaconApp } from '@tessera/beacon/src/app.js';
import { buildTrackerApp } from '@tessera/clicks-tracker/app';
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { TestBroker } from '@tessera/streams/testing';
import { createVerifier } from '@tessera/device-auth/verifier';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { cleanRedis, collect, eventually, provision, scopeNames, silent, startTestBroker, testKafka, testRedis, uid } from '@tessera/streams/testing';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedFor, primeFeeds, SECRET, startTestNode } from './support.js';
import type { TestNode } from './support.js';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let broker: TestBroker;
let redis: Redis;
let producer: StreamProducer;
let node: TestNode;
let clicks: FastifyInstance;
let beacon: FastifyInstance;
let browser: BrowserContext | undefined;
let profileDir: string;
const id = uid();
const user = `${id}-ana`;
let kafkaRef: ReturnType<typeof testKafka>;
let names: ReturnType<typeof scopeNames>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  broker = await startTestBroker();
  kafkaRef = testKafka(broker, 2);
  names = scopeNames(id);
  redis = testRedis();
  await provision(kafkaRef, names, ['recommendations.v2', 'content.v1', 'dlq.v1', 'interactions.v1', 'beacons.v1']);
  producer = createProducer({ kafka: kafkaRef, names });
  await producer.connect();
  const [clicksPort, beaconPort] = [await freePort(), await freePort()];
  const clicksUrl = `http://127.0.0.1:${clicksPort}`;
  const beaconUrl = `http://127.0.0.1:${beaconPort}`;
  node = await startTestNode({
    kafka: kafkaRef, names, redis, nodeId: `${id}-n1`, groupId: `${id}-delivery`,
    demo: { users: [{ userId: user, deviceId: 'ana-phone' }], hs256Secret: SECRET, clicksUrl, beaconUrl },
  });
  const verify = await createVerifier({ keys: { kind: 'hs256', secret: SECRET } });
  const edge = { verify, rateLimit: { max: 100, timeWindowMs: 60_000 }, bodyLimit: 65_536, logger: silent, corsOrigins: [node.url] };
  clicks = await buildTrackerApp({ ...edge, registry: createMetricsRegistry({ app: 'clicks-test' }), maxBatch: 50, publish: (events) => producer.send('interactions.v1', events) });
  beacon = await buildBeaconApp({ ...edge, registry: createMetricsRegistry({ app: 'beacon-test' }), maxBatch: 50, publish: (beacons) => producer.send('beacons.v1', beacons) });
  await clicks.listen({ host: '127.0.0.1', port: clicksPort });
  await beacon.listen({ host: '127.0.0.1', port: beaconPort });
  await primeFeeds(node.wsUrl, producer, await signDeviceToken(SECRET, { userId: `${id}-probe`, deviceId: 'p' }), `${id}-probe`);
  profileDir = await mkdtemp(join(tmpdir(), 'tessera-chromium-'));
}, 90_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await node?.stop();
  await clicks?.close();
  await beacon?.close();
  await producer?.close();
  await broker?.close();
  await cleanRedis(redis, id);
  redis.disconnect();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

describe('the lock-screen demo page', () => {
  it('shows the card, posts a tap to interactions.v1 and an unlock to beacons.v1, and shows the next card', async () => {
    const first = feedFor(user, ['c-first', 'c-second']);
    first.cards[0]!.content.title = 'Lisbon wins the derby';
    await redis.set(redisKeys.userFeed(user), JSON.stringify(first));
    const interactions = await collect(kafkaRef, names.physical('interactions.v1'));
    const beacons = await collect(kafkaRef, names.physical('beacons.v1'));
    try {
      browser = await chromium.launchPersistentContext(profileDir, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
      const page = browser.pages()[0] ?? await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${node.url}/demo/?user=${user}`);

      await page.locator('#card-title', { hasText: 'Lisbon wins the derby' }).waitFor({ timeout: 20_000 });
      expect(await page.locator('#status').getAttribute('data-state')).toBe('open');
      expect(await page.locator('#log li').first().textContent()).toContain('snapshot');

      await page.click('#tap');
      const click = await eventually(() => interactions.messages.map((m) => JSON.parse(m.value!.toString()) as Record<string, unknown>).find((v) => v.type === 'click'), 'the tap on interactions.v1');
      expect(click).toMatchObject({ userId: user, deviceId: 'ana-phone', contentId: 'c-first', feedId: first.feedId, position: 0, surface: 'lock_screen' });

      await page.click('#unlock');
      const unlocked = await eventually(() => beacons.messages.map((m) => JSON.parse(m.value!.toString()) as Record<string, unknown>)[0], 'the unlock beacon on beacons.v1');
      expect(unlocked).toMatchObject({ userId: user, deviceId: 'ana-phone', appState: 'foreground', platform: 'web' });

      const next = feedFor(user, ['c-next'], { triggerEventId: click.eventId });
      next.cards[0]!.content.title = 'A fact about octopuses';
      await producer.send('recommendations.v2', [next]);
      await page.locator('#card-title', { hasText: 'A fact about octopuses' }).waitFor({ timeout: 20_000 });
      expect(await page.locator('#card').getAttribute('data-feed-id')).toBe(next.feedId);
      await page.screenshot({ path: join(tmpdir(), 'tessera-demo-page.png') });
      expect(pageErrors).toEqual([]);
    } finally {
      await interactions.stop();
      await beacons.stop();
    }
  });
});
