// users-cdc writes users.v1 with partitions it computes itself (keyPartitioner); every other
// writer of a key (streams' producer, a Java or librdkafka client) must land on the same
// partition, or a compacted topic would keep two "latest" values for one user. This checks
// keyPartitioner against where @tessera/streams' producer really puts each key on a broker.
import { exampleUserProfile } from '@tessera/contracts/examples';
import { createProducer } from '@tessera/streams/producer';
import { collect, highWatermarks, scopeNames, startTestBroker, testKafka, uid } from '@tessera/streams/testing';
import type { TestBroker } from '@tessera/streams/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyPartitioner } from '../src/kafka/partitioner.js';
import { provisionTopics } from '../src/kafka/provision.js';
import { decodedReader } from './support/harness.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => { await broker?.close(); });

describe('keyPartitioner', () => {
  it('puts every user on the partition the streams producer chooses for the same key', async () => {
    const kafka = testKafka(broker);
    const names = scopeNames(uid('part'));
    await provisionTopics(kafka, 'local', names);
    const partitions = (await highWatermarks(kafka, names.physical('users.v1'))).size;
    expect(partitions).toBeGreaterThan(1); // one partition would make the comparison meaningless

    const ids = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const producer = createProducer({ kafka, names });
    await producer.connect();
    await producer.send('users.v1', ids.map((userId) => exampleUserProfile({ userId })));
    await producer.close();

    const users = decodedReader(await collect(kafka, names.physical('users.v1')));
    await users.waitFor((r) => r.length >= ids.length, 'every profile');
    await users.stop();
    const partitionOf = keyPartitioner('users.v1', partitions);
    const landed = new Map(users.records.map((r) => [r.key, r.partition]));
    expect(new Set(landed.values()).size).toBeGreaterThan(1);
    expect(ids.map((id) => [id, landed.get(id)])).toEqual(ids.map((id) => [id, partitionOf(Buffer.from(id))]));
  });
});
