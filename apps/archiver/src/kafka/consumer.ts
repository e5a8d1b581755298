// The archiver's Kafka consumer: kafkajs `eachBatch` with autoCommit off, feeding the core
// (archiver.ts) and committing exactly the offsets it reports safe (settle.ts). Not the streams
// runner: the archiver commits only up to its open file's first offset, archives undecodable
// records raw instead of dead-lettering them before the handler, and flushes on an idle timer.
// Batches, idle flushes, rebalance resets and the final flush run one at a time. stop() flushes
// every open file and commits before leaving the group. The kafkajs consumer runs under streams'
// restarting consumer: one that keeps fetching without being a group member (kafkajs 2.2.4 after
// a broker death mid-rejoin; its refused commits are only logged here) is replaced by a new one,
// whose join resets the open files like any rebalance.
import { topicPartition } from '@tessera/archive/record';
import type { ConsumedRecord } from '@tessera/archive/record';
import type { TopicName } from '@tessera/contracts/topics';
import type { Logger } from '@tessera/platform/logger';
import { runRestartingConsumer } from '@tessera/streams/restarting-consumer';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Archiver, PartitionOffset, RejectedRecord } from '../archiver.js';
import type { ArchiverMetrics } from '../metrics.js';
import { createPositions } from './positions.js';
import { settleOutcome } from './settle.js';
import type { SettleDeps } from './settle.js';

export interface ArchiverConsumerOptions {
  kafka: Kafka;
  names: TopicNames;
  groupId: string;
  topics: readonly TopicName[];
  archiver: Archiver;
  /** Sends dead letters for refused records durably (acks=-1) before their offsets are committed. */
  deadLetter(rejected: RejectedRecord[]): Promise<void>;
  /** Upload the open file of a partition that received nothing for this long. */
  idleFlushMs: number;
  logger: Logger;
  metrics?: ArchiverMetrics;
  sessionTimeoutMs?: number;
  maxWaitTimeInMs?: number;
  now?: () => number;
}

