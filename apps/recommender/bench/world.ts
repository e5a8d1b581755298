// What the recommender benchmarks share: a private redis-server (its INFO commandstats belong to
// the run alone), the embedded broker over TCP with the catalogue's topics under a run prefix,
// the recommender as a child process (bench/recommender-process.ts), the world the upstream apps
// would leave (content on content.v1, profiles and the active registry in Redis, interactions on
// interactions.enriched.v1), a real model trained by the trainer's own run on archived events,
// and a watcher of the feeds on recommendations.v2.
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { ObjectStore } from '@tessera/archive/object-store';
import { archiveEvents } from '@tessera/archive/testing';
import { redisKeys } from '@tessera/contracts/redis/keys';
import { segmentId } from '@tessera/contracts/redis/segment';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { Feed } from '@tessera/contracts/schemas/feed';
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import { fnv1a } from '@tessera/features/hash';
import type { SimUser } from '@tessera/population/users';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { provision, scopeNames, silent, startTestBroker, testKafka, uid } from '@tessera/streams/testing';
import type { TestBroker } from '@tessera/streams/testing';
import type { TopicNames } from '@tessera/streams/topic-names';
import { trainOnce } from '@tessera/trainer/train-run';
import { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { RecommenderSettings } from '../src/app.js';
import type { ChildConfig, ChildStats } from './recommender-process.js';

export const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const appDir = fileURLToPath(new URL('..', import.meta.url));

/** Everything started, stopped on exit and on Ctrl-C. */
const cleanups: (() => Promise<void> | void)[] = [];
export async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
}
process.once('SIGINT', () => { void cleanup().then(() => process.exit(130)); });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface World {
  readonly id: string;
  readonly broker: TestBroker;
  readonly kafka: Kafka;
  readonly names: TopicNames;
  readonly producer: StreamProducer;
  readonly redis: Redis;
  readonly redisUrl: string;
  readonly redisPid: number;
  readonly archiveDir: string;
  readonly store: ObjectStore;
}

