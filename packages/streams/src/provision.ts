// Creates the catalogue's topics that are missing, with the partitions, replication factor and
// configs packages/contracts declares for the environment, and reports every difference between
// the catalogue and what the cluster already has (drift) as data. It never deletes or reconfigures
// a topic silently: the one optional repair is adding partitions, which Kafka can do in place
// (but which re-maps keys, hence opt-in). The same code runs against the embedded broker and a
// real cluster; only the environment's specs differ, and the local sizing takes as many replicas
// as the cluster has brokers (up to production's 3), so a three-broker cluster gets RF 3.
import { allTopicSpecs } from '@tessera/contracts/topic-config';
import type { TopicSpec } from '@tessera/contracts/topic-config';
import { MIN_INSYNC_REPLICAS, REPLICATION_FACTOR } from '@tessera/contracts/topics';
import type { Environment, TopicName } from '@tessera/contracts/topics';
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';
import type { TopicNames } from './topic-names.js';

// kafkajs is CommonJS and Node's ESM loader only sees the exports listed before its first
// computed property, so ConfigResourceTypes must come off the default export (vitest hides this).
const { ConfigResourceTypes } = kafkajs;

export type Drift =
  | { topic: TopicName; physical: string; kind: 'partitions'; expected: number; actual: number }
  | { topic: TopicName; physical: string; kind: 'replication'; expected: number; actual: number }
  | { topic: TopicName; physical: string; kind: 'config'; name: string; expected: string; actual: string | null };

export interface ProvisionReport {
  /** Physical names created by this run. */
  created: string[];
  /** Physical names that existed before. */
  existing: string[];
  /** Differences still present after this run (repaired partition counts are not listed). */
  drift: Drift[];
  /** Partition increases this run applied (only with `addPartitions`). */
  partitionsAdded: { physical: string; from: number; to: number }[];
}

export interface ProvisionOptions {
  env: Environment;
  names: TopicNames;
  /** Only these catalogue topics (default: all). */
  topics?: readonly TopicName[];
  /** Raise a partition count that is below the catalogue's. Off by default: it re-maps keys. */
  addPartitions?: boolean;
}

type ProvisionAdmin = Pick<Admin, 'listTopics' | 'createTopics' | 'fetchTopicMetadata' | 'describeConfigs' | 'createPartitions' | 'describeCluster'>;

/**
 * The local sizing on the cluster at hand: the catalogue's partition counts and configs, with as
 * many replicas as the cluster has brokers up to the production factor (1 on the embedded broker,
 * 3 on a three-broker cluster) and production's min.insync.replicas once there are three, so a
 * local multi-broker cluster survives the loss of a broker like production does.
 */
export function localOnCluster(spec: TopicSpec, brokers: number): TopicSpec {
  const replicationFactor = Math.max(1, Math.min(REPLICATION_FACTOR.production, brokers));
  const minInsync = replicationFactor >= REPLICATION_FACTOR.production ? MIN_INSYNC_REPLICAS.production : MIN_INSYNC_REPLICAS.local;
  return {
    ...spec,
    replicationFactor,
    configEntries: spec.configEntries.map((e) => (e.name === 'min.insync.replicas' ? { name: e.name, value: String(minInsync) } : e)),
  };
}

