// trainer process: trains once (`npm run train`: exit 0 = published, 3 = nothing publishable in
// the window, 1 = failed) or, with TRAIN_INTERVAL, on a schedule with /metrics and probes on
// OPS_PORT (the local stack runs it that way). Relative ARCHIVE_DIR values are taken from the
// directory npm was started in, so `npm run train` at the repository root reads .tessera/archive.
import { storeFromConfig } from '@tessera/archive/store-config';
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
import { createProgress } from './cli/progress.js';
import { TrainerEnv, trainSettings } from './config.js';
import { runInProcess } from './isolated/run-in-process.js';
import { createTrainerMetrics } from './metrics.js';
import { startSchedule } from './schedule.js';
import { trainOnce } from './train-run.js';

const config = loadConfigOrExit(TrainerEnv);
const logger = createLogger({ name: 'trainer', level: config.LOG_LEVEL });
logger.info({ config: redactConfig(TrainerEnv, config) }, 'starting');
const shutdown = createShutdown({ logger, deadlineMs: 60_000 });

const cwd = process.env.INIT_CWD ?? process.cwd();
const store = storeFromConfig(config, cwd);
logger.info({ archive: store.location }, 'archive store');
const kafka = createKafka(kafkaSettingsOrExit(config, 'trainer'), logger);
const names = topicNames(config.TOPIC_PREFIX);
if (config.PROVISION_TOPICS) await provisionAtStart(kafka, names, config.TESSERA_ENV, ['models.v1'], logger);
const producer = createProducer({ kafka, names });
await producer.connect();
shutdown.register('kafka producer', () => producer.close(), 'clients');

const publish = (release: Parameters<typeof producer.send<'models.v1'>>[1][number]) => producer.send('models.v1', [release]);

if (config.TRAIN_INTERVAL === undefined) {
  const progress = createProgress();
  try {
    const outcome = await trainOnce({ store, names, publish, logger, progress: progress.report }, trainSettings(config));
    progress.stop();
    if (outcome.published) {
      const { card } = outcome;
      process.stdout.write(`published ${card.name} ${card.version}: AUC ${card.metrics.auc.toFixed(4)} (popularity ${card.metrics.baselineAuc.toFixed(4)}), ${card.rows.train} training rows, ${card.training.totalSeconds.toFixed(1)} s; card: ${card.artifacts.cardMarkdown} in ${store.location}\n`);
      await shutdown.run('trained', 0);
    } else {
      process.stdout.write(`no model published (${outcome.reason}): ${outcome.detail}\n`);
      await shutdown.run('nothing to publish', 3);
    }
  } catch (error) {
    progress.stop();
    logger.error({ err: error }, 'training failed');
    await shutdown.run('training failed', 1);
  }
} else {
  const registry = createMetricsRegistry({ app: 'trainer' });
  const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });
  const schedule = startSchedule({
    intervalMs: config.TRAIN_INTERVAL, logger, metrics: createTrainerMetrics(registry),
    // Each run in a child process of its own (isolated/run-in-process.ts): nothing it allocates outlives it.
    run: (signal) => runInProcess({ config, cwd, publish, signal }),
  });
  shutdown.register('training schedule', () => schedule.stop(), 'draining');
  const ops = await startOpsServer({ port: config.OPS_PORT, registry, health });
  shutdown.register('ops server', () => ops.close(), 'accepting');
  shutdown.installSignalHandlers();
  logger.info({ ops: ops.url, intervalMs: config.TRAIN_INTERVAL }, 'trainer running on a schedule');
}
