// Changing topic configs (issue 13 item 12): kafkajs admin.alterConfigs (AlterConfigs v1) and
// IncrementalAlterConfigs v0 over the raw wire (neither kafkajs 2.2.4 nor librdkafka 2.0.2 sends
// it; kcat has no admin commands). Checks that a change is validated like Kafka validates it, takes
// effect where the broker uses the config (max.message.bytes on produce, cleanup.policy on keyless
// writes and compaction, retention.ms on retention), survives a restart, and that CreateTopics v4
// takes the broker defaults for -1 (KIP-464, what librdkafka's admin API sends).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import type { Broker } from '../src/broker.js';
import { kafka, startTestBroker, uid } from './helpers.js';
import { WireClient } from './wire.js';

let broker: Broker;
let k: Kafka;
let admin: Admin;
let wire: WireClient;

beforeAll(async () => {
  broker = await startTestBroker({ defaultPartitions: 3 });
  k = kafka(broker);
  admin = k.admin();
  await admin.connect();
  wire = await WireClient.open(broker.port);
});
afterAll(async () => {
  wire?.close();
  await admin?.disconnect();
  await broker?.close();
});

async function topicWith(configEntries: { name: string; value: string }[] = []): Promise<string> {
  const topic = uid('alter');
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries }] });
  return topic;
}

async function configsOf(topic: string): Promise<Record<string, { value: string; source: number }>> {
  const d = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
  return Object.fromEntries(d.resources[0]!.configEntries.map((c) => [c.configName, { value: c.configValue, source: c.configSource }]));
}

const alter = (topic: string, configEntries: { name: string; value: string }[], validateOnly = false) =>
  admin.alterConfigs({ validateOnly, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries }] });

interface AlterAnswer { responses: { errorCode: number; errorMessage: string | null; resourceName: string }[] }
const incremental = (resources: { resourceType: number; resourceName: string; configs: { name: string; configOperation: number; value: string | null }[] }[], validateOnly = false) =>
  wire.send(44, 0, { resources, validateOnly }).response as unknown as Promise<AlterAnswer>;

describe('AlterConfigs through kafkajs admin.alterConfigs', () => {
  it('replaces the overrides: what is sent is set, what is not sent reverts to the default', async () => {
    const topic = await topicWith([{ name: 'retention.ms', value: '60000' }]);
    await alter(topic, [{ name: 'max.message.bytes', value: '2048' }]);
    const c = await configsOf(topic);
    expect(c['max.message.bytes']).toEqual({ value: '2048', source: 1 });
    expect(c['retention.ms']).toEqual({ value: '604800000', source: 5 });
  });

  it('max.message.bytes takes effect on the next produce', async () => {
    const topic = await topicWith();
    const producer = k.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: 'x'.repeat(4000) }] });
      await alter(topic, [{ name: 'max.message.bytes', value: '1024' }]);
      await expect(producer.send({ topic, messages: [{ value: 'x'.repeat(4000) }] })).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
      await producer.send({ topic, messages: [{ value: 'small' }] });
    } finally {
      await producer.disconnect();
    }
    expect(broker.cluster.log(topic, 0)!.highWatermark).toBe(2);
  });

  it('cleanup.policy=compact refuses keyless writes and compacts', async () => {
    const topic = await topicWith();
    const producer = k.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: 'k', value: 'v1' }, { key: 'k', value: 'v2' }] });
      await alter(topic, [{ name: 'cleanup.policy', value: 'compact' }, { name: 'min.compaction.lag.ms', value: '0' }]);
      await expect(producer.send({ topic, messages: [{ value: 'no key' }] })).rejects.toMatchObject({ type: 'INVALID_RECORD' });
      await producer.send({ topic, messages: [{ key: 'k', value: 'v3' }] });
    } finally {
      await producer.disconnect();
    }
    broker.compactNow(topic);
    // The first batch (v1, v2) only held superseded values: compaction dropped it.
    const stored = broker.cluster.log(topic, 0)!.read(0, 1 << 20);
    expect(stored.includes(Buffer.from('v1'))).toBe(false);
    expect(stored.includes(Buffer.from('v3'))).toBe(true);
  });

  it('retention.ms takes effect at the next retention pass', async () => {
    const topic = await topicWith();
    const producer = k.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'old', timestamp: String(Date.now() - 3_600_000) }] });
    await producer.send({ topic, messages: [{ value: 'fresh' }] });
    await producer.disconnect();
    broker.applyRetention();
    expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '0', high: '2' });
    await alter(topic, [{ name: 'retention.ms', value: '60000' }]);
    broker.applyRetention();
    expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '1', high: '2' });
  });

  it('refuses an unknown config or a bad value with INVALID_CONFIG and changes nothing; validateOnly changes nothing', async () => {
    const topic = await topicWith([{ name: 'retention.ms', value: '60000' }]);
    await expect(alter(topic, [{ name: 'retention.mss', value: '1' }])).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
    await expect(alter(topic, [{ name: 'cleanup.policy', value: 'shred' }])).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
    await expect(alter(topic, [{ name: 'retention.ms', value: '-7' }])).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
    await alter(topic, [{ name: 'retention.ms', value: '1000' }], true);
    expect((await configsOf(topic))['retention.ms']).toEqual({ value: '60000', source: 1 });
  });

  it('answers an unknown topic with UNKNOWN_TOPIC_OR_PARTITION and a null value with INVALID_REQUEST', async () => {
    const topic = await topicWith();
    const r = await wire.send(33, 1, { validateOnly: false, resources: [
      { resourceType: 2, resourceName: uid('missing'), configs: [{ name: 'retention.ms', value: '1000' }] },
      { resourceType: 2, resourceName: topic, configs: [{ name: 'retention.ms', value: null }] },
      { resourceType: 4, resourceName: '1', configs: [{ name: 'num.partitions', value: '5' }] },
    ] }).response as unknown as AlterAnswer;
    expect(r.responses.map((x) => x.errorCode)).toEqual([3, 42, 42]);
  });
});