export async function provisionTopics(admin: ProvisionAdmin, options: ProvisionOptions): Promise<ProvisionReport> {
  const { names } = options;
  const wanted = options.topics ? new Set(options.topics) : undefined;
  const brokers = options.env === 'local' ? (await admin.describeCluster()).brokers.length : 0;
  const specs = allTopicSpecs(options.env).filter((s) => !wanted || wanted.has(s.topic)).map((s) => (options.env === 'local' ? localOnCluster(s, brokers) : s));
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !present.has(names.physical(s.topic)));
  const report: ProvisionReport = { created: [], existing: [], drift: [], partitionsAdded: [] };
  report.existing = specs.filter((s) => present.has(names.physical(s.topic))).map((s) => names.physical(s.topic));

  // One CreateTopics per topic: kafkajs only says whether all of a request's topics were new, and
  // a topic another process (or Apache Kafka's lagging metadata) hid from listTopics must be
  // reported as existing, not as created by this run.
  for (const spec of missing) {
    const topic = names.physical(spec.topic);
    const created = await admin.createTopics({
      // kafkajs' own wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which Apache Kafka answers for a
      // moment after CreateTopics while the new topic reaches the broker's metadata cache; the
      // embedded broker never does. waitForTopics below waits for both.
      waitForLeaders: false,
      topics: [{ topic, numPartitions: spec.numPartitions, replicationFactor: spec.replicationFactor, configEntries: spec.configEntries }],
    });
    (created ? report.created : report.existing).push(topic);
  }

  const physical = specs.map((s) => names.physical(s.topic));
  const metadata = await waitForTopics(admin, physical);
  // On a multi-broker cluster the broker answering may not know a topic the controller just made.
  const configs = await whileNew(() => admin.describeConfigs({
    includeSynonyms: false,
    resources: specs.map((s) => ({
      type: ConfigResourceTypes.TOPIC,
      name: names.physical(s.topic),
      configNames: s.configEntries.map((e) => e.name),
    })),
  }));

  for (const spec of specs) {
    const name = names.physical(spec.topic);
    const meta = metadata.topics.find((t) => t.name === name);
    const partitions = meta?.partitions.length ?? 0;
    if (partitions < spec.numPartitions && options.addPartitions) {
      await admin.createPartitions({ topicPartitions: [{ topic: name, count: spec.numPartitions }] });
      report.partitionsAdded.push({ physical: name, from: partitions, to: spec.numPartitions });
    } else if (partitions !== spec.numPartitions) {
      report.drift.push({ topic: spec.topic, physical: name, kind: 'partitions', expected: spec.numPartitions, actual: partitions });
    }
    const replicas = Math.min(...(meta?.partitions ?? []).map((p) => p.replicas.length));
    if (Number.isFinite(replicas) && replicas !== spec.replicationFactor) {
      report.drift.push({ topic: spec.topic, physical: name, kind: 'replication', expected: spec.replicationFactor, actual: replicas });
    }
    const entries = configs.resources.find((r) => r.resourceName === name)?.configEntries ?? [];
    report.drift.push(...configDrift(spec, name, entries));
  }
  return report;
}

const TOPIC_WAIT_MS = 30_000;

/** `call`, retried while Apache Kafka still answers UNKNOWN_TOPIC_OR_PARTITION / LEADER_NOT_AVAILABLE for a new topic. */
async function whileNew<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TOPIC_WAIT_MS;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      const type = (err as { type?: string }).type;
      if ((type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') || Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Metadata of `topics` once every partition has a leader (a created topic takes a moment to appear everywhere). */
async function waitForTopics(admin: ProvisionAdmin, topics: string[]): Promise<Awaited<ReturnType<Admin['fetchTopicMetadata']>>> {
  const deadline = Date.now() + TOPIC_WAIT_MS;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (ready || Date.now() > deadline) return metadata;
    } catch (err) {
      // UNKNOWN_TOPIC_OR_PARTITION / LEADER_NOT_AVAILABLE right after creation; anything else is real.
      const type = (err as { type?: string }).type;
      if ((type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') || Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Config entries whose value on the broker differs from the catalogue's. */
export function configDrift(spec: TopicSpec, physical: string, actual: readonly { configName: string; configValue: string | null }[]): Drift[] {
  const out: Drift[] = [];
  for (const want of spec.configEntries) {
    const got = actual.find((e) => e.configName === want.name)?.configValue ?? null;
    if (got !== want.value) out.push({ topic: spec.topic, physical, kind: 'config', name: want.name, expected: want.value, actual: got });
  }
  return out;
}
