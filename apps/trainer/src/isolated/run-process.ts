// The child process of one scheduled run: reads the archive, trains and uploads the bundle with
// its own store client and logger, and asks the parent (which owns the Kafka producer) to
// announce the release. Reports the outcome, or the failure, over IPC and exits (its store
// client's keep-alive sockets must not hold it); it also exits if the parent goes away.
import { storeFromConfig } from '@tessera/archive/store-config';
import { createLogger } from '@tessera/platform/logger';
import { topicNames } from '@tessera/streams/topic-names';
import { trainSettings } from '../config.js';
import { trainOnce } from '../train-run.js';
import { deserializeError, serializeError } from './protocol.js';
import type { FromRun, RunInput, ToParent } from './protocol.js';

if (!process.send) throw new Error('run-process.ts runs as a child of the trainer (run-in-process.ts), with an IPC channel');
const send = (message: FromRun) => new Promise<void>((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
process.once('disconnect', () => process.exit(1));
// Ctrl-C and the supervisor signal the whole process group: the trainer decides when a run stops
// (it aborts the run at shutdown, run-in-process.ts), so the group's signals are not this process's.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);

const input = await new Promise<RunInput>((resolve) => process.once('message', (message: ToParent) => { if (message.type === 'start') resolve(message.input); }));
const { config, cwd } = input;
const logger = createLogger({ name: 'trainer', level: config.LOG_LEVEL });

const publish = (release: Extract<FromRun, { type: 'publish' }>['release']) => new Promise<void>((resolve, reject) => {
  const onReply = (reply: ToParent) => {
    if (reply.type === 'published') resolve();
    else if (reply.type === 'publish_failed') reject(deserializeError(reply.error));
    else return;
    process.off('message', onReply);
  };
  process.on('message', onReply);
  send({ type: 'publish', release }).catch(reject);
});

try {
  const outcome = await trainOnce({ store: storeFromConfig(config, cwd), names: topicNames(config.TOPIC_PREFIX), publish, logger }, trainSettings(config));
  await send({ type: 'outcome', outcome });
} catch (error) {
  await send({ type: 'failed', error: serializeError(error) });
}
process.exit(0);
