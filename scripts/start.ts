// `npm start`: the local stack's composition root. Starts the embedded broker with durable data
// under TESSERA_DATA_DIR, provisions every topic of the catalogue, prints where everything is, and
// stops cleanly on Ctrl-C / SIGTERM (the broker flushes its logs before exiting).
import { join, resolve } from 'node:path';
import { startBroker } from '@tessera/embedded-kafka';
import { loadConfigOrExit } from '@tessera/platform/config';
import { createLogger } from '@tessera/platform/logger';
import { createShutdown } from '@tessera/platform/shutdown';
import { createKafka } from '@tessera/streams/kafka';
import { provisionTopics } from '@tessera/streams/provision';
import { topicNames } from '@tessera/streams/topic-names';
import { StackConfig } from './stack/config.js';
import { ROSTER } from './stack/roster.js';

const config = loadConfigOrExit(StackConfig);
const logger = createLogger({ name: 'stack', level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger, deadlineMs: 15_000 });
shutdown.installSignalHandlers();

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

const lines = [
  '',
  `Tessera local stack (data in ${dataDir})`,
  `  Kafka bootstrap   ${broker.brokers.join(',')}   (KAFKA_BROKERS for the apps; kcat -L -b ${broker.brokers[0]})`,
  `  broker admin view http://127.0.0.1:${broker.admin?.port ?? config.KAFKA_ADMIN_PORT}/   (topics, groups, lag, /metrics)`,
  '',
  ...ROSTER.map((e) => `  ${e.status === 'running' ? '●' : '○'} ${e.name.padEnd(15)} ${e.status.padEnd(8)} ${e.note}`),
  '',
  'Ctrl-C stops everything.',
];
process.stdout.write(lines.join('\n') + '\n');
