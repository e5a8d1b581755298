// users-cdc writes users.v1 with partitions it computes itself (keyPartitioner); every other
// writer of a key (streams' producer, a Java or librdkafka client) must land on the same
// partition, or a compacted topic would keep two "latest" values for one user. This checks
// keyPartitioner against where @tessera/streams' producer really puts each key on a broker.
import { startBroker } from '@tessera/embedded-kafka';
import type { Broker } from '@tessera/embedded-kafka';
import { exampleUserProfile } from '@tessera/contracts/examples';
import { createLogger } from '@tessera/platform/logger';
import { createKafka } from '@tessera/streams/kafka';
import { createProducer } from '@tessera/streams/producer';
import { topicNames } from '@tessera/streams/topic-names';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyPartitioner } from '../src/kafka/partitioner.js';
import { provisionTopics } from '../src/kafka/provision.js';
import { collect } from './support/kafka.js';

let broker: Broker;
beforeAll(async () => {
  broker = await startBroker({ port: 0, maintenanceIntervalMs: 0, minSessionTimeoutMs: 500, logger: { info: () => undefined, warn: () => undefined } });
});
afterAll(async () => { await broker?.close(); });

describe('keyPartitioner', () => {
  it('puts every user on the partition the streams producer chooses for the same key', async () => {
    const kafka = createKafka({ brokers: broker.brokers, clientId: 'partitioner-test' }, createLogger({ name: 'partitioner-test', level: 'silent' }));
    await provisionTopics(kafka, 'local');
    const admin = kafka.admin();
    await admin.connect();
    const partitions = (await admin.fetchTopicOffsets('users.v1')).length;
    await admin.disconnect();
    expect(partitions).toBeGreaterThan(1); // one partition would make the comparison meaningless

    const ids = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const producer = createProducer({ kafka, names: topicNames('') });
    await producer.connect();
    await producer.send('users.v1', ids.map((userId) => exampleUserProfile({ userId })));
    await producer.close();

    const users = await collect(kafka, 'users.v1');
    await users.waitFor((r) => r.length >= ids.length, 'every profile');
    await users.stop();
    const partitionOf = keyPartitioner('users.v1', partitions);
    const landed = new Map(users.records.map((r) => [r.key, r.partition]));
    expect(new Set(landed.values()).size).toBeGreaterThan(1);
    expect(ids.map((id) => [id, landed.get(id)])).toEqual(ids.map((id) => [id, partitionOf(Buffer.from(id))]));
  });
});
