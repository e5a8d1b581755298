// The table side of a stream-table join: a compacted topic (users.v1, content.v1, models.v1) kept
// in Redis, one hash per record key (fields value = the record's JSON, partition, offset). Redis,
// not Kafka, is this consumer's position: each batch's data and its partition's next offset are
// written by one script (table-script.ts), and on every assignment the consumer seeks to the
// offsets stored there; Kafka commits still happen, after Redis, for lag monitoring. Tombstones
// delete the hash; `onTombstone` runs first (so a crash cannot skip it) for fan-out deletes.
// Positions stored for another log (a fresh broker with an old Redis, a recreated topic) are
// detected at assignment and the table is rebuilt from offset 0 (table-source.ts).
// On Redis Cluster (`atomicity: 'cluster'`) the entity and offset writes cannot share a script;
// see table-script.ts for the per-key variant. Built on the consumer runner: retries, dead
// letters, metrics and shutdown are the same.
import type { TopicValue } from '@tessera/contracts/codec';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import { redisKeys } from '@tessera/contracts/redis/keys';
import { topicConfigEntries } from '@tessera/contracts/topic-config';
import type { Environment } from '@tessera/contracts/topics';
import type { Logger } from '@tessera/platform/logger';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { RetryPolicy } from './attempts.js';
import type { ConsumedRecord, HandlerContext, HandlerOutcome } from './batch.js';
import type { ConsumerMetrics } from './consumer-metrics.js';
import { runConsumer } from './consumer-runner.js';
import type { ConsumerRunner } from './consumer-runner.js';
import { StreamFailure } from './errors.js';
import { applyTableBatch, applyTableBatchPerKey } from './table-script.js';
import type { TableAtomicity } from './table-script.js';
import { adoptTableSource, compareWithLog, newSource, readLogFacts, resetTableSource, SOURCE_FIELD } from './table-source.js';
import type { TopicNames } from './topic-names.js';

/** Topics whose records are "the latest value per key". */
export type TableTopic = 'users.v1' | 'content.v1' | 'models.v1';

export interface TableReader<T extends TableTopic> {
  /** The latest value for the record key, or null when absent or deleted. */
  get(id: string): Promise<TopicValue<T> | null>;
}

/** Reads a materialized table; what enrichers need for the join, without a consumer. */
export function tableReader<T extends TableTopic>(redis: Pick<Redis, 'hget'>, keyFor: (id: string) => string): TableReader<T> {
  return {
    async get(id) {
      const json = await redis.hget(keyFor(id), 'value');
      // Written only after the contract codec validated it, hence no second validation here.
      return json === null ? null : (JSON.parse(json) as TopicValue<T>);
    },
  };
}

// How long Kafka keeps a tombstone, from the catalogue's topic config; after that compaction has
// removed the key's older records, so a marker can go.
function deleteRetentionMs(topic: TableTopic, env: Environment): number {
  const entry = topicConfigEntries(topic, env).find((e) => e.name === 'delete.retention.ms');
  return entry ? Number(entry.value) : 7 * 86_400_000;
}

export interface TableOptions<T extends TableTopic> {
  kafka: Kafka;
  redis: Redis;
  names: TopicNames;
  topic: T;
  groupId: string;
  /** The Redis key of a record key, from contracts' catalogue (e.g. redisKeys.userProfile). */
  keyFor(id: string): string;
  deadLetter(letters: DeadLetter[]): Promise<void>;
  logger: Logger;
  metrics?: ConsumerMetrics;
  retry?: Partial<RetryPolicy>;
  /** Runs before a tombstone is applied; must be idempotent (a crash replays it). */
  onTombstone?(id: string, record: ConsumedRecord<T>): Promise<void>;
  /**
   * Runs before a batch is applied, with its keyed records not applied yet (values and
   * tombstones, after onTombstone), for effects beyond the table (indexes, notifications); must
   * be idempotent: a crash before the batch is applied replays it.
   */
  beforeApply?(records: ConsumedRecord<T>[]): Promise<void>;
  /**
   * Runs after a batch was applied, with the same records as beforeApply, for effects that need
   * the table updated (notifications that read it). At most once: a crash after the apply and
   * before this hook skips it, because the stored offset has moved past the batch.
   */
  afterApply?(records: ConsumedRecord<T>[]): Promise<void>;
  sessionTimeoutMs?: number;
  /**
   * 'single-slot' (default): one script per batch writes the entities and the offsets together;
   * needs a single Redis server. 'cluster': per-key scripts with per-key offsets and expiring
   * tombstone markers, then the offsets (see table-script.ts).
   */
  atomicity?: TableAtomicity;
  /** Environment whose delete.retention.ms bounds tombstone markers in 'cluster' mode. */
  env?: Environment;
}

