// Owns the broker's state: topics (name, id, config overrides, partition logs), producer-id
// allocation, auto-creation policy, replication-factor policy, long-poll waiters and the background
// retention/compaction timers. Handlers read and change broker state only through this class, so
// every rule (name validation, "RF 3 is stored as one copy", durable metadata) lives in one place.
// Cluster writes (create/delete topics, add partitions, alter configs) run one at a time through
// `exclusive`: each checks the state and journals its change with awaits in between, so two
// connections creating one name at once must not both pass the "already exists" check.
import { randomUUID } from 'node:crypto';
import type { AppendResult, Journal, PartitionLog, Store, TopicRecord } from './storage/types.js';
import { ErrorCode } from './protocol/errors.js';
import { FetchWaiters, partitionKey } from './fetch-waiters.js';
import { topicNameProblem } from './topic-names.js';
import { isCompacted, toLogConfig, validateConfigs, type TopicConfigs } from './topic-config.js';

export const NODE_ID = 1;

/** What the cluster persists about a topic; partitions' records live in the storage logs. */
export type TopicMeta = TopicRecord;

/** The durable metadata the cluster needs (the storage journal provides it). */
export type MetaStore = Pick<Journal, 'clusterId' | 'topics' | 'putTopic' | 'deleteTopic' | 'nextProducerId'>;

export interface Topic extends TopicMeta { logs: PartitionLog[] }

export interface ClusterOptions {
  store: Store;
  meta: MetaStore;
  autoCreateTopics: boolean;
  /** true: RF > 1 is refused with INVALID_REPLICATION_FACTOR instead of stored as one copy. */
  strictReplication: boolean;
  defaultPartitions: number;
  /** Background retention/compaction period; 0 disables the timers (tests call the hooks). */
  maintenanceIntervalMs: number;
  now?: () => number;
  onTopicDeleted?: (name: string) => Promise<void> | void;
}

export interface TopicResult { errorCode: number; errorMessage: string | null }
const OK: TopicResult = { errorCode: ErrorCode.NONE, errorMessage: null };
const fail = (errorCode: number, errorMessage: string): TopicResult => ({ errorCode, errorMessage });

export class Cluster {
  readonly waiters = new FetchWaiters();
  private readonly topicsByName = new Map<string, Topic>();
  private timer: NodeJS.Timeout | undefined;
  /** Tail of the queue of cluster writes; each write starts when the previous one settled. */
  private writes: Promise<unknown> = Promise.resolve();
  /** Set by close(): long polls stop waiting. */
  closed = false;
  readonly now: () => number;

  private constructor(private readonly opts: ClusterOptions) {
    this.now = opts.now ?? Date.now;
  }

  static async open(opts: ClusterOptions): Promise<Cluster> {
    const cluster = new Cluster(opts);
    for (const meta of opts.meta.topics()) await cluster.load(meta);
    if (opts.maintenanceIntervalMs > 0) {
      cluster.timer = setInterval(() => cluster.maintain(), opts.maintenanceIntervalMs);
      cluster.timer.unref();
    }
    return cluster;
  }

  /** Metadata's cluster_id: one per data directory, so a fresh broker is told apart from an old one. */
  get clusterId(): string { return this.opts.meta.clusterId(); }
  get autoCreateTopics(): boolean { return this.opts.autoCreateTopics; }
  set autoCreateTopics(on: boolean) { this.opts.autoCreateTopics = on; }
  get defaultPartitions(): number { return this.opts.defaultPartitions; }

  topics(): Topic[] { return [...this.topicsByName.values()]; }
  topic(name: string): Topic | undefined { return this.topicsByName.get(name); }
  log(topic: string, partition: number): PartitionLog | undefined {
    return this.topicsByName.get(topic)?.logs[partition];
  }

  createTopic(req: { name: string; numPartitions: number; replicationFactor: number;
    configs: ReadonlyArray<{ name: string; value: string | null }>; validateOnly: boolean }): Promise<TopicResult> {
    return this.exclusive(() => this.createTopicNow(req));
  }

