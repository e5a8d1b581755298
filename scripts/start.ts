// `npm start`: the local stack's composition root. Starts the embedded broker with durable data
// under TESSERA_DATA_DIR, provisions every topic of the catalogue, runs the apps that are wired
// (each as its own process, as in production), prints where everything is, and stops cleanly on
// Ctrl-C / SIGTERM: apps first, then the broker, which flushes its logs before exiting.
import { join, resolve } from 'node:path';
import { startBroker } from '@tessera/embedded-kafka';
import { loadConfigOrExit } from '@tessera/platform/config';
import { createLogger } from '@tessera/platform/logger';
import { createShutdown } from '@tessera/platform/shutdown';
import { createKafka } from '@tessera/streams/kafka';
import { provisionTopics } from '@tessera/streams/provision';
import { topicNames } from '@tessera/streams/topic-names';
import { startAggregatorApps } from './stack/aggregator.js';
import { StackConfig } from './stack/config.js';
import { installStackSignals } from './stack/signals.js';
import { ROSTER } from './stack/roster.js';

const config = loadConfigOrExit(StackConfig);
const logger = createLogger({ name: 'stack', level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger, deadlineMs: 15_000 });
installStackSignals(shutdown, logger);

const dataDir = resolve(config.TESSERA_DATA_DIR);
const broker = await startBroker({
  port: config.KAFKA_PORT,
  adminPort: config.KAFKA_ADMIN_PORT,
  dataDir: join(dataDir, 'kafka'),
});
shutdown.register('embedded-kafka', () => broker.close(), 'clients');

const kafka = createKafka({ brokers: broker.brokers, clientId: 'tessera-stack' }, logger);
const admin = kafka.admin();
await admin.connect();
const report = await provisionTopics(admin, { env: 'local', names: topicNames('') });
await admin.disconnect();
if (report.drift.length > 0) logger.warn({ drift: report.drift }, 'topics differ from the catalogue');

const logDir = join(dataDir, 'logs');
let appLines: string[] = [];
try {
  appLines = await startAggregatorApps({
    brokers: broker.brokers, logDir, feedsPort: config.DEMO_FEEDS_PORT, port: config.AGGREGATOR_PORT,
    editorsKey: config.AGGREGATOR_EDITORS_KEY, logLevel: config.LOG_LEVEL,
  }, shutdown);
} catch (error) {
  logger.error({ err: error }, 'an app of the stack did not start');
  await shutdown.run('startup failed', 1);
}

const lines = [
  '',
  `Tessera local stack (data in ${dataDir})`,
  `  Kafka bootstrap   ${broker.brokers.join(',')}   (KAFKA_BROKERS for the apps; kcat -L -b ${broker.brokers[0]})`,
  `  broker admin view http://127.0.0.1:${broker.admin?.port ?? config.KAFKA_ADMIN_PORT}/   (topics, groups, lag, /metrics)`,
  ...appLines,
  `  app logs          ${logDir}/`,
  '',
  ...ROSTER.map((e) => `  ${e.status === 'running' ? '●' : '○'} ${e.name.padEnd(15)} ${e.status.padEnd(8)} ${e.note}`),
  '',
  'Ctrl-C stops everything.',
];
process.stdout.write(lines.join('\n') + '\n');
