import { describe, expect, it } from 'vitest';
import { EVENTS } from './events.js';
import { allTopicSpecs, DLQ_MAX_MESSAGE_BYTES, topicConfigEntries, topicSpec } from './topic-config.js';
import { isTopicName, TOPIC_NAMES, TOPICS } from './topics.js';

const entries = (...args: Parameters<typeof topicConfigEntries>) =>
  Object.fromEntries(topicConfigEntries(...args).map((e) => [e.name, e.value]));

describe('topic catalogue', () => {
  it('defines exactly the topics of the architecture table', () => {
    expect([...TOPIC_NAMES].sort()).toEqual([
      'beacons.enriched.v1', 'beacons.v1', 'content.v1', 'dlq.v1', 'interactions.enriched.v1',
      'interactions.v1', 'models.v1', 'recommendations.v2', 'users.v1',
    ]);
    for (const name of TOPIC_NAMES) expect(TOPICS[name].name).toBe(name);
  });

  it('names a registered value schema for every topic', () => {
    for (const name of TOPIC_NAMES) expect(Object.keys(EVENTS)).toContain(TOPICS[name].value);
  });

  it('allows tombstones exactly on the compacted entity topics that need them', () => {
    const withTombstones = TOPIC_NAMES.filter((t) => TOPICS[t].tombstones);
    expect(withTombstones.sort()).toEqual(['content.v1', 'users.v1']);
  });

  it('gives every userId-keyed topic the same partition count in each environment', () => {
    const perUser = TOPIC_NAMES.filter((t) => TOPICS[t].key === 'userId');
    expect(perUser).toHaveLength(6);
    for (const env of ['local', 'production'] as const) {
      expect(new Set(perUser.map((t) => TOPICS[t].partitions[env])).size).toBe(1);
    }
  });

  it('recognizes topic names', () => {
    expect(isTopicName('interactions.v1')).toBe(true);
    expect(isTopicName('interactions.v2')).toBe(false);
    expect(isTopicName('toString')).toBe(false);
  });
});

describe('topic config', () => {
  it('sets retention on delete topics', () => {
    expect(entries('interactions.v1', 'production')).toMatchObject({
      'cleanup.policy': 'delete', 'retention.ms': String(7 * 86_400_000), 'min.insync.replicas': '2',
    });
    expect(entries('recommendations.v2', 'local')['retention.ms']).toBe(String(86_400_000));
    expect(entries('dlq.v1', 'local')['retention.ms']).toBe(String(30 * 86_400_000));
  });

  it('keeps tombstones a week on compacted topics and bounds compaction lag for personal data', () => {
    const users = entries('users.v1', 'production');
    expect(users).toMatchObject({ 'cleanup.policy': 'compact', 'delete.retention.ms': String(7 * 86_400_000) });
    expect(users['retention.ms']).toBeUndefined();
    expect(users['max.compaction.lag.ms']).toBe(String(86_400_000));
    expect(entries('content.v1', 'production')['max.compaction.lag.ms']).toBeUndefined();
  });

  it('lets the DLQ hold a base64 copy of a maximum-size record', () => {
    expect(Number(entries('dlq.v1', 'production')['max.message.bytes'])).toBe(DLQ_MAX_MESSAGE_BYTES);
    expect(DLQ_MAX_MESSAGE_BYTES).toBeGreaterThan(Math.ceil(Number(entries('interactions.v1', 'production')['max.message.bytes']) * 4 / 3) + 64 * 1024);
  });

  it('builds CreateTopics specs per environment', () => {
    expect(topicSpec('interactions.v1', 'local')).toMatchObject({ topic: 'interactions.v1', numPartitions: 3, replicationFactor: 1 });
    expect(topicSpec('interactions.v1', 'production')).toMatchObject({ numPartitions: 96, replicationFactor: 3 });
    expect(topicSpec('models.v1', 'production').numPartitions).toBe(1);
    expect(allTopicSpecs('local').map((s) => s.topic)).toEqual(TOPIC_NAMES);
    for (const spec of allTopicSpecs('local')) expect(spec.configEntries.every((e) => typeof e.value === 'string')).toBe(true);
  });
});
