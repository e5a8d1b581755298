// Wiring only: config, clients, the node, its consumers and pub/sub, the HTTP server, and the
// shutdown order (stop admitting and drain the sockets, then stop consuming, then the clients).
import { createVerifier } from '@tessera/device-auth/verifier';
import { verifierKeys } from '@tessera/device-auth/config';
import { loadConfigOrExit } from '@tessera/platform/config';
import { redactConfig } from '@tessera/platform/config/describe';
import { createHealth } from '@tessera/platform/health';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createShutdown } from '@tessera/platform/shutdown';
import { consumerMetrics } from '@tessera/streams/consumer-metrics';
import { createKafka } from '@tessera/streams/kafka';
import { kafkaSettingsOrExit } from '@tessera/streams/kafka-config';
import { createProducer } from '@tessera/streams/producer';
import { provisionAtStart } from '@tessera/streams/provision-at-start';
import { topicNames } from '@tessera/streams/topic-names';
import { Redis } from 'ioredis';
import { buildDeliveryApp } from './app.js';
import { ConfigSchema, defaultNodeId, demoTokenUsers } from './config.js';
import { createAdmission } from './http/admission.js';
import { createDeliveryMetrics } from './metrics.js';
import { createDeliveryNode } from './node.js';
import type { DeliveryNode } from './node.js';
import { startFeedConsumer, startTakedownConsumer } from './push/consumers.js';
import { startForwarder } from './push/forwarder.js';
import { createPresence } from './state/presence.js';
import { createUserStateStore } from './state/user-state.js';

const config = loadConfigOrExit(ConfigSchema);
const nodeId = config.NODE_ID || defaultNodeId();
const logger = createLogger({ name: 'delivery', level: config.LOG_LEVEL }).child({ node: nodeId });
logger.info({ config: redactConfig(ConfigSchema, config) }, 'starting');

const shutdown = createShutdown({ logger, deadlineMs: config.DRAIN_PERIOD + 20_000 });
const registry = createMetricsRegistry({ app: 'delivery' });
const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });

// Auto-pipelining: the appends of a consumed batch go to Redis in one write, not one per feed.
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
shutdown.register('redis', () => redis.quit(), 'clients');
health.register('redis', () => redis.ping());

const kafka = createKafka(kafkaSettingsOrExit(config, `delivery-${nodeId}`), logger);
const names = topicNames(config.TOPIC_PREFIX);
if (config.PROVISION_TOPICS) await provisionAtStart(kafka, names, config.TESSERA_ENV, ['recommendations.v2', 'content.v1', 'dlq.v1'], logger);
const producer = createProducer({ kafka, names });
await producer.connect();
shutdown.register('kafka producer (dead letters)', () => producer.close(), 'clients');

const verify = await createVerifier({ keys: verifierKeys(config), issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
let node: DeliveryNode | undefined;
const forwarder = await startForwarder({
  redis, nodeId, logger,
  onUpdate: (update) => node?.receiveForward(update),
  onResubscribed: () => void node?.resync().catch((err: unknown) => logger.warn({ err }, 'resync failed')),
});
shutdown.register('pub/sub', () => forwarder.stop(), 'clients');

const metrics = createDeliveryMetrics(registry, () => node?.sessions.size ?? 0);
node = createDeliveryNode({
  nodeId, metrics, logger, verify,
  store: createUserStateStore(redis, { historyLength: config.PUSH_HISTORY, historyTtlMs: config.PUSH_HISTORY_TTL }),
  presence: createPresence(redis, nodeId, config.PRESENCE_TTL),
  forward: (target, update) => forwarder.publish(target, update),
  options: {
    heartbeatMs: config.HEARTBEAT_INTERVAL, bufferCapBytes: config.BUFFER_CAP_BYTES, slowClientTimeoutMs: config.SLOW_CLIENT_TIMEOUT,
    tickMs: config.TICK, presenceTtlMs: config.PRESENCE_TTL, takedownMemory: config.TAKEDOWN_MEMORY,
  },
});
shutdown.register('node timers', () => node?.stop(), 'clients');

const consumerDeps = {
  kafka, names, node, logger, metrics: consumerMetrics(registry), sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT,
  deadLetter: (letters: Parameters<typeof producer.send<'dlq.v1'>>[1]) => producer.send('dlq.v1', letters),
};
const takedowns = await startTakedownConsumer({ ...consumerDeps, groupId: `${config.TAKEDOWNS_GROUP}.${nodeId}`, lookbackMs: config.TAKEDOWN_LOOKBACK });
shutdown.register('takedowns consumer', () => takedowns.stop(), 'draining');
const feeds = await startFeedConsumer({ ...consumerDeps, groupId: config.FEEDS_GROUP, concurrency: config.FEEDS_CONCURRENCY });
shutdown.register('feeds consumer', () => feeds.stop(), 'draining');

const admission = createAdmission({ maxConnections: config.MAX_CONNECTIONS, ratePerSec: config.CONNECTION_RATE });
const app = await buildDeliveryApp({
  node, verify, admission, metrics, registry, health, logger, maxPayloadBytes: config.MAX_PAYLOAD_BYTES,
  demo: {
    users: demoTokenUsers(config),
    ...(verifierKeys(config).kind === 'hs256' ? { hs256Secret: config.JWT_HS256_SECRET } : {}),
    beaconUrl: config.DEMO_BEACON_URL, clicksUrl: config.DEMO_CLICKS_URL,
  },
});
await app.listen({ host: config.HOST, port: config.PORT });
// Registered last, so it runs first in its phase: no new sockets, then every socket is told to
// reconnect elsewhere (paced), then the server closes.
shutdown.register('http server', () => app.close(), 'accepting');
shutdown.register('socket drain', async () => {
  admission.startDraining();
  await node?.drain(config.DRAIN_PERIOD);
}, 'accepting');
shutdown.installSignalHandlers();
logger.info({ url: `http://${config.HOST}:${(app.server.address() as { port: number }).port}`, nodeId }, 'delivery listening');
