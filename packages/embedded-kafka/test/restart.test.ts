// Restart on the same data directory (the local stack's `.tessera/kafka`): topics, configs, records
// and committed offsets survive a stop/start, and a last segment cut mid-batch (a crash during a
// write) is repaired on start — the torn batch is dropped, never served, and appends continue. The
// cluster id belongs to the data directory: the same after a restart, a new one for a new directory.
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import { consumeAll } from './consume.js';
import { kafka, startTestBroker, uid } from './helpers.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tessera-kafka-'));
  dirs.push(d);
  return d;
}

async function produceBatches(broker: Broker, topic: string, batches: string[][]): Promise<void> {
  const producer = kafka(broker).producer();
  await producer.connect();
  for (const values of batches) await producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: value, value })) });
  await producer.disconnect();
}

it('keeps topics, records and committed offsets across a restart', async () => {
  const dir = dataDir();
  const topic = uid('durable');
  const groupId = uid('durable-g');
  let broker = await startTestBroker({ dataDir: dir });
  const admin = kafka(broker).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
  await produceBatches(broker, topic, [['a', 'b', 'c'], ['d', 'e']]);
  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }, { partition: 1, offset: '1' }] });
  await admin.disconnect();
  const before = broker.topicsView().find((t) => t.name === topic);
  await broker.close();

  broker = await startTestBroker({ dataDir: dir });
  try {
    const k = kafka(broker);
    const again = k.admin();
    await again.connect();
    expect(broker.topicsView().find((t) => t.name === topic)).toEqual(before);
    expect((await again.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions).toHaveLength(2);
    const offsets = await again.fetchOffsets({ groupId, topics: [topic] });
    expect(offsets[0]?.partitions.map((p) => `${p.partition}:${p.offset}`).sort()).toEqual(['0:2', '1:1']);
    await again.disconnect();
    const got = await consumeAll(k, topic, 5);
    expect(got.map((m) => m.value).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  } finally {
    await broker.close();
  }
});

it('repairs a last segment truncated mid-batch', async () => {
  const dir = dataDir();
  const topic = uid('torn');
  let broker = await startTestBroker({ dataDir: dir });
  const admin = kafka(broker).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  await admin.disconnect();
  await produceBatches(broker, topic, [['one', 'two'], ['three', 'four'], ['five-is-the-torn-one']]);
  await broker.close();

  const partitionDir = join(dir, 'logs', `${topic}-0`);
  const segments = readdirSync(partitionDir).filter((n) => n.endsWith('.log')).sort();
  const last = join(partitionDir, segments.at(-1)!);
  truncateSync(last, statSync(last).size - 10); // cut inside the last batch

  broker = await startTestBroker({ dataDir: dir });
  try {
    expect(broker.cluster.log(topic, 0)?.highWatermark).toBe(4);
    await produceBatches(broker, topic, [['six']]);
    const got = await consumeAll(kafka(broker), topic, 5);
    expect(got.map((m) => `${m.offset}:${m.value}`)).toEqual(['0:one', '1:two', '2:three', '3:four', '4:six']);
  } finally {
    await broker.close();
  }
});

it('keeps its cluster id across restarts; a new data directory is a new cluster', async () => {
  const dir = dataDir();
  const clusterIdOf = async (broker: Broker): Promise<string> => {
    const admin = kafka(broker).admin();
    await admin.connect();
    try {
      return (await admin.describeCluster()).clusterId;
    } finally {
      await admin.disconnect();
    }
  };
  const first = await startTestBroker({ dataDir: dir });
  const id = await clusterIdOf(first).finally(() => first.close());
  expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/); // Kafka's form: URL-safe base64 of 16 random bytes
  const again = await startTestBroker({ dataDir: dir });
  expect(await clusterIdOf(again).finally(() => again.close())).toBe(id);
  const fresh = await startTestBroker({ dataDir: dataDir() });
  expect(await clusterIdOf(fresh).finally(() => fresh.close())).not.toBe(id);
});
