// recommender process: wires configuration, clients and the app (models, content, interactions
// and beacons → windows, user state, feeds on recommendations.v2); /metrics and probes on
// OPS_PORT; SIGTERM stops the consumers (a batch in flight finishes and commits), then the clients.
import { hostname } from 'node:os';
import { storeFromConfig } from '@tessera/archive/store-config';
import { TOPIC_NAMES } from '@tessera/contracts/topics';
import { loadConfigOrExit } from '@tessera/platform/config';
import { redactConfig } from '@tessera/platform/config/describe';
import { createHealth } from '@tessera/platform/health';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { startOpsServer } from '@tessera/platform/ops-server';
import { createShutdown } from '@tessera/platform/shutdown';
import { createKafka } from '@tessera/streams/kafka';
import { kafkaSettingsOrExit } from '@tessera/streams/kafka-config';
import { createProducer } from '@tessera/streams/producer';
import { provisionAtStart } from '@tessera/streams/provision-at-start';
import { topicNames } from '@tessera/streams/topic-names';
import { Redis } from 'ioredis';
import { startRecommender } from './app.js';
import { RecommenderEnv } from './config.js';

const config = loadConfigOrExit(RecommenderEnv);
const logger = createLogger({ name: 'recommender', level: config.LOG_LEVEL });
logger.info({ config: redactConfig(RecommenderEnv, config) }, 'starting');
const shutdown = createShutdown({ logger, deadlineMs: 60_000 });
const registry = createMetricsRegistry({ app: 'recommender' });
const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });

const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
shutdown.register('redis', async () => { await redis.quit(); }, 'clients');
const store = storeFromConfig(config, process.env.INIT_CWD ?? process.cwd());
const kafka = createKafka(kafkaSettingsOrExit(config, 'recommender'), logger);
const names = topicNames(config.TOPIC_PREFIX);
if (config.PROVISION_TOPICS) await provisionAtStart(kafka, names, config.TESSERA_ENV, TOPIC_NAMES, logger);
const producer = createProducer({ kafka, names, lingerMs: 2 });
await producer.connect();
shutdown.register('kafka producer', () => producer.close(), 'clients');

const recommender = await startRecommender({
  kafka, redis, names, producer, store, logger, registry,
  instanceId: `${hostname()}-${process.pid}`,
  settings: {
    modelName: config.MODEL_NAME,
    scorerWorkers: config.SCORER_WORKERS,
    feed: {
      size: config.FEED_SIZE, perCategory: config.CATEGORY_CAP, explorationSlot: config.EXPLORATION_SLOT < 0 ? undefined : config.EXPLORATION_SLOT,
      modelPercent: config.MODEL_ARM_PERCENT, maxCandidates: config.MAX_CANDIDATES, activeWindowMs: config.ACTIVE_WINDOW,
    },
    beaconGapMs: config.BEACON_GAP,
    mergeIntervalMs: config.MERGE_INTERVAL,
    concurrency: config.FEED_CONCURRENCY,
    breakingFanout: config.BREAKING_FANOUT,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  },
});
shutdown.register('recommender', () => recommender.stop(), 'draining');
health.register('redis', () => redis.ping());

const ops = await startOpsServer({ port: config.OPS_PORT, registry, health });
shutdown.register('ops server', () => ops.close(), 'accepting');
shutdown.installSignalHandlers();
logger.info({ ops: ops.url }, 'recommender running');
