// The worker thread of one scheduled run: reads the archive, trains and uploads the bundle with
// its own store client and logger, and asks the main thread (which owns the Kafka producer) to
// announce the release. Reports the outcome, or the failure, and is then terminated.
import { parentPort } from 'node:worker_threads';
import { storeFromConfig } from '@tessera/archive/store-config';
import { createLogger } from '@tessera/platform/logger';
import { workerInput } from '@tessera/platform/worker';
import { topicNames } from '@tessera/streams/topic-names';
import { trainSettings } from '../config.js';
import { trainOnce } from '../train-run.js';
import { deserializeError, serializeError } from './protocol.js';
import type { FromRun, RunInput, ToRun } from './protocol.js';

const port = parentPort!;
const send = (message: FromRun) => port.postMessage(message);
const { config, cwd } = workerInput<RunInput>();
const logger = createLogger({ name: 'trainer', level: config.LOG_LEVEL });

const publish = (release: Extract<FromRun, { type: 'publish' }>['release']) => new Promise<void>((resolve, reject) => {
  port.once('message', (reply: ToRun) => (reply.type === 'published' ? resolve() : reject(deserializeError(reply.error))));
  send({ type: 'publish', release });
});

try {
  const outcome = await trainOnce({ store: storeFromConfig(config, cwd), names: topicNames(config.TOPIC_PREFIX), publish, logger }, trainSettings(config));
  send({ type: 'outcome', outcome });
} catch (error) {
  send({ type: 'failed', error: serializeError(error) });
}
