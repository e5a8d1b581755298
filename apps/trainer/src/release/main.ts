// `npm run model:release -w @tessera/trainer -- --version V [--name ctr]`: announces an existing
// bundle again on models.v1 (rollback to an earlier version, or forward again), after checking it
// (republish.ts). `-- --list` prints the versions in the store with their evaluation AUC.
// Reads the same environment as the trainer (archive location, KAFKA_BROKERS, TOPIC_PREFIX,
// MODEL_NAME). Exit codes: 0 announced (or listed), 2 bad arguments or a bundle that is missing or
// refused (nothing announced), 1 the store or Kafka failed.
import { parseArgs } from 'node:util';
import { storeFromConfig } from '@tessera/archive/store-config';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import { loadConfigOrExit } from '@tessera/platform/config';
import { createLogger } from '@tessera/platform/logger';
import { bundleKeys } from '@tessera/ranking/bundle';
import type { ModelCard } from '@tessera/ranking/bundle';
import { createKafka } from '@tessera/streams/kafka';
import { createProducer } from '@tessera/streams/producer';
import { topicNames } from '@tessera/streams/topic-names';
import { TrainerEnv } from '../config.js';
import { listVersions, releaseOf, RepublishError } from './republish.js';

const USAGE = 'usage: npm run model:release -w @tessera/trainer -- --version VERSION [--name NAME] | --list [--name NAME]';

function usage(message: string): never {
  process.stderr.write(`model:release: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let args: { version?: string; name?: string; list?: boolean };
try {
  ({ values: args } = parseArgs({ options: { version: { type: 'string' }, name: { type: 'string' }, list: { type: 'boolean' } }, strict: true }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
if (!args.list && !args.version) usage('--version or --list is required');

const config = loadConfigOrExit(TrainerEnv);
const logger = createLogger({ name: 'model-release', level: config.LOG_LEVEL });
const store = storeFromConfig(config, process.env.INIT_CWD ?? process.cwd());
const name = args.name ?? config.MODEL_NAME;

try {
  if (args.list) {
    const versions = await listVersions(store, config.ARCHIVE_PREFIX, name);
    if (versions.length === 0) process.stdout.write(`no bundle of ${name} in ${store.location}\n`);
    for (const version of versions) {
      const got = await store.get(bundleKeys(config.ARCHIVE_PREFIX, name, version).card);
      let summary = '(card unreadable)';
      if (got.ok) {
        try {
          const card = JSON.parse(got.value.toString('utf8')) as ModelCard;
          summary = `AUC ${card.metrics.auc.toFixed(4)} (popularity ${card.metrics.baselineAuc.toFixed(4)}), ${card.rows.train} training rows, feature set ${card.featureSet}`;
        } catch {
          summary = '(card is not JSON)';
        }
      }
      process.stdout.write(`${name} ${version}  ${summary}\n`);
    }
    process.exit(0);
  }
  const { release } = await releaseOf(store, { prefix: config.ARCHIVE_PREFIX, name, version: args.version!, featureSet: LIVE_FEATURES });
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'model-release' }, logger);
  const producer = createProducer({ kafka, names: topicNames(config.TOPIC_PREFIX) });
  await producer.connect();
  try {
    await producer.send('models.v1', [release]);
  } finally {
    await producer.close();
  }
  process.stdout.write(`announced ${release.name} ${release.version} on models.v1 (${release.objectKey}, sha256 ${release.sha256.slice(0, 12)}…)\n`);
  process.exit(0);
} catch (error) {
  if (error instanceof RepublishError && !error.retriable) {
    process.stderr.write(`model:release: ${error.message} (${error.code}); nothing announced\n`);
    process.exit(2);
  }
  process.stderr.write(`model:release: ${error instanceof Error ? error.message : String(error)}; nothing announced\n`);
  process.exit(1);
}