export interface TableMaterializer<T extends TableTopic> extends TableReader<T>, ConsumerRunner {}

export async function materializeTable<T extends TableTopic>(options: TableOptions<T>): Promise<TableMaterializer<T>> {
  const { redis, names, topic, groupId, keyFor } = options;
  const offsetsKey = redisKeys.consumerOffsets(groupId, names.physical(topic));
  const atomicity = options.atomicity ?? 'single-slot';
  const markerTtlMs = deleteRetentionMs(topic, options.env ?? 'production');
  const log = options.logger.child({ component: 'table', group: groupId, topic });
  // Set at every assignment, before any batch of it is applied (stored-offsets.ts holds them back).
  let source = '';

  /** The stored positions of `partitions`, after making sure they belong to the log we read. */
  async function positions(partitions: number[]): Promise<Map<number, string>> {
    let stored = await redis.hgetall(offsetsKey);
    const facts = await readLogFacts(options.kafka, names.physical(topic));
    const check = compareWithLog(stored, facts);
    if (!check.same) {
      source = await resetTableSource(redis, offsetsKey, stored[SOURCE_FIELD], newSource(facts.clusterId));
      log.warn({ reason: check.reason, source }, 'stored table positions belong to another log: rebuilding the table from offset 0');
      stored = await redis.hgetall(offsetsKey);
    } else {
      source = stored[SOURCE_FIELD] ?? (await adoptTableSource(redis, offsetsKey, newSource(facts.clusterId)));
    }
    // A partition never applied starts at 0 (fromBeginning), not at a Kafka commit that Redis
    // may have lost (a flushed or failed-over Redis must be rebuilt from the log).
    return new Map(partitions.map((p) => [p, stored[String(p)] ?? '0']));
  }

  async function apply(records: ConsumedRecord<T>[], ctx: HandlerContext): Promise<HandlerOutcome<ConsumedRecord<T>>> {
    const rejected = records.filter((r) => r.key === null)
      .map((record) => ({ record, error: new StreamFailure('missing_key', `${topic} record without a key`, false) }));
    const keyed = records.filter((r) => r.key !== null);
    let unapplied: ConsumedRecord<T>[] = [];
    if (options.onTombstone || options.beforeApply || options.afterApply) {
      const stored = BigInt((await redis.hget(offsetsKey, String(ctx.partition))) ?? '0');
      unapplied = keyed.filter((r) => BigInt(r.offset) >= stored);
      if (options.onTombstone) {
        for (const r of unapplied) if (r.value === null) await options.onTombstone(r.key!, r);
      }
      if (options.beforeApply && unapplied.length > 0) await options.beforeApply(unapplied);
    }
    const batch = {
      offsetsKey, source, partition: ctx.partition, nextOffset: ctx.nextOffset,
      entries: keyed.map((r) => ({ key: keyFor(r.key!), offset: r.offset, value: r.value === null ? null : r.raw.value!.toString('utf8') })),
    };
    if (atomicity === 'cluster') await applyTableBatchPerKey(redis, batch, markerTtlMs);
    else await applyTableBatch(redis, batch);
    if (options.afterApply && unapplied.length > 0) await options.afterApply(unapplied);
    return { rejected };
  }

  const runner = await runConsumer<T>({
    kafka: options.kafka,
    names,
    groupId,
    topics: [topic],
    handle: (records, ctx) => apply(records as ConsumedRecord<T>[], ctx),
    deadLetter: options.deadLetter,
    logger: options.logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: options.sessionTimeoutMs }),
    fromBeginning: true,
    startOffsets: (_topic, partitions) => positions(partitions),
  });
  return { ...tableReader<T>(redis, keyFor), stop: () => runner.stop() };
}
