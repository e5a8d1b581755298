// Provisioning against the embedded broker over TCP: every catalogue topic is created with the
// environment's partitions and configs, a second run finds nothing to do and no drift, and a
// topic created by someone else with different settings is reported as drift, not changed.
import { allTopicSpecs, topicSpec } from '@tessera/contracts/topic-config';
import { TOPIC_NAMES } from '@tessera/contracts/topics';
import type { TestBroker } from '../testing.js';
import type { Admin } from 'kafkajs';
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTopics } from '../src/provision.js';
import { eventually, externalKafka, scope, startTestBroker, testKafka } from '../testing.js';

let broker: TestBroker;
let admin: Admin;

beforeAll(async () => {
  broker = await startTestBroker();
  admin = testKafka(broker).admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
  await broker?.close();
});

describe('provisionTopics', () => {
  it('creates every catalogue topic with the local specs, then a second run finds no drift', async () => {
    const { names } = scope();
    const first = await provisionTopics(admin, { env: 'local', names });
    expect(first.created.sort()).toEqual(TOPIC_NAMES.map((t) => names.physical(t)).sort());
    expect(first.existing).toEqual([]);
    expect(first.drift).toEqual([]);

    const meta = await admin.fetchTopicMetadata({ topics: TOPIC_NAMES.map((t) => names.physical(t)) });
    for (const spec of allTopicSpecs('local')) {
      const topic = meta.topics.find((t) => t.name === names.physical(spec.topic));
      expect(topic?.partitions.length, spec.topic).toBe(spec.numPartitions);
    }
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: names.physical('dlq.v1') }],
    });
    const dlq = configs.resources[0]?.configEntries ?? [];
    for (const want of topicSpec('dlq.v1', 'local').configEntries) {
      expect(dlq.find((e) => e.configName === want.name)?.configValue, want.name).toBe(want.value);
    }

    const second = await provisionTopics(admin, { env: 'local', names });
    expect(second.created).toEqual([]);
    expect(second.existing).toHaveLength(TOPIC_NAMES.length);
    expect(second.drift).toEqual([]);
  });

  // Embedded only: it stores one copy of an RF 3 topic; a one-node Apache Kafka refuses RF 3
  // (INVALID_REPLICATION_FACTOR), and the three-node failover test provisions RF 3 for real.
  it.skipIf(externalKafka)('requests RF 3 for production and the broker accepts it; only the single copy is reported', async () => {
    const { names } = scope();
    const topics = ['users.v1', 'dlq.v1'] as const;
    const report = await provisionTopics(admin, { env: 'production', names, topics });
    expect(report.created.sort()).toEqual(topics.map((t) => names.physical(t)).sort());
    // The embedded broker stores one copy of an RF 3 topic: an honest report says so, and says
    // nothing else (partitions and configs match, min.insync.replicas=2 included).
    expect(report.drift).toEqual(topics.map((t) => ({ topic: t, physical: names.physical(t), kind: 'replication', expected: 3, actual: 1 })));
    const meta = await admin.fetchTopicMetadata({ topics: [names.physical('users.v1')] });
    expect(meta.topics[0]?.partitions).toHaveLength(96);
  });

  it('reports a topic created with other settings as drift and leaves it alone', async () => {
    const { names } = scope();
    const spec = topicSpec('beacons.v1', 'local');
    await admin.createTopics({
      waitForLeaders: false, // provisionTopics waits (kafkajs' wait fails on Apache Kafka's first UNKNOWN_TOPIC_OR_PARTITION)
      topics: [{
        topic: names.physical('beacons.v1'), numPartitions: 2, replicationFactor: 1,
        configEntries: spec.configEntries.map((e) => (e.name === 'retention.ms' ? { name: e.name, value: '3600000' } : e)),
      }],
    });
    const report = await provisionTopics(admin, { env: 'local', names, topics: ['beacons.v1', 'interactions.v1'] });
    expect(report.created).toEqual([names.physical('interactions.v1')]);
    expect(report.existing).toEqual([names.physical('beacons.v1')]);
    expect(report.drift).toEqual([
      { topic: 'beacons.v1', physical: names.physical('beacons.v1'), kind: 'partitions', expected: 3, actual: 2 },
      { topic: 'beacons.v1', physical: names.physical('beacons.v1'), kind: 'config', name: 'retention.ms', expected: String(7 * 86_400_000), actual: '3600000' },
    ]);
    const again = await provisionTopics(admin, { env: 'local', names, topics: ['beacons.v1'] });
    expect(again.drift).toHaveLength(2);
  });

  it('raises a too-low partition count only when asked to', async () => {
    const { names } = scope();
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic: names.physical('beacons.v1'), numPartitions: 1, configEntries: topicSpec('beacons.v1', 'local').configEntries }] });
    const report = await provisionTopics(admin, { env: 'local', names, topics: ['beacons.v1'], addPartitions: true });
    expect(report.partitionsAdded).toEqual([{ physical: names.physical('beacons.v1'), from: 1, to: 3 }]);
    expect(report.drift).toEqual([]);
    // Apache Kafka's metadata shows the new partitions a moment after CreatePartitions returns.
    await eventually(async () => ((await admin.fetchTopicMetadata({ topics: [names.physical('beacons.v1')] })).topics[0]?.partitions.length === 3 ? true : undefined), 'three partitions in the metadata');
  });
});