export interface ArchiverConsumer {
  /** Stops fetching, uploads every open file, commits, leaves the group and disconnects. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runArchiverConsumer(options: ArchiverConsumerOptions): Promise<ArchiverConsumer> {
  const { names, archiver, groupId } = options;
  const log = options.logger.child({ component: 'archiver-consumer', group: groupId });
  const now = options.now ?? Date.now;
  const positions = createPositions();
  /**
   * Partitions fed since the last assignment: when they last received records, and whether that
   * reached the high watermark. Only a caught-up partition is flushed when idle: a replay after a
   * crash must cut files where the crashed run did (by count and hour), and a stall mid-replay
   * must not close a file early (the crashed run's later objects would overlap the new ones).
   */
  const fed = new Map<string, { topic: string; partition: number; at: number; caughtUp: boolean }>();
  let stopping = false;
  let uploadFailures = 0;

  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  };

  const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
  // The consumer running now; a replacement after a lost membership takes its place.
  let running: { readonly consumer: Consumer; stop(): Promise<void> } | undefined;
  const consumer = (): Consumer => running!.consumer;

  const settleDeps = (commit: SettleDeps['commit']): SettleDeps => ({
    positions,
    release: (topic, partition) => archiver.release(topic, partition),
    seek: (topic, partition, offset) => consumer().seek({ topic: names.physical(topic as TopicName), partition, offset }),
    commit,
    deadLetter: options.deadLetter,
    logger: log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const toKafka = (commits: PartitionOffset[]) => ({
    topics: [...new Set(commits.map((c) => c.topic))].map((topic) => ({
      topic: names.physical(topic as TopicName),
      partitions: commits.filter((c) => c.topic === topic).map((c) => ({ partition: c.partition, offset: c.offset })),
    })),
  });

  const commitNow = (commits: PartitionOffset[]) =>
    consumer().commitOffsets(commits.map((c) => ({ topic: names.physical(c.topic as TopicName), partition: c.partition, offset: c.offset })));

  function prepare(c: Consumer): void {
    // A new generation resumes every partition from its committed offset: forget open files (their
    // records come again) so no file is continued from a position another member may have moved.
    c.on(c.events.GROUP_JOIN, (event) => {
      void serial(async () => {
        for (const { topic, partition } of fed.values()) archiver.release(topic, partition);
        positions.reset();
        fed.clear();
        log.info({ assignment: event.payload.memberAssignment }, 'partitions assigned');
      });
    });
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const topic = names.logical(batch.topic);
    if (!topic || batch.messages.length === 0 || stopping) return;
    await serial(async () => {
      if (stopping || !payload.isRunning() || payload.isStale()) return;
      const admission = positions.admit(topic, batch.partition, batch.messages.map((m) => m.offset));
      if (admission.kind === 'seek') {
        log.info({ topic, partition: batch.partition, offset: admission.offset }, 'delivery past the rewind offset; seeking again');
        consumer().seek({ topic: batch.topic, partition: batch.partition, offset: admission.offset });
        return;
      }
      const records: ConsumedRecord[] = batch.messages.slice(admission.from).map((m) => ({
        topic, partition: batch.partition, offset: m.offset, timestamp: m.timestamp,
        key: m.key ?? null, value: m.value ?? null, headers: m.headers ?? {},
      }));
      const caughtUp = BigInt(batch.messages.at(-1)!.offset) + 1n >= BigInt(batch.highWatermark);
      fed.set(topicPartition(topic, batch.partition), { topic, partition: batch.partition, at: now(), caughtUp });
      const outcome = await archiver.archive(records);
      options.metrics?.consumed.inc({ topic }, records.length);
      log.debug({ topic, partition: batch.partition, records: records.length, uploaded: outcome.uploaded.length }, 'batch archived');
      await payload.heartbeat();
      // The payload's commit: consumer.commitOffsets is a no-op once stop() began.
      const settled = await settleOutcome(outcome, settleDeps((c) => payload.commitOffsetsIfNecessary(toKafka(c))));
      if (!settled.rewound.has(topicPartition(topic, batch.partition))) payload.resolveOffset(batch.messages.at(-1)!.offset);
      uploadFailures = settled.uploadFailed ? uploadFailures + 1 : 0;
      if (uploadFailures > 0) await backoff(payload);
    });
  }

  async function backoff(payload: EachBatchPayload): Promise<void> {
    const delayMs = Math.min(30_000, 250 * 2 ** Math.min(uploadFailures, 7));
    for (let waited = 0; waited < delayMs && !stopping; waited += 1000) {
      await sleep(Math.min(1000, delayMs - waited));
      await payload.heartbeat();
    }
  }

  const flushIdle = (): Promise<void> => serial(async () => {
    if (stopping) return;
    const at = now();
    const outcome = await archiver.flush((topic, partition) => {
      const state = fed.get(topicPartition(topic, partition));
      return state !== undefined && state.caughtUp && at - state.at >= options.idleFlushMs;
    });
    if (outcome.uploaded.length > 0) log.debug({ objects: outcome.uploaded.map((u) => u.key) }, 'idle flush');
    await settleOutcome(outcome, settleDeps(commitNow));
  });
  const timer = setInterval(() => {
    flushIdle().catch((err: unknown) => log.error({ err }, 'idle flush failed'));
  }, Math.max(100, Math.floor(options.idleFlushMs / 4)));

  try {
    running = await runRestartingConsumer({
      kafka: options.kafka,
      config: {
        groupId,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: options.maxWaitTimeInMs ?? 1000,
        sessionTimeout,
        heartbeatInterval: Math.min(3000, Math.floor(sessionTimeout / 3)),
      },
      subscription: { topics: options.topics.map((t) => names.physical(t)), fromBeginning: true },
      run: { autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 3, eachBatch },
      prepare,
      onRestart: () => options.metrics?.consumerRestarts.inc(),
      logger: log,
    });
  } catch (err) {
    clearInterval(timer);
    throw err;
  }
  log.info({ topics: options.topics }, 'archiver consumer running');

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        // No new batch starts (one in flight finishes, a backoff wait ends early). Flush and commit
        // while the consumer still runs (commits need its generation), then stop: batches arriving
        // meanwhile see `stopping` and are left unresolved and uncommitted.
        stopping = true;
        await serial(async () => {
          const outcome = await archiver.flush();
          await settleOutcome(outcome, settleDeps(commitNow));
          log.info({ objects: outcome.uploaded.length, commits: outcome.commits.length }, 'flushed open files for shutdown');
        });
        await running!.stop();
        log.info('archiver consumer stopped');
      })();
      return stopped;
    },
  };
}
