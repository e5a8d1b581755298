// What the recommender suites add to @tessera/streams/testing: a running recommender on the
// embedded broker and the machine's Redis (random topic prefix, group ids and user ids per suite),
// helpers that put the world in place the way the upstream apps do (content on content.v1, a
// profile in the users table, a beacon in the active registry and on beacons.enriched.v1,
// interactions on interactions.enriched.v1), and a reader of the feeds that come out.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { ObjectStore } from '@tessera/archive/object-store';
import { decodeValue } from '@tessera/contracts/codec';
import { redisKeys } from '@tessera/contracts/redis/keys';
import { segmentId } from '@tessera/contracts/redis/segment';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { Feed } from '@tessera/contracts/schemas/feed';
import type { InteractionType } from '@tessera/contracts/schemas/interaction';
import type { UserAttributes } from '@tessera/contracts/schemas/user-profile';
import type { TestBroker } from '@tessera/streams/testing';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { cleanRedis, collect, eventId, provision, scopeNames, silent, startTestBroker, testKafka, testRedis, uid } from '@tessera/streams/testing';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Redis } from 'ioredis';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Registry } from 'prom-client';
import { startRecommender } from '../src/app.js';
import type { Recommender, RecommenderSettings } from '../src/app.js';

/** UUIDv7-shaped event ids: the streams test kit's. */
export { eventId };


export const SETTINGS: RecommenderSettings = {
  modelName: 'ctr',
  scorerWorkers: 1,
  feed: { size: 5, perCategory: 3, explorationSlot: undefined, modelPercent: 100, maxCandidates: 300, activeWindowMs: 30 * 60_000 },
  beaconGapMs: 10 * 60_000,
  mergeIntervalMs: 200,
  concurrency: 4,
  breakingFanout: 1000,
  sessionTimeoutMs: 6_000,
};

export interface Harness {
  readonly id: string;
  /**
   * Languages no other running suite uses (ISO 639 private-use codes, qaa–qtz, claimed in Redis):
   * segments, their fresh, popular and trending lists are shared keys, so a suite that counts what
   * a segment holds must be alone in it, even beside another run of the same suite.
   */
  readonly languages: { readonly main: string; readonly other: string };
  readonly broker: TestBroker;
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly names: TopicNames;
  readonly producer: StreamProducer;
  readonly store: ObjectStore;
  readonly registry: Registry;
  recommender: Recommender;
  readonly feeds: KafkaMessage[];
  /** userId -> feeds received on recommendations.v2, in order. */
  feedsOf(userId: string): Feed[];
  restart(settings?: Partial<RecommenderSettings>): Promise<void>;
  close(): Promise<void>;
}

const LANGUAGE_CLAIM_MS = 3_600_000;
const claimKey = (language: string) => `test:recommender:language:${language}`;

/** Claims a private-use language code no other suite holds (SET NX; expires after an hour if a run dies). */
async function claimLanguage(redis: Redis, owner: string): Promise<string> {
  const codes: string[] = [];
  for (const second of 'abcdefghijklmnopqrst') for (const third of 'abcdefghijklmnopqrstuvwxyz') codes.push(`q${second}${third}`);
  for (let i = codes.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [codes[i], codes[j]] = [codes[j]!, codes[i]!];
  }
  for (const code of codes) if ((await redis.set(claimKey(code), owner, 'PX', LANGUAGE_CLAIM_MS, 'NX')) === 'OK') return code;
  throw new Error('every private-use language code is claimed by a running suite');
}

