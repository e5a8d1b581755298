// Runs a kafkajs consumer group member with the architecture's rules: offsets are committed only
// after the handler's effect is durable (autoCommit off, eachBatchAutoResolve off, resolve and
// commit after the batch), transient failures are retried without committing, poison records go
// to dlq.v1 and the partition moves on, and stop() stops fetching, lets the in-flight batch end
// (or abandons a retry wait), commits what was done, leaves the group and disconnects. The
// kafkajs consumer runs under restarting-consumer.ts, which replaces it when it keeps fetching
// without being a group member (a kafkajs 2.2.4 failure after a broker dies mid-rejoin).
// The per-batch logic lives in batch.ts; this file is the kafkajs wiring and the metrics.
import { decodeValue } from '@tessera/contracts/codec';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import type { TopicName } from '@tessera/contracts/topics';
import type { Logger } from '@tessera/platform/logger';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import { Abandoned } from './attempts.js';
import type { RetryPolicy } from './attempts.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import { processBatch } from './batch.js';
import type { Decode, Handler } from './batch.js';
import type { ConsumerMetrics } from './consumer-metrics.js';
import { runRestartingConsumer } from './restarting-consumer.js';
import { seekToStoredOffsets } from './stored-offsets.js';
import type { ReadStoredOffsets, StoredOffsets } from './stored-offsets.js';
import type { TopicNames } from './topic-names.js';

/** How often a running handler's member asks to heartbeat (kafkajs throttles it to its heartbeat interval). */
const KEEP_ALIVE_MS = 1_000;

export type { AnyRecord, ConsumedRecord, Handler, HandlerContext, HandlerOutcome, RecordValue } from './batch.js';

export interface RunConsumerOptions<T extends TopicName> {
  kafka: Kafka;
  names: TopicNames;
  groupId: string;
  topics: readonly T[];
  handle: Handler<T>;
  /** Writes dead letters durably (e.g. `(l) => producer.send('dlq.v1', l)`). */
  deadLetter(letters: DeadLetter[]): Promise<void>;
  logger: Logger;
  metrics?: ConsumerMetrics;
  retry?: Partial<RetryPolicy>;
  /** Where a group with no committed offset starts (default true: the whole retained log). */
  fromBeginning?: boolean;
  /** Positions kept outside Kafka (the table materializer's Redis offsets): seeked to on assignment. */
  startOffsets?: ReadStoredOffsets<T>;
  /** Value decoder (default: the contract codec, which validates). */
  decode?: Decode;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Long-poll wait; also bounds how long stop() waits for an idle fetch (default 1000, at most the heartbeat interval). */
  maxWaitTimeInMs?: number;
  partitionsConsumedConcurrently?: number;
  /** Fetch size per partition (kafkajs default 1 MiB); bounds a batch's size and memory. */
  maxBytesPerPartition?: number;
  now?: () => number;
}

/**
 * The heartbeat interval and the fetch long-poll of a runner's kafkajs consumer. kafkajs refuses a
 * heartbeat interval ≥ the session timeout; a third of it is its advice. kafkajs heartbeats only
 * between fetches, so a long poll is capped at the heartbeat interval: one as long as the session
 * lets the broker expire the member while it waits. (On Apache Kafka, with 1 s sessions and the
 * 1 s default wait, the table's consumer fetched an empty partition before its stored-offset seek
 * took effect, was expired during that fetch, replaced by the watchdog, and the replacement did the
 * same, indefinitely: streams' table suite, "restarts from the offsets in Redis".)
 */
export function consumerTimings(options: Pick<RunConsumerOptions<TopicName>, 'sessionTimeoutMs' | 'heartbeatIntervalMs' | 'maxWaitTimeInMs'>): { heartbeatInterval: number; maxWaitTimeInMs: number } {
  const heartbeatInterval = options.heartbeatIntervalMs ?? Math.min(3000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3));
  return { heartbeatInterval, maxWaitTimeInMs: Math.min(options.maxWaitTimeInMs ?? 1000, heartbeatInterval) };
}

export interface ConsumerRunner {
  /** Stops fetching, finishes or abandons the in-flight batch, commits progress, disconnects. */
  stop(): Promise<void>;
}

