// Owns the lifecycle of a kafkajs consumer that must stay a group member: it creates the consumer,
// lets the caller attach its listeners (`prepare`), connects, subscribes and runs it, and watches
// its membership (membership-watchdog.ts). When membership is lost — the kafkajs 2.2.4 state where
// it fetches without being a member — it stops and disconnects that consumer (its in-flight batch
// ends; its commits were being refused anyway) and starts a new one, which joins the group afresh
// and resumes from the committed offsets. A restart that cannot connect is retried with backoff
// until it works or stop() is called. Every consumer that commits offsets runs through this: the
// streams consumer runner (and so the table materializer) and the archiver.
import type { Logger } from '@tessera/platform/logger';
import type { Consumer, ConsumerConfig, ConsumerRunConfig, ConsumerSubscribeTopics, Kafka } from 'kafkajs';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import type { BackoffPolicy } from './backoff.js';
import { watchMembership } from './membership-watchdog.js';
import type { MembershipWatch } from './membership-watchdog.js';

/** kafkajs' default session timeout, used when the config sets none. */
const KAFKAJS_SESSION_TIMEOUT_MS = 30_000;

export interface RestartingConsumerOptions {
  kafka: Kafka;
  config: ConsumerConfig;
  subscription: ConsumerSubscribeTopics;
  run: ConsumerRunConfig;
  /** Attach listeners (GROUP_JOIN, CRASH, …) to each new consumer, before it connects. */
  prepare?(consumer: Consumer): void;
  /** Told each time a lost consumer is replaced (metrics). */
  onRestart?(reason: string): void;
  logger: Pick<Logger, 'warn' | 'error' | 'info'>;
  /** Delays between failed restart attempts (default 100 ms doubling to 30 s). */
  retry?: BackoffPolicy;
}

export interface RestartingConsumer {
  /** The consumer running now (a new one after each restart): seek and commit through it. */
  readonly consumer: Consumer;
  /** How many times a lost consumer was replaced. */
  readonly restarts: number;
  /** Stops and disconnects the current consumer; no restart happens afterwards. */
  stop(): Promise<void>;
}

export async function runRestartingConsumer(options: RestartingConsumerOptions): Promise<RestartingConsumer> {
  const { kafka, config, logger } = options;
  const sessionTimeoutMs = config.sessionTimeout ?? KAFKAJS_SESSION_TIMEOUT_MS;
  let current!: Consumer;
  let watch: MembershipWatch | undefined;
  let restarts = 0;
  let stopping = false;
  let restarting: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function incarnate(): Promise<void> {
    const consumer = kafka.consumer(config);
    current = consumer;
    // kafkajs restarts a consumer itself after a retriable crash (a coordinator still loading, a
    // broker gone): a warning; a crash it does not restart from stops the consumer: an error.
    consumer.on(consumer.events.CRASH, ({ payload: { error, restart } }) => {
      if (restart) logger.warn({ err: error, group: config.groupId }, 'consumer crashed; kafkajs restarts it');
      else logger.error({ err: error, group: config.groupId }, 'consumer crashed and was not restarted');
    });
    options.prepare?.(consumer);
    watch = watchMembership(consumer, { sessionTimeoutMs, onLost: (reason) => { restarting ??= restart(reason).finally(() => { restarting = undefined; }); } });
    await consumer.connect();
    await consumer.subscribe(options.subscription);
    await consumer.run(options.run);
  }

  async function retire(consumer: Consumer): Promise<void> {
    watch?.stop();
    try {
      await consumer.stop();
      await consumer.disconnect();
    } catch (err) {
      logger.warn({ err, group: config.groupId }, 'the replaced consumer did not stop cleanly');
    }
  }

  async function restart(reason: string): Promise<void> {
    if (stopping) return;
    restarts += 1;
    options.onRestart?.(reason);
    logger.warn({ group: config.groupId, reason, restarts }, 'consumer lost its group membership; replacing it with a new one');
    await retire(current);
    for (let attempt = 1; !stopping; attempt += 1) {
      try {
        await incarnate();
        logger.info({ group: config.groupId, restarts }, 'replacement consumer running');
        return;
      } catch (err) {
        await retire(current);
        const delayMs = backoffDelay(options.retry ?? DEFAULT_BACKOFF, attempt);
        logger.error({ err, group: config.groupId, attempt, delayMs }, 'replacement consumer could not start; retrying');
        await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, delayMs); });
      }
    }
  }

  try {
    await incarnate();
  } catch (err) {
    await retire(current);
    throw err;
  }
  let stopped: Promise<void> | undefined;
  return {
    get consumer() { return current; },
    get restarts() { return restarts; },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        wake?.();
        await restarting;
        watch?.stop();
        await current.stop();
        await current.disconnect();
      })();
      return stopped;
    },
  };
}
