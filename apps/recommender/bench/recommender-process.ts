// The recommender as the benchmarks run it: one child process (forked by bench/*.ts), wired like
// src/main.ts (kafkajs producer with 2 ms linger, one ioredis client, the local archive store for
// model bundles) but with settings from BENCH_RECOMMENDER (JSON) and one addition: every write on
// the Redis client's socket is counted. ioredis sends a single command as one write and a whole
// pipeline as one write, so writes are the client's round trips to Redis.
// IPC: sends { ready } once consuming; answers 'stats' with { stats }; 'stop' stops and exits.
import { createLocalStore } from '@tessera/archive/object-store/local';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createKafka } from '@tessera/streams/kafka';
import { createProducer } from '@tessera/streams/producer';
import { topicNames } from '@tessera/streams/topic-names';
import { Redis } from 'ioredis';
import type { Socket } from 'node:net';
import { startRecommender } from '../src/app.js';
import type { RecommenderSettings } from '../src/app.js';

export interface ChildConfig {
  readonly brokers: string[];
  readonly prefix: string;
  readonly redisUrl: string;
  readonly archiveDir: string;
  readonly instanceId: string;
  readonly groupPrefix: string;
  readonly settings: RecommenderSettings;
}

export interface ChildStats {
  readonly roundTrips: number;
  readonly metrics: Awaited<ReturnType<ReturnType<typeof createMetricsRegistry>['getMetricsAsJSON']>>;
}

const config = JSON.parse(process.env.BENCH_RECOMMENDER ?? '{}') as ChildConfig;
const logger = createLogger({ name: 'recommender-bench', level: 'warn' });
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
let roundTrips = 0;
redis.on('connect', () => {
  const socket = (redis as unknown as { stream: Socket }).stream;
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  (socket as unknown as { write: (...args: unknown[]) => boolean }).write = (...args: unknown[]) => {
    roundTrips += 1;
    return write(...args);
  };
});
const kafka = createKafka({ brokers: config.brokers, clientId: 'recommender-bench' }, logger);
const names = topicNames(config.prefix);
const producer = createProducer({ kafka, names, lingerMs: 2 });
await producer.connect();
const registry = createMetricsRegistry({ app: 'recommender' });
const recommender = await startRecommender({
  kafka, redis, names, producer, store: createLocalStore(config.archiveDir), logger, registry,
  instanceId: config.instanceId, settings: config.settings,
  groups: { events: `${config.groupPrefix}-recommender`, content: `${config.groupPrefix}-recommender-content`, models: `${config.groupPrefix}-recommender-models` },
});

process.on('message', (message) => {
  if (message === 'stats') {
    void registry.getMetricsAsJSON().then((metrics) => process.send!({ stats: { roundTrips, metrics } satisfies ChildStats }));
  } else if (message === 'stop') {
    void (async () => {
      await recommender.stop();
      await producer.close();
      redis.disconnect();
      process.exit(0);
    })();
  }
});
process.on('disconnect', () => process.exit(1));
process.send!({ ready: true });