export async function startWorld(): Promise<World> {
  const id = uid('rbench');
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  cleanups.push(() => { server.kill('SIGTERM'); });
  process.once('exit', () => { if (server.exitCode === null) server.kill('SIGKILL'); }); // however the run ends
  const redisUrl = `redis://127.0.0.1:${port}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 5, retryStrategy: (n) => Math.min(n * 50, 500) });
  cleanups.push(() => { redis.disconnect(); });
  redis.on('error', () => undefined); // refused until redis-server listens; the pings below wait
  for (let i = 0; ; i += 1) {
    try {
      await redis.ping();
      break;
    } catch (error) {
      if (i > 100) throw error;
      await sleep(100);
    }
  }
  const broker = await startTestBroker();
  cleanups.push(() => broker.close());
  const kafka = testKafka(broker);
  const names = scopeNames(id);
  await provision(kafka, names, ['content.v1', 'users.v1', 'interactions.enriched.v1', 'beacons.enriched.v1', 'recommendations.v2', 'models.v1', 'dlq.v1']);
  const producer = createProducer({ kafka, names, lingerMs: 2 });
  await producer.connect();
  cleanups.push(() => producer.close());
  const archiveDir = await mkdtemp(join(tmpdir(), 'recommender-bench-'));
  cleanups.push(() => rm(archiveDir, { recursive: true, force: true }));
  return { id, broker, kafka, names, producer, redis, redisUrl, redisPid: server.pid!, archiveDir, store: createLocalStore(archiveDir) };
}

export interface Child {
  readonly pid: number;
  stats(): Promise<ChildStats>;
  stop(): Promise<void>;
}

/** The recommender in its own process, consuming as the group `groupPrefix` (resumes where the last one stopped). */
export async function startRecommenderProcess(world: World, settings: RecommenderSettings, groupPrefix: string): Promise<Child> {
  const config: ChildConfig = {
    brokers: [...world.broker.brokers], prefix: world.id, redisUrl: world.redisUrl,
    archiveDir: world.archiveDir, instanceId: uid('rec'), groupPrefix, settings,
  };
  const child: ChildProcess = fork('bench/recommender-process.ts', [], {
    cwd: appDir, execArgv: ['--import', 'tsx', ...(process.env.BENCH_RECOMMENDER_NODE_ARGS ?? '').split(' ').filter(Boolean)], env: { ...process.env, BENCH_RECOMMENDER: JSON.stringify(config) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const kill = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
  cleanups.push(kill);
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`recommender process exited with ${code}`)));
    child.on('message', (m) => { if ((m as { ready?: boolean }).ready) resolve(); });
  });
  return {
    pid: child.pid!,
    stats: () => new Promise((resolve) => {
      const on = (m: unknown) => {
        const s = (m as { stats?: ChildStats }).stats;
        if (!s) return;
        child.off('message', on);
        resolve(s);
      };
      child.on('message', on);
      child.send('stats');
    }),
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.send('stop');
      await Promise.race([exited, sleep(30_000)]);
      kill();
    },
  };
}

/** A metric's value from the child's registry (summed over series matching `labels`). */
export function metricValue(stats: ChildStats, name: string, labels: Record<string, string> = {}): number {
  const m = stats.metrics.find((x) => x.name === name);
  if (!m) return 0;
  return (m.values as { value: number; labels: Record<string, unknown>; metricName?: string }[])
    .filter((v) => v.metricName === undefined || v.metricName === name)
    .filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))
    .reduce((s, v) => s + v.value, 0);
}

/** Sum and count of a histogram in the child's registry. */
export function histogramTotals(stats: ChildStats, name: string): { sum: number; count: number } {
  const m = stats.metrics.find((x) => x.name === name);
  const values = (m?.values ?? []) as { value: number; metricName?: string }[];
  const pick = (suffix: string) => values.filter((v) => v.metricName === `${name}_${suffix}`).reduce((s, v) => s + v.value, 0);
  return { sum: pick('sum'), count: pick('count') };
}

/** Content on content.v1 (the content role fills the table and the fresh indexes). */
export async function publishContent(world: World, items: readonly ContentItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += 500) await world.producer.send('content.v1', items.slice(i, i + 500));
  const last = items[items.length - 1]!;
  for (let i = 0; (await world.redis.exists(redisKeys.contentItem(last.contentId))) !== 1; i += 1) {
    if (i > 1200) throw new Error('the content table did not fill in 2 minutes');
    await sleep(100);
  }
}

/** What users-cdc and the users table leave in Redis: each user's profile hash. */
export async function putProfiles(world: World, users: readonly SimUser[], at: number): Promise<void> {
  const pipeline = world.redis.pipeline();
  for (const u of users) {
    const profile = { eventId: '018bcfe5-6800-7070-9c1c-1f0707070707', occurredAt: at, receivedAt: at, userId: u.userId, ...u.profile };
    pipeline.hset(redisKeys.userProfile(u.userId), { value: JSON.stringify(profile), partition: 0, offset: 1 });
  }
  await pipeline.exec();
}

/** What the beacon enricher leaves for a beacon: the active registry entry (feeds only go to active users). */
export async function markActive(world: World, users: readonly SimUser[], at: number): Promise<void> {
  const pipeline = world.redis.pipeline();
  for (const u of users) {
    const segment = segmentId({ language: u.profile.languages[0] ?? 'en', country: u.profile.country });
    pipeline.hset(redisKeys.userActive(u.userId), { lastSeenAt: at, appState: 'locked', deviceId: u.deviceId, segment });
    pipeline.zadd(redisKeys.segmentActiveUsers(segment), at, u.userId);
  }
  await pipeline.exec();
}

export async function sendInteractions(world: World, events: readonly EnrichedInteraction[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) await world.producer.send('interactions.enriched.v1', events.slice(i, i + 1000));
}

/**
 * A real model: the events and content archived the way the archiver writes them, then the
 * trainer's own run (replay into feature rows, FM training, ONNX export with the parity gate,
 * bundle upload) into the store the recommender reads, its release on models.v1.
 */
export async function trainAndRelease(world: World, content: readonly ContentItem[], events: readonly EnrichedInteraction[], now: number): Promise<ModelRelease> {
  await archiveEvents(world.store, { topic: world.names.physical('content.v1'), values: content as never, key: (v) => String(v.contentId) });
  await archiveEvents(world.store, {
    topic: world.names.physical('interactions.enriched.v1'), values: events as never, key: (v) => String(v.userId),
    partitionOf: (v) => fnv1a(String(v.userId)) % 3, perObject: 5_000,
  });
  let release: ModelRelease | undefined;
  const outcome = await trainOnce({ store: world.store, names: world.names, logger: silent, now: () => now, publish: async (r) => { release = r; } }, {
    featureSet: LIVE_FEATURES, modelName: 'ctr', archivePrefix: '', windowMs: 24 * 3_600_000, evalPercent: 20,
    attributionMs: 10 * 60_000, minPositives: 30, factors: 4, epochs: 3,
  });
  if (!outcome.published || !release) throw new Error(`the trainer published no model: ${outcome.published ? '' : outcome.detail}`);
  log(`model ${release.version}: AUC ${outcome.card.metrics.auc.toFixed(3)} (popularity ${outcome.card.metrics.baselineAuc.toFixed(3)}), ${outcome.card.rows.train} training rows`);
  await world.producer.send('models.v1', [release]);
  return release;
}

export interface SeenFeed {
  readonly feed: Feed;
  /** Kafka timestamp of the feed record (set by the recommender's producer). */
  readonly producedAt: number;
}

/** Every feed on recommendations.v2 from now on, with listeners. */
export async function watchFeeds(world: World, onFeed: (f: SeenFeed) => void): Promise<() => Promise<void>> {
  const consumer = world.kafka.consumer({ groupId: uid('feeds'), maxWaitTimeInMs: 100, maxBytesPerPartition: 4 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [world.names.physical('recommendations.v2')], fromBeginning: false });
  // A group from the latest offset: wait until it is assigned before anything is produced.
  const joined = new Promise<void>((resolve) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => { off(); resolve(); });
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (!message.value) return;
      onFeed({ feed: JSON.parse(message.value.toString()) as Feed, producedAt: Number(message.timestamp) });
    },
  });
  await joined;
  const stop = () => consumer.disconnect();
  cleanups.push(stop);
  return stop;
}

/** Commands Redis executed (INFO commandstats), by command, including those run inside scripts. */
export async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const text = await redis.info('commandstats');
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(m[1]!, Number(m[2]));
  return out;
}

export function statsDelta(after: Map<string, number>, before: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of after) if (v - (before.get(k) ?? 0) > 0) out.set(k, v - (before.get(k) ?? 0));
  return out;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
