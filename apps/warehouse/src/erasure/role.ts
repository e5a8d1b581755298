// The erasure role: a consumer group on users.v1 that turns each batch of tombstones (a deleted
// account, published by users-cdc) into one erasure round (erase-users.ts), and commits the
// tombstones only once the round is logged as done. Profile values are not its business and
// pass by. A record that does not decode goes to dlq.v1 like anywhere else (streams' runner).
import type { ObjectStore } from '@tessera/archive/object-store';
import { TOPIC_NAMES } from '@tessera/contracts/topics';
import type { Logger } from '@tessera/platform/logger';
import { runConsumer } from '@tessera/streams/consumer-runner';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';
import { waitForArchiver } from './archiver-progress.js';
import { eraseUsers } from './erase-users.js';
import type { ErasureLogEntry, ErasureRequest } from './erasure-log.js';
import type { WarehouseEraser } from './warehouse-eraser.js';

export interface ErasureRoleOptions {
  kafka: Kafka;
  names: TopicNames;
  groupId: string;
  /** The archiver's group, whose progress each round waits for. */
  archiverGroup: string;
  store: Pick<ObjectStore, 'list' | 'get' | 'put'>;
  prefix: string;
  warehouse: WarehouseEraser;
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  deadLetter(letters: DeadLetter[]): Promise<void>;
  logger: Logger;
  /** Called after each round with its log entries (metrics, tests). */
  onErased?: (entries: ErasureLogEntry[]) => void;
  sessionTimeoutMs?: number;
  pollMs?: number;
}

export interface ErasureRole {
  stop(): Promise<void>;
}

export async function startErasureRole(options: ErasureRoleOptions): Promise<ErasureRole> {
  const log = options.logger.child({ component: 'erasure' });
  const admin = options.kafka.admin();
  await admin.connect();
  const stopping = new AbortController();
  const archiverCaughtUp = () => waitForArchiver({
    admin,
    groupId: options.archiverGroup,
    topics: TOPIC_NAMES.map((t) => options.names.physical(t)),
    signal: stopping.signal,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    onBehind: (behind) => log.info({ partitions: behind.length }, 'erasure waits for the archiver to archive what came before the deletion'),
  });
  let runner: ConsumerRunner;
  try {
    runner = await runConsumer({
      kafka: options.kafka,
      names: options.names,
      groupId: options.groupId,
      topics: ['users.v1'],
      deadLetter: options.deadLetter,
      logger: options.logger,
      ...(options.sessionTimeoutMs !== undefined ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
      handle: async (records) => {
        const requests: ErasureRequest[] = records
          .filter((r) => r.value === null && r.key !== null)
          .map((r) => ({ userId: r.key!, partition: r.partition, offset: r.offset, requestedAt: Number(r.raw.timestamp) }));
        if (requests.length === 0) return;
        log.info({ requests: requests.length }, 'erasure round started');
        const entries = await eraseUsers({
          store: options.store, prefix: options.prefix, archiverCaughtUp, warehouse: options.warehouse, exclusive: options.exclusive,
        }, requests);
        // Counts only: the process log names no erased user, not even by the hash the erasure log
        // keeps for auditors (a hash of a guessable id is as good as the id to anyone who reads logs).
        const status = (s: ErasureLogEntry['status']) => entries.filter((e) => e.status === s).length;
        log.info({
          users: entries.length, completed: status('completed'), incomplete: status('incomplete'),
          linesRemoved: entries.reduce((n, e) => n + (e.archive?.linesRemoved ?? 0), 0), rowsDeleted: entries[0]?.warehouse?.rowsDeleted,
        }, 'erasure round done');
        options.onErased?.(entries);
      },
    });
  } catch (error) {
    await admin.disconnect();
    throw error;
  }
  return {
    async stop() {
      stopping.abort(new Error('erasure role stopping'));
      await runner.stop();
      await admin.disconnect();
    },
  };
}