describe('IncrementalAlterConfigs v0 (raw wire)', () => {
  const SET = 0, DELETE = 1, APPEND = 2, SUBTRACT = 3;

  it('SET / DELETE / APPEND / SUBTRACT change only the named configs', async () => {
    const topic = await topicWith([{ name: 'retention.ms', value: '60000' }]);
    let r = await incremental([{ resourceType: 2, resourceName: topic, configs: [
      { name: 'cleanup.policy', configOperation: APPEND, value: 'compact' },
      { name: 'max.message.bytes', configOperation: SET, value: '5000' },
    ] }]);
    expect(r.responses).toEqual([{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: topic }]);
    let c = await configsOf(topic);
    expect([c['cleanup.policy']?.value, c['max.message.bytes']?.value, c['retention.ms']?.value]).toEqual(['delete,compact', '5000', '60000']);
    expect(broker.cluster.isCompacted(broker.cluster.topic(topic)!)).toBe(true);

    r = await incremental([{ resourceType: 2, resourceName: topic, configs: [
      { name: 'cleanup.policy', configOperation: SUBTRACT, value: 'delete' },
      { name: 'retention.ms', configOperation: DELETE, value: null },
      { name: 'not.a.config', configOperation: DELETE, value: null }, // deleting what is not set is a no-op, as in Kafka
    ] }]);
    expect(r.responses[0]?.errorCode).toBe(0);
    c = await configsOf(topic);
    expect([c['cleanup.policy']?.value, c['retention.ms']]).toEqual(['compact', { value: '604800000', source: 5 }]);
  });

  it('validates like Kafka: APPEND on a non-list config, bad values, unknown names → INVALID_CONFIG; nothing changes', async () => {
    const topic = await topicWith();
    const r = await incremental([{ resourceType: 2, resourceName: topic, configs: [{ name: 'retention.ms', configOperation: APPEND, value: '5' }] }]);
    expect(r.responses[0]).toMatchObject({ errorCode: 40, errorMessage: "Can't APPEND to key retention.ms because its type is not LIST." });
    for (const cfg of [{ name: 'cleanup.policy', configOperation: APPEND, value: 'shred' }, { name: 'segment.bytes', configOperation: SET, value: 'big' }, { name: 'nope', configOperation: SET, value: '1' }]) {
      expect((await incremental([{ resourceType: 2, resourceName: topic, configs: [cfg] }])).responses[0]?.errorCode).toBe(40);
    }
    expect(broker.cluster.topic(topic)?.configs).toEqual({});
  });

  it('refuses malformed requests with INVALID_REQUEST and honours validate_only', async () => {
    const topic = await topicWith();
    const twice = { resourceType: 2, resourceName: topic, configs: [{ name: 'retention.ms', configOperation: SET, value: '1000' }] };
    expect((await incremental([twice, twice])).responses.map((x) => x.errorCode)).toEqual([42, 42]);
    const r = await incremental([
      { resourceType: 2, resourceName: topic, configs: [{ name: 'retention.ms', configOperation: SET, value: null }] },
      { resourceType: 2, resourceName: topic + '-b', configs: [{ name: 'retention.ms', configOperation: 9, value: '1' }] },
      { resourceType: 2, resourceName: topic + '-c', configs: [{ name: 'retention.ms', configOperation: SET, value: '1' }, { name: 'retention.ms', configOperation: SET, value: '2' }] },
      { resourceType: 7, resourceName: 'x', configs: [] },
    ]);
    expect(r.responses.map((x) => x.errorCode)).toEqual([42, 42, 42, 42]);
    expect((await incremental([twice], true)).responses[0]?.errorCode).toBe(0);
    expect(broker.cluster.topic(topic)?.configs).toEqual({});
    expect((await incremental([{ ...twice, resourceName: uid('missing') }])).responses[0]?.errorCode).toBe(3);
  });
});

describe('CreateTopics v4 (KIP-464) over the raw wire', () => {
  it('-1 partitions and replication factor take the broker defaults', async () => {
    const topic = uid('kip464');
    const r = await wire.send(19, 4, { topics: [{ name: topic, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false }).response as
      { topics: { name: string; errorCode: number; errorMessage: string | null }[] };
    expect(r.topics).toEqual([{ name: topic, errorCode: 0, errorMessage: null }]);
    expect(broker.cluster.topic(topic)?.partitions).toBe(3);
  });
});

it('a config change survives a restart on the same data directory', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'alter-configs-'));
  try {
    const first = await startTestBroker({ dataDir });
    const topic = uid('durable');
    try {
      const a = kafka(first).admin();
      await a.connect();
      await a.createTopics({ topics: [{ topic }] });
      await a.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: '123456' }] }] });
      await a.disconnect();
    } finally {
      await first.close();
    }
    const second = await startTestBroker({ dataDir });
    try {
      expect(second.cluster.topic(topic)?.configs).toEqual({ 'retention.ms': '123456' });
    } finally {
      await second.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
