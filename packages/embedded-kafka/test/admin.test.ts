// kafkajs admin scenarios against the embedded broker over TCP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import type { Broker } from '../src/broker.js';
import { eventually, kafka, startTestBroker, uid } from './helpers.js';

let broker: Broker;
let admin: Admin;

beforeAll(async () => {
  broker = await startTestBroker();
  admin = kafka(broker).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await broker?.close();
});

describe('topics', () => {
  it('creates a topic once; the second create answers false', async () => {
    const topic = uid('admin-twice');
    await admin.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic, numPartitions: 2 }] });
    expect(broker.cluster.topic(topic)).toBeUndefined(); // validate_only changes nothing
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).toBe(false);
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(md.topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1]);
  });

  it('lets exactly one of two admins racing to create the same names succeed', async () => {
    // Two clients on their own connections create the same 21 topics at once, one in order and
    // the other in reverse, one topic per request and with different partition counts: they meet
    // in the middle, and the partition count shows which create won. The storage layer writes
    // synchronously today, so this holds the contract over the wire; src/cluster.test.ts makes the
    // journal slow to show that the one-at-a-time queue is what keeps it when writes take time.
    const dataDir = await mkdtemp(join(tmpdir(), 'admin-race-'));
    const onDisk = await startTestBroker({ dataDir });
    const [one, other] = [kafka(onDisk).admin(), kafka(onDisk).admin()];
    await Promise.all([one.connect(), other.connect()]);
    try {
      const topics = Array.from({ length: 21 }, (_, i) => uid(`admin-race-${i}`));
      const create = (admin: Admin, topic: string, numPartitions: number) =>
        admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions }] });
      const [ones, others] = await Promise.all([
        Promise.all(topics.map((t) => create(one, t, 2))),
        Promise.all([...topics].reverse().map((t) => create(other, t, 3))).then((r) => r.reverse()),
      ]);
      const md = await one.fetchTopicMetadata({ topics });
      for (const [i, topic] of topics.entries()) {
        expect([ones[i], others[i]], topic).toContain(true);
        expect([ones[i], others[i]], topic).toContain(false);
        const winner = ones[i] ? 2 : 3;
        expect(md.topics.find((t) => t.name === topic)?.partitions, topic).toHaveLength(winner);
        expect(onDisk.cluster.topic(topic)?.logs, topic).toHaveLength(winner);
      }
    } finally {
      await Promise.all([one.disconnect(), other.disconnect()]);
      await onDisk.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('accepts replication factor 3 and stores one copy led by the controller', async () => {
    const topic = uid('admin-rf3');
    expect(await admin.createTopics({ topics: [{ topic, replicationFactor: 3 }] })).toBe(true);
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(md.topics[0]?.partitions).toEqual([expect.objectContaining({ partitionId: 0, leader: 1, replicas: [1], isr: [1] })]);
    const cluster = await admin.describeCluster();
    expect(cluster.controller).toBe(1);
    expect(cluster.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port }]);
  });

  it('refuses RF 3 in strict mode and illegal names always', async () => {
    const strict = await startTestBroker({ strictReplication: true });
    const strictAdmin = kafka(strict, { retry: { retries: 0 } }).admin();
    await strictAdmin.connect();
    try {
      await expect(strictAdmin.createTopics({ topics: [{ topic: uid('strict'), replicationFactor: 3 }] }))
        .rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_REPLICATION_FACTOR' })] });
      await expect(strictAdmin.createTopics({ topics: [{ topic: 'bad name!' }] }))
        .rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_TOPIC_EXCEPTION' })] });
    } finally {
      await strictAdmin.disconnect();
      await strict.close();
    }
  });

  it('grows partitions and refuses to shrink them', async () => {
    const topic = uid('admin-grow');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(md.topics[0]?.partitions).toHaveLength(3);
    await expect(admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] })).rejects.toMatchObject({ type: 'INVALID_PARTITIONS' });
  });

  it('finds offsets by timestamp and deletes records up to an offset', async () => {
    const topic = uid('admin-offsets');
    await admin.createTopics({ topics: [{ topic }] });
    const producer = kafka(broker).producer();
    await producer.connect();
    for (const ts of [1000, 2000, 3000, 4000]) {
      await producer.send({ topic, messages: [{ value: `at-${ts}`, timestamp: String(ts) }] });
    }
    await producer.disconnect();
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 2500)).toEqual([{ partition: 0, offset: '2' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 1000)).toEqual([{ partition: 0, offset: '0' }]);
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] });
    const [p0] = await admin.fetchTopicOffsets(topic);
    expect(p0).toMatchObject({ partition: 0, low: '3', high: '4' });
  });

  it('describes every topic config with its source', async () => {
    const topic = uid('admin-configs');
    await admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    const res = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
    const entries = res.resources[0]?.configEntries ?? [];
    const byName = new Map(entries.map((e) => [e.configName, e]));
    expect(byName.get('cleanup.policy')).toMatchObject({ configValue: 'compact', isDefault: false, configSource: 1 });
    expect(byName.get('retention.ms')).toMatchObject({ configValue: '604800000', isDefault: true, configSource: 5 });
    expect(byName.get('max.message.bytes')).toMatchObject({ configValue: '1048588', configSource: 5 });
    expect(entries.length).toBeGreaterThanOrEqual(10);
    await expect(admin.createTopics({ topics: [{ topic: uid('bad-config'), configEntries: [{ name: 'no.such.config', value: '1' }] }] }))
      .rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })] });
  });

  it('deletes a topic', async () => {
    const topic = uid('admin-delete');
    await admin.createTopics({ topics: [{ topic }] });
    await admin.deleteTopics({ topics: [topic] });
    expect(await admin.listTopics()).not.toContain(topic);
  });
});