  private async createTopicNow(req: Parameters<Cluster['createTopic']>[0]): Promise<TopicResult> {
    const nameProblem = topicNameProblem(req.name);
    if (nameProblem) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
    if (this.topicsByName.has(req.name)) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${req.name}' already exists.`);
    const partitions = req.numPartitions === -1 ? this.opts.defaultPartitions : req.numPartitions;
    if (!Number.isInteger(partitions) || partitions < 1) return fail(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
    const rf = req.replicationFactor;
    if (rf === 0 || rf < -1) return fail(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
    if (rf > 1 && this.opts.strictReplication) {
      return fail(ErrorCode.INVALID_REPLICATION_FACTOR, `Replication factor: ${rf} larger than available brokers: 1.`);
    }
    // Apache Kafka refuses a null value in CreateTopics (test/conformance); AlterConfigs differs.
    const nullValue = req.configs.find((c) => c.value === null);
    if (nullValue) return fail(ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${nullValue.name}`);
    const checked = validateConfigs(req.configs);
    if (!checked.ok) return fail(ErrorCode.INVALID_CONFIG, checked.problem.message);
    if (req.validateOnly) return OK;
    const meta: TopicMeta = { name: req.name, topicId: randomUUID(), partitions, configs: checked.configs };
    return this.storing(`create topic ${req.name}`, async () => {
      await this.opts.meta.putTopic(meta);
      await this.load(meta);
    });
  }

  /** Storage failures (disk full, permissions) become a retriable per-topic error, not a dead connection. */
  private async storing(what: string, fn: () => Promise<void>): Promise<TopicResult> {
    try {
      await fn();
      return OK;
    } catch (err) {
      return fail(ErrorCode.KAFKA_STORAGE_ERROR, `${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Metadata-triggered auto-creation (off by default, like Confluent Cloud). */
  async autoCreate(name: string): Promise<TopicResult> {
    return this.createTopic({ name, numPartitions: -1, replicationFactor: -1, configs: [], validateOnly: false });
  }

  deleteTopic(name: string): Promise<number> {
    return this.exclusive(() => this.deleteTopicNow(name));
  }

  private async deleteTopicNow(name: string): Promise<number> {
    const topic = this.topicsByName.get(name);
    if (!topic) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    this.topicsByName.delete(name);
    await this.opts.meta.deleteTopic(name);
    for (const log of topic.logs) await log.delete();
    await this.opts.onTopicDeleted?.(name);
    return ErrorCode.NONE;
  }

  createPartitions(name: string, count: number, validateOnly: boolean): Promise<TopicResult> {
    return this.exclusive(() => this.createPartitionsNow(name, count, validateOnly));
  }

  private async createPartitionsNow(name: string, count: number, validateOnly: boolean): Promise<TopicResult> {
    const topic = this.topicsByName.get(name);
    if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    if (count <= topic.partitions) {
      return fail(ErrorCode.INVALID_PARTITIONS, `Topic currently has ${topic.partitions} partitions, which is higher than or equal to the requested ${count}.`);
    }
    if (validateOnly) return OK;
    const config = toLogConfig(topic.configs);
    return this.storing(`grow topic ${name}`, async () => {
      for (let p = topic.logs.length; p < count; p++) topic.logs.push(await this.opts.store.openLog(name, p, config));
      topic.partitions = count;
      await this.opts.meta.putTopic(this.metaOf(topic));
    });
  }

  /**
   * Replaces a topic's config overrides (AlterConfigs, IncrementalAlterConfigs); `configs` passed
   * validateConfigs. Journaled before it takes effect, then every partition log uses it at once
   * (retention, compaction, timestamp type); produce reads max.message.bytes and cleanup.policy
   * from the topic on each request.
   */
  setTopicConfigs(name: string, configs: TopicConfigs, validateOnly: boolean): Promise<TopicResult> {
    return this.exclusive(() => this.setTopicConfigsNow(name, configs, validateOnly));
  }

  private async setTopicConfigsNow(name: string, configs: TopicConfigs, validateOnly: boolean): Promise<TopicResult> {
    const topic = this.topicsByName.get(name);
    if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    if (validateOnly) return OK;
    return this.storing(`alter configs of ${name}`, async () => {
      await this.opts.meta.putTopic({ ...this.metaOf(topic), configs });
      topic.configs = configs;
      const config = toLogConfig(configs);
      for (const log of topic.logs) log.setConfig(config);
    });
  }

  isCompacted(topic: Topic): boolean { return isCompacted(topic.configs); }

  maxMessageBytes(topic: Topic): number { return toLogConfig(topic.configs).maxMessageBytes; }

  /** Appends one validated batch and wakes long-polling fetches of that partition. */
  append(topic: Topic, partition: number, batch: Buffer): AppendResult {
    const log = topic.logs[partition];
    if (!log) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: 'no such partition' };
    const result = log.append(batch, this.now());
    if (result.errorCode === ErrorCode.NONE) this.waiters.notify(partitionKey(topic.name, partition));
    return result;
  }

  allocateProducerId(): Promise<number> { return this.opts.meta.nextProducerId(); }

  /** Deterministic compaction hook for tests (kfake's Cluster.Compact). */
  compactNow(topicName?: string): void {
    const now = this.now();
    for (const topic of this.topics()) {
      if (topicName !== undefined && topic.name !== topicName) continue;
      if (this.isCompacted(topic)) for (const log of topic.logs) log.compact(now);
    }
  }

  /** Deterministic retention hook for tests (kfake's ApplyRetention). */
  applyRetention(): void {
    const now = this.now();
    for (const topic of this.topics()) for (const log of topic.logs) log.applyRetention(now);
  }

  async flush(): Promise<void> {
    for (const topic of this.topics()) for (const log of topic.logs) await log.flush();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.closed = true;
    this.waiters.wakeAll();
    for (const topic of this.topics()) for (const log of topic.logs) await log.close();
  }

  /** Runs `write` after every write queued before it; a failed write does not block the next. */
  private exclusive<T>(write: () => Promise<T>): Promise<T> {
    const run = this.writes.then(write, write);
    this.writes = run.catch(() => undefined);
    return run;
  }

  private maintain(): void {
    try {
      this.applyRetention();
      this.compactNow();
    } catch (err) {
      // A failed cleaning pass must not take the broker down; the next tick retries.
      console.error('[embedded-kafka] maintenance failed', err);
    }
  }

  private async load(meta: TopicMeta): Promise<void> {
    const config = toLogConfig(meta.configs);
    const logs: PartitionLog[] = [];
    for (let p = 0; p < meta.partitions; p++) logs.push(await this.opts.store.openLog(meta.name, p, config));
    this.topicsByName.set(meta.name, { ...meta, logs });
  }

  private metaOf(topic: Topic): TopicMeta {
    return { name: topic.name, topicId: topic.topicId, partitions: topic.partitions, configs: topic.configs };
  }
}
