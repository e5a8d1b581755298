// Aggregator process: load config and files, create the Kafka clients, catch up on content.v1,
// build the app, listen, poll; SIGHUP reloads the sources file, SIGTERM stops cleanly.
import { CONFIG_EXIT_CODE, loadConfigOrExit } from '@tessera/platform/config';
import { redactConfig } from '@tessera/platform/config/describe';
import { createHealth } from '@tessera/platform/health';
import { registerHealthRoutes } from '@tessera/platform/health/routes';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry, registerMetricsRoute } from '@tessera/platform/metrics';
import { createShutdown } from '@tessera/platform/shutdown';
import { createKafka } from '@tessera/streams/kafka';
import { kafkaSettingsOrExit } from '@tessera/streams/kafka-config';
import { provisionAtStart } from '@tessera/streams/provision-at-start';
import { topicNames } from '@tessera/streams/topic-names';
import { buildAggregator } from './app.js';
import { ConfigSchema } from './config.js';
import { openContentLog } from './content-log/open.js';
import { loadFiles, loadSources } from './load-files.js';
import { aggregatorMetrics } from './metrics.js';
import { createReloadableConfig } from './sources/config-load.js';

const config = loadConfigOrExit(ConfigSchema);
const logger = createLogger({ name: 'aggregator', level: config.LOG_LEVEL });
logger.info({ config: redactConfig(ConfigSchema, config) }, 'starting');

const files = await loadFiles(config, process.env);
if (!files.ok) {
  process.stderr.write(`invalid aggregator configuration:\n  ${files.issues.join('\n  ')}\n`);
  process.exit(CONFIG_EXIT_CODE);
}

const shutdown = createShutdown({ logger, deadlineMs: 20_000 });
shutdown.installSignalHandlers();
const registry = createMetricsRegistry({ app: 'aggregator' });
const health = createHealth({ isShuttingDown: shutdown.isShuttingDown });

const kafka = createKafka(kafkaSettingsOrExit(config, 'aggregator'), logger);
const names = topicNames(config.TOPIC_PREFIX);
if (config.PROVISION_TOPICS) await provisionAtStart(kafka, names, config.TESSERA_ENV, ['content.v1'], logger);
const content = await openContentLog({ kafka, names, log: logger });
shutdown.register('kafka producer', () => content.close(), 'clients');
logger.info({ replayed: content.replayed }, 'content.v1 materialized');
health.register('content.v1 producer', () => {
  const failure = content.sink.lastFailure();
  if (failure) throw failure;
});

let metrics: ReturnType<typeof aggregatorMetrics> | undefined;
const aggregator = await buildAggregator({
  config: files.sources, classifier: files.classifier, sink: content.sink, known: content.known,
  sweepIntervalMs: config.SWEEP_INTERVAL, log: logger, httpLogger: logger,
  onBatch: (sourceId, report) => metrics?.onBatch(sourceId, report),
});
metrics = aggregatorMetrics(registry, aggregator.poller.health);
registerHealthRoutes(aggregator.api, health);
registerMetricsRoute(aggregator.api, registry);
const url = await aggregator.api.listen({ host: config.HOST, port: config.PORT });
shutdown.register('aggregator', () => aggregator.stop(), 'accepting');
aggregator.start();

const sources = createReloadableConfig(() => loadSources(config, process.env), files.sources, aggregator.applyConfig);
process.on('SIGHUP', () => {
  void sources.reload().then((result) => {
    if (result.ok) logger.info({ sources: result.value.sources.length, publishers: result.value.publishers.length }, 'sources reloaded');
    else logger.warn({ issues: result.error.issues }, 'sources reload failed; keeping the running configuration');
  });
});
logger.info({ url, restored: aggregator.restored, sources: files.sources.sources.length }, 'aggregator started');