describe('groups', () => {
  it('lists, describes and deletes a consumer group', async () => {
    const topic = uid('admin-groups');
    const groupId = uid('g');
    await admin.createTopics({ topics: [{ topic }] });
    const consumer = kafka(broker).consumer({ groupId, maxWaitTimeInMs: 100, heartbeatInterval: 100, sessionTimeout: 3000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => { joined = true; });
    const joins: string[] = [];
    const stop = broker.faults.observe((e) => { if (e.apiKey === 11 && e.body.groupId === groupId) joins.push(String(e.body.memberId)); });
    await consumer.run({ eachMessage: async () => {} });
    await eventually(() => (joined ? true : undefined), 20_000, 'group join');
    stop();
    // KIP-394: the first JoinGroup (v4+) without a member id is answered MEMBER_ID_REQUIRED with an
    // id, and the client immediately rejoins with it.
    expect(joins[0]).toBe('');
    expect(joins[1]).toMatch(/.+/);

    expect((await admin.listGroups()).groups).toContainEqual({ groupId, protocolType: 'consumer' });
    const stable = await eventually(async () => {
      const d = await admin.describeGroups([groupId]);
      return d.groups[0]?.state === 'Stable' ? d.groups[0] : undefined;
    }, 10_000, 'Stable group');
    expect(stable.members).toHaveLength(1);
    expect(stable.protocol).toBe('RoundRobinAssigner');
    await expect(admin.deleteGroups([groupId])).rejects.toMatchObject({ groups: [expect.objectContaining({ errorCode: 68 })] });

    await consumer.disconnect();
    expect((await admin.describeGroups([groupId])).groups[0]?.state).toBe('Empty');
    await admin.deleteGroups([groupId]);
    expect((await admin.describeGroups([groupId])).groups[0]?.state).toBe('Dead');
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
  });
});

describe('auto-creation and retention', () => {
  it('refuses unknown topics by default and creates them when switched on', async () => {
    const topic = uid('auto');
    const md = await admin.fetchTopicMetadata({ topics: [topic] }).catch((err: { type?: string }) => err);
    expect(md).toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    broker.cluster.autoCreateTopics = true;
    try {
      const producer = kafka(broker).producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ value: 'created on demand' }] });
      await producer.disconnect();
      expect(broker.cluster.topic(topic)?.partitions).toBe(1);
    } finally {
      broker.cluster.autoCreateTopics = false;
    }
  });

  it('applyRetention drops expired batches and moves the log start offset', async () => {
    const topic = uid('retention');
    await admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'retention.ms', value: '60000' }] }] });
    const producer = kafka(broker).producer();
    await producer.connect();
    const old = String(Date.now() - 3_600_000);
    await producer.send({ topic, messages: [{ value: 'old-1', timestamp: old }, { value: 'old-2', timestamp: old }] });
    await producer.send({ topic, messages: [{ value: 'fresh' }] });
    await producer.disconnect();
    broker.applyRetention();
    expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '2', high: '3' });
  });
});
