// `npm start`: the local stack's composition root. Starts the embedded broker with durable data
// under TESSERA_DATA_DIR and provisions every topic of the catalogue; finds or starts Redis and
// Postgres; runs every app that exists, each as its own process as in production
// (stack/supervisor.ts); seeds the demo users and starts the simulated devices; prints where
// everything is, the demo page and delivery's socket first. Ctrl-C / SIGTERM (or the death of
// whatever started it) stops the devices, then the apps (sources, processors, sinks), then
// Redis/Postgres if it started them, then the broker, which flushes its logs before exiting. The
// broker runs in this process: nothing outlives it. KAFKA=apache runs Apache Kafka instead
// (stack/kafka.ts), one JVM that dies with this process.
import { join, resolve } from 'node:path';
import { loadConfigOrExit } from '@tessera/platform/config';
import { createLogger } from '@tessera/platform/logger';
import { createShutdown } from '@tessera/platform/shutdown';
import { onParentGone } from '@tessera/platform/shutdown/parent';
import { createKafka } from '@tessera/streams/kafka';
import { provisionTopics } from '@tessera/streams/provision';
import { topicNames } from '@tessera/streams/topic-names';
import { startAggregatorApps } from './stack/aggregator.js';
import { brokerLog } from './stack/broker-log.js';
import { StackConfig } from './stack/config.js';
import { DEMO_USERS } from './stack/demo-users.js';
import { startDelivery } from './stack/delivery.js';
import { beaconUrl, clicksUrl } from './stack/addresses.js';
import { startDeviceApps } from './stack/device-apps.js';
import { startStackKafka } from './stack/kafka.js';
import { ensureRedis } from './stack/redis.js';
import { formatRoster, line } from './stack/roster.js';
import type { StackPart } from './stack/roster.js';
import { startRankingApps } from './stack/ranking.js';
import { asUserRow, stackPeople, startSimulatedDevices } from './stack/simulated-devices.js';
import { startSinks } from './stack/sinks.js';
import { createSupervisor } from './stack/supervisor.js';
import { startUsersCdc } from './stack/users-cdc.js';

const config = loadConfigOrExit(StackConfig);
const logger = createLogger({ name: 'stack', level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger, deadlineMs: 60_000 });
shutdown.installSignalHandlers();
// `npm start` runs this process itself (exec, no tsx wrapper), so a SIGTERM to npm reaches it; an
// npm that dies without signalling it (SIGKILL) re-parents it, and it stops as on Ctrl-C instead
// of keeping the broker, its port and every app running.
onParentGone(() => void shutdown.run('the process that started the stack is gone'));

const dataDir = resolve(config.TESSERA_DATA_DIR);
const logDir = join(dataDir, 'logs');
const brokerLogFile = brokerLog(logDir, (message) => logger.warn(message));
shutdown.register('embedded-kafka log', () => brokerLogFile.close(), 'clients');
const broker = await startStackKafka({ kind: config.KAFKA, port: config.KAFKA_PORT, adminPort: config.KAFKA_ADMIN_PORT, dataDir, log: brokerLogFile });
shutdown.register(broker.roster.name, () => broker.close(), 'clients');

const kafka = createKafka({ brokers: broker.brokers, clientId: 'tessera-stack' }, logger);
const admin = kafka.admin();
await admin.connect();
const names = topicNames('');
const report = await provisionTopics(admin, { env: 'local', names });
await admin.disconnect();
if (report.drift.length > 0) logger.warn({ drift: report.drift }, 'topics differ from the catalogue');

const supervisor = createSupervisor(logDir, (name, code, logFile) => {
  logger.error({ app: name, code, logFile }, `${name} exited unexpectedly; see ${logFile}`);
});
shutdown.register('apps', () => supervisor.stopAll(), 'draining');

const parts: StackPart[] = [];
let delivery: StackPart | undefined;
let redisNote = '';
try {
  // A Redis that outlived the broker's data (the machine's Redis, .tessera deleted) needs no
  // care here: the table materializers see their stored positions belong to another cluster and
  // rebuild from the new log (@tessera/streams table-source.ts).
  const redis = await ensureRedis(config.REDIS_URL, supervisor);
  redisNote = redis.note;
  const started = await Promise.allSettled([
    startSinks(config, broker.brokers, dataDir, supervisor),
    startUsersCdc({ stack: config, brokers: broker.brokers, dataDir, users: [...DEMO_USERS, ...stackPeople(config).map(asUserRow)] }, supervisor),
    startDeviceApps({ stack: config, brokers: broker.brokers, redisUrl: redis.url }, supervisor),
    startAggregatorApps(config, broker.brokers, supervisor),
    startRankingApps({ stack: config, brokers: broker.brokers, redisUrl: redis.url, dataDir }, supervisor),
    startDelivery({ stack: config, brokers: broker.brokers, redisUrl: redis.url, users: DEMO_USERS }, supervisor),
  ]);
  for (const result of started) {
    if (result.status === 'rejected') throw result.reason;
    parts.push(result.value);
  }
  delivery = parts.at(-1);
  if (config.SIMULATED_DEVICES > 0) {
    // The follower's client logs only warnings: the terminal shows the summary, not group joins.
    const quietKafka = createKafka({ brokers: broker.brokers, clientId: 'tessera-stack-devices' }, logger.child({}, { level: 'warn' }));
    const devices = await startSimulatedDevices(config, quietKafka, names.physical('content.v1'), {
      info: (message) => logger.info(message),
      warn: (fields, message) => logger.warn(fields, message),
    });
    shutdown.register('simulated devices', async () => {
      const report = await devices.stop();
      logger.info({ requests: devices.simulator.requests() }, `simulated devices stopped; CTR per A/B arm:\n${report}`);
    }, 'accepting');
  }
} catch (error) {
  // Ctrl-C while starting makes the starts in progress fail; that is a stop, not a failure.
  if (shutdown.isShuttingDown()) await shutdown.run('stopped while starting');
  logger.error({ err: error }, 'the stack did not start');
  await shutdown.run('startup failed', 1);
}

const devices = config.SIMULATED_DEVICES > 0
  ? `${config.SIMULATED_DEVICES} simulated people (sim-u1..sim-u${config.SIMULATED_DEVICES}, seed ${config.SIMULATION_SEED}) on WebSockets, unlocking every ~${config.DEVICE_INTERVAL / 1000} s on average; CTR per A/B arm logged every minute`
  : 'none (SIMULATED_DEVICES=0)';
const lines = [
  '',
  `Tessera local stack (data in ${dataDir})`,
  // The demo page and the socket first: what a newcomer opens.
  ...(delivery?.lines ?? []),
  ...broker.lines,
  line('Redis', redisNote),
  ...parts.filter((p) => p !== delivery).flatMap((p) => p.lines),
  line('devices', devices),
  line('app logs', `${supervisor.logDir}/`),
  '',
  ...formatRoster([
    broker.roster,
    ...parts.flatMap((p) => p.roster),
  ]),
  '',
  'Ctrl-C stops everything.',
];
process.stdout.write(lines.join('\n') + '\n');