export async function runConsumer<T extends TopicName>(options: RunConsumerOptions<T>): Promise<ConsumerRunner> {
  const { names, groupId, logger, metrics } = options;
  // Checked at start: dead letters carry the group, and dlq.v1 refuses any other shape, which
  // would otherwise surface only at the first poison record, as a stalled partition.
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(groupId)) throw new Error(`invalid consumer group id ${JSON.stringify(groupId)}: [A-Za-z0-9._-], at most 249`);
  const log = logger.child({ component: 'consumer', group: groupId });
  const retry: RetryPolicy = { ...DEFAULT_BACKOFF, maxAttempts: Infinity, ...options.retry };
  const decode: Decode = options.decode ?? ((topic, bytes) => decodeValue(topic, bytes));
  let stopping = false;
  let signalStop!: () => void;
  const stopped = new Promise<void>((resolve) => { signalStop = resolve; });

  // Per consumer incarnation (a replaced consumer gets its own): seeks pending after a join.
  let stored: StoredOffsets | undefined;

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const topic = names.logical(batch.topic) as T | undefined;
    if (!topic || batch.messages.length === 0) return;
    const seek = stored?.pending(batch.topic, batch.partition);
    if (seek) {
      // Wait (heartbeating) for the seek, then drop this batch: kafkajs refetches from there.
      let settled = false;
      void seek.finally(() => { settled = true; });
      while (!settled && !stopping) {
        await Promise.race([seek, stopped, new Promise((r) => setTimeout(r, 1000))]);
        await payload.heartbeat().catch(() => {});
      }
      return;
    }
    const labels = { group: groupId, topic };
    let done: string | undefined;
    let deadLettered = 0;
    const started = process.hrtime.bigint();
    // A handler may outlive the session timeout (a batch that waits for hundreds of feeds, a
    // takedown that rewrites every feed holding a card): the member heartbeats while it works, or
    // the group evicts it and redoes the batch elsewhere. kafkajs sends at most one per interval.
    const keepAlive = setInterval(() => { void payload.heartbeat().catch(() => undefined); }, KEEP_ALIVE_MS);
    try {
      await processBatch(topic, batch.messages.map((m) => ({ ...m, topic: batch.topic, partition: batch.partition })), {
        group: groupId,
        handle: options.handle,
        decode,
        deadLetter: options.deadLetter,
        retry,
        now: options.now ?? Date.now,
        progress: (offset) => { done = offset; },
        control: {
          active: () => !stopping && payload.isRunning() && !payload.isStale(),
          heartbeat: payload.heartbeat,
          stopped,
          onRetry: (error, attempt, delayMs) => {
            metrics?.retries.inc({ ...labels, code: error.code });
            log.warn({ topic, partition: batch.partition, code: error.code, err: error.cause, attempt, delayMs }, `retrying after ${error.code}`);
          },
        },
        onDeadLetter: (raw, error) => {
          deadLettered += 1;
          metrics?.deadLettered.inc({ ...labels, code: error.code });
          log.warn({ topic, partition: raw.partition, offset: raw.offset, code: error.code }, `dead-lettered: ${error.message}`);
        },
      });
    } catch (err) {
      if (!(err instanceof Abandoned)) throw err;
      log.info({ topic, partition: batch.partition, committing: done ?? null }, 'batch abandoned (stopping or revoked)');
    } finally {
      clearInterval(keepAlive);
      metrics?.handlerSeconds.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    }
    // A revoked partition's commit would be refused (and belongs to its new owner now).
    if (done === undefined || payload.isStale()) return;
    payload.resolveOffset((BigInt(done) - 1n).toString());
    // The payload's commit, not consumer.commitOffsets: the latter is a no-op once stop() began,
    // and committing the batch that finished during stop is the point of a graceful stop.
    await payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: done }] }] });
    const committedCount = batch.messages.filter((m) => BigInt(m.offset) < BigInt(done!)).length;
    metrics?.processed.inc(labels, Math.max(0, committedCount - deadLettered));
    metrics?.lag.set({ ...labels, partition: String(batch.partition) }, Number(BigInt(batch.highWatermark) - BigInt(done)));
  }

  let incarnations = 0;

  const running = await runRestartingConsumer({
    kafka: options.kafka,
    config: {
      groupId,
      allowAutoTopicCreation: false,
      ...consumerTimings(options),
      ...(options.maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition: options.maxBytesPerPartition }),
      ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeout: options.sessionTimeoutMs }),
    },
    subscription: { topics: options.topics.map((t) => names.physical(t)), fromBeginning: options.fromBeginning ?? true },
    run: {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch,
    },
    prepare: (consumer) => {
      // A replaced consumer's seeks end with it (seeking a disconnected consumer fails forever).
      const incarnation = (incarnations += 1);
      stored = options.startOffsets && seekToStoredOffsets({
        consumer, names, topics: options.topics, read: options.startOffsets, retry, log, stopped,
        stopping: () => stopping || incarnation !== incarnations,
        onRetry: (topic, error) => metrics?.retries.inc({ group: groupId, topic, code: error.code }),
      });
    },
    onRestart: () => metrics?.restarts.inc({ group: groupId, reason: 'membership_lost' }),
    logger: log,
  });
  log.info({ topics: options.topics }, 'consumer running');

  let stopping$: Promise<void> | undefined;
  return {
    stop() {
      stopping$ ??= (async () => {
        stopping = true;
        signalStop();
        await running.stop();
        log.info('consumer stopped');
      })();
      return stopping$;
    },
  };
}
