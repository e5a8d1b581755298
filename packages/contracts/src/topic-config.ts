// Kafka topic configuration derived from the catalogue: the CreateTopics request for a topic in
// an environment, in the shape kafkajs' admin.createTopics takes ({ topic, numPartitions,
// replicationFactor, configEntries }).
import { MIN_INSYNC_REPLICAS, REPLICATION_FACTOR, TOPICS } from './topics.js';
import type { Environment, TopicName } from './topics.js';

export interface ConfigEntry {
  name: string;
  value: string;
}

export interface TopicSpec {
  topic: TopicName;
  numPartitions: number;
  replicationFactor: number;
  configEntries: ConfigEntry[];
}

const DAY_MS = 86_400_000;

// Kafka's default (1 MiB + record batch overhead). Stated explicitly so the DLQ sizing below
// is visibly derived from it.
export const MAX_MESSAGE_BYTES = 1_048_588;
// A dead letter carries the original value base64-encoded (4/3) plus error and headers.
export const DLQ_MAX_MESSAGE_BYTES = 2 * 1_048_576;

// Tombstones (takedowns, account deletions) stay readable for a week, so a consumer that was
// down over a weekend still sees the deletion instead of keeping the item or the profile.
const TOMBSTONE_RETENTION_MS = 7 * DAY_MS;

// users.v1 holds personal data: compaction must remove superseded profiles within a day, not
// whenever the segment happens to roll (the default only compacts closed segments).
const USERS_MAX_COMPACTION_LAG_MS = 1 * DAY_MS;

export function topicConfigEntries(topic: TopicName, env: Environment): ConfigEntry[] {
  const def = TOPICS[topic];
  const entries: ConfigEntry[] = [{ name: 'cleanup.policy', value: def.cleanup }];
  if (def.cleanup === 'delete' && def.retentionMs !== null) {
    entries.push({ name: 'retention.ms', value: String(def.retentionMs) });
  }
  if (def.cleanup === 'compact') {
    entries.push({ name: 'delete.retention.ms', value: String(TOMBSTONE_RETENTION_MS) });
  }
  if (topic === 'users.v1') {
    entries.push({ name: 'max.compaction.lag.ms', value: String(USERS_MAX_COMPACTION_LAG_MS) });
  }
  const maxBytes = topic === 'dlq.v1' ? DLQ_MAX_MESSAGE_BYTES : MAX_MESSAGE_BYTES;
  entries.push({ name: 'max.message.bytes', value: String(maxBytes) });
  entries.push({ name: 'min.insync.replicas', value: String(MIN_INSYNC_REPLICAS[env]) });
  return entries;
}

export function topicSpec(topic: TopicName, env: Environment): TopicSpec {
  return {
    topic,
    numPartitions: TOPICS[topic].partitions[env],
    replicationFactor: REPLICATION_FACTOR[env],
    configEntries: topicConfigEntries(topic, env),
  };
}

/** Every topic's spec, for provisioning a whole environment. */
export function allTopicSpecs(env: Environment): TopicSpec[] {
  return (Object.keys(TOPICS) as TopicName[]).map((t) => topicSpec(t, env));
}