export async function startHarness(settings: Partial<RecommenderSettings> = {}): Promise<Harness> {
  const id = uid('rec');
  const broker = await startTestBroker();
  const kafka = testKafka(broker);
  const names = scopeNames(id);
  await provision(kafka, names, ['content.v1', 'users.v1', 'interactions.enriched.v1', 'beacons.enriched.v1', 'recommendations.v2', 'models.v1', 'dlq.v1']);
  const redis = testRedis();
  const languages = { main: await claimLanguage(redis, id), other: await claimLanguage(redis, id) };
  const producer = createProducer({ kafka, names });
  await producer.connect();
  const dir = await mkdtemp(join(tmpdir(), 'recommender-'));
  const store = createLocalStore(dir);
  const registry = createMetricsRegistry({ app: 'recommender-test' });
  const start = (s: Partial<RecommenderSettings>) => startRecommender({
    kafka, redis, names, producer, store, logger: silent, registry, instanceId: id,
    settings: { ...SETTINGS, ...s },
    groups: { events: `${id}-recommender`, content: `${id}-recommender-content`, models: `${id}-recommender-models` },
  });
  const reader = await collect(kafka, names.physical('recommendations.v2'));
  const harness: Harness = {
    id, languages, broker, kafka, redis, names, producer, store, registry,
    recommender: await start(settings),
    feeds: reader.messages,
    feedsOf: (userId) => reader.messages
      .filter((m) => m.key?.toString() === userId)
      .map((m) => {
        const decoded = decodeValue('recommendations.v2', m.value);
        if (!decoded.ok) throw new Error(`invalid feed on recommendations.v2: ${decoded.error.message}`);
        return decoded.value as Feed;
      }),
    async restart(s = {}) {
      await harness.recommender.stop();
      registry.clear();
      harness.recommender = await start({ ...settings, ...s });
    },
    async close() {
      await harness.recommender?.stop().catch(() => undefined);
      await reader.stop().catch(() => undefined);
      await producer.close().catch(() => undefined);
      await broker.close();
      await cleanRedis(redis, id);
      await redis.del(claimKey(languages.main), claimKey(languages.other));
      redis.disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** A content item of the scope: language, categories and story as given. */
export function item(h: Harness, n: number, overrides: Partial<ContentItem> = {}): ContentItem {
  const now = Date.now();
  const contentId = `${h.id}-c${n}`;
  return {
    eventId: eventId(), occurredAt: now - 60_000, receivedAt: now - 60_000, contentId, storyId: `${h.id}-s${n}`, kind: 'news',
    url: `https://example.org/${contentId}`, title: `Story ${n}`, languages: [h.languages.main], regions: [], categories: ['science'],
    priority: 'normal', publishedAt: now - 120_000, expiresAt: now + 6 * 3_600_000,
    source: { sourceId: 'src-1', name: 'Example', via: 'rss' }, ...overrides,
  };
}

/** A profile in the scope's main language. */
export function attributes(h: Harness, overrides: Partial<UserAttributes> = {}): UserAttributes {
  const now = Date.now();
  return { createdAt: now - 86_400_000, updatedAt: now - 86_400_000, country: 'GB', languages: [h.languages.main], interests: [], timeZone: 'Europe/London', ...overrides };
}

/** What users-cdc + the users table leave in Redis: the profile hash (streams table format). */
export async function putProfile(h: Harness, userId: string, attrs: UserAttributes): Promise<void> {
  const profile = { eventId: eventId(), occurredAt: attrs.updatedAt, receivedAt: attrs.updatedAt, userId, ...attrs };
  await h.redis.hset(redisKeys.userProfile(userId), { value: JSON.stringify(profile), partition: 0, offset: 1 });
}

/** What the beacon enricher does for a beacon: the active registry entry, then beacons.enriched.v1. */
export async function beacon(h: Harness, userId: string, attrs: UserAttributes | undefined, at = Date.now()): Promise<void> {
  const segment = segmentId({ language: attrs?.languages[0] ?? 'en', country: attrs?.country });
  await h.redis.hset(redisKeys.userActive(userId), { lastSeenAt: at, appState: 'locked', deviceId: `${userId}-d`, segment });
  await h.redis.zadd(redisKeys.segmentActiveUsers(segment), at, userId);
  await h.producer.send('beacons.enriched.v1', [{
    eventId: eventId(), occurredAt: at, receivedAt: at, userId, deviceId: `${userId}-d`, appState: 'locked', locale: attrs?.languages[0] ?? 'en',
    platform: 'android', appVersion: '1.0.0', enrichedAt: at, ...(attrs ? { user: attrs } : {}),
  }]);
}

export function interaction(userId: string, contentId: string, type: InteractionType, attrs: UserAttributes | undefined, overrides: Partial<EnrichedInteraction> = {}): EnrichedInteraction {
  const at = Date.now();
  return {
    eventId: eventId(), occurredAt: at, receivedAt: at, userId, deviceId: `${userId}-d`, type, contentId, feedId: eventId(), position: 0,
    ...(type === 'impression' ? { onScreenMs: 1200 } : {}), ...(type === 'watch' ? { watchedMs: 5000 } : {}),
    enrichedAt: at, ...(attrs ? { user: attrs } : {}), ...overrides,
  };
}

/** The value of a prom-client series (summed over labels matching `labels`). */
export async function metric(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = registry.getSingleMetric(name);
  if (!m) return 0;
  const data = await m.get();
  return data.values
    .filter((v) => !('metricName' in v) || v.metricName === name || v.metricName === undefined)
    .filter((v) => Object.entries(labels).every(([k, val]) => (v.labels as Record<string, unknown>)[k] === val))
    .reduce((s, v) => s + v.value, 0);
}
