// Creates the catalogue's topics that are missing, with the partitions, replication factor and
// configs packages/contracts declares for the environment, and reports every difference between
// the catalogue and what the cluster already has (drift) as data. It never deletes or reconfigures
// a topic silently: the one optional repair is adding partitions, which Kafka can do in place
// (but which re-maps keys, hence opt-in). The same code runs against the embedded broker and a
// real cluster; only the environment's specs differ.
import { allTopicSpecs } from '@tessera/contracts/topic-config';
import type { TopicSpec } from '@tessera/contracts/topic-config';
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

type ProvisionAdmin = Pick<Admin, 'listTopics' | 'createTopics' | 'fetchTopicMetadata' | 'describeConfigs' | 'createPartitions'>;

export async function provisionTopics(admin: ProvisionAdmin, options: ProvisionOptions): Promise<ProvisionReport> {
  const { names } = options;
  const wanted = options.topics ? new Set(options.topics) : undefined;
  const specs = allTopicSpecs(options.env).filter((s) => !wanted || wanted.has(s.topic));
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !present.has(names.physical(s.topic)));
  const report: ProvisionReport = { created: [], existing: [], drift: [], partitionsAdded: [] };
  report.existing = specs.filter((s) => present.has(names.physical(s.topic))).map((s) => names.physical(s.topic));

  if (missing.length > 0) {
    // false = another process created one of them first (TOPIC_ALREADY_EXISTS): the drift check
    // below still compares it with the catalogue, so a concurrent creation is not a problem.
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: names.physical(s.topic),
        numPartitions: s.numPartitions,
        replicationFactor: s.replicationFactor,
        configEntries: s.configEntries,
      })),
    });
    report.created = missing.map((s) => names.physical(s.topic));
  }

  const physical = specs.map((s) => names.physical(s.topic));
  const metadata = await admin.fetchTopicMetadata({ topics: physical });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: specs.map((s) => ({
      type: ConfigResourceTypes.TOPIC,
      name: names.physical(s.topic),
      configNames: s.configEntries.map((e) => e.name),
    })),
  });

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

/** Config entries whose value on the broker differs from the catalogue's. */
export function configDrift(spec: TopicSpec, physical: string, actual: readonly { configName: string; configValue: string | null }[]): Drift[] {
  const out: Drift[] = [];
  for (const want of spec.configEntries) {
    const got = actual.find((e) => e.configName === want.name)?.configValue ?? null;
    if (got !== want.value) out.push({ topic: spec.topic, physical, kind: 'config', name: want.name, expected: want.value, actual: got });
  }
  return out;
}
