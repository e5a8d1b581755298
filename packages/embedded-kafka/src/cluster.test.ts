import { describe, expect, it } from 'vitest';
import { setTimeout } from 'node:timers/promises';
import { Cluster, type MetaStore } from './cluster.js';
import { ErrorCode } from './protocol/errors.js';
import { openStore } from './storage/store.js';

async function cluster(opts: { strictReplication?: boolean; deleted?: string[]; slowJournal?: boolean } = {}): Promise<Cluster> {
  const store = await openStore({ flush: 'always' });
  // A journal whose writes take real time (a slow disk, a remote metadata store): other requests
  // get to run between a write's check and its effect.
  const slow: MetaStore = {
    clusterId: () => store.journal.clusterId(),
    topics: () => store.journal.topics(),
    nextProducerId: () => store.journal.nextProducerId(),
    putTopic: async (t) => { await setTimeout(5); await store.journal.putTopic(t); },
    deleteTopic: async (name) => { await setTimeout(5); await store.journal.deleteTopic(name); },
  };
  return Cluster.open({
    store, meta: opts.slowJournal ? slow : store.journal, autoCreateTopics: false, strictReplication: opts.strictReplication ?? false,
    defaultPartitions: 3, maintenanceIntervalMs: 0, onTopicDeleted: (name) => { opts.deleted?.push(name); },
  });
}

const create = (c: Cluster, name: string, extra: Partial<Parameters<Cluster['createTopic']>[0]> = {}) =>
  c.createTopic({ name, numPartitions: -1, replicationFactor: -1, configs: [], validateOnly: false, ...extra });

describe('Cluster', () => {
  it('applies broker defaults for -1 and stores RF 3 as one copy', async () => {
    const c = await cluster();
    expect(await create(c, 'a', { replicationFactor: 3 })).toEqual({ errorCode: 0, errorMessage: null });
    expect(c.topic('a')?.logs).toHaveLength(3);
    expect((await create(c, 'a')).errorCode).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
  });

  it('refuses bad names, partition counts, configs, and RF > 1 in strict mode', async () => {
    const c = await cluster({ strictReplication: true });
    expect((await create(c, 'bad name')).errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect((await create(c, 'p', { numPartitions: 0 })).errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    expect((await create(c, 'r', { replicationFactor: 3 })).errorCode).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
    expect((await create(c, 'c', { configs: [{ name: 'retention.ms', value: 'soon' }] })).errorCode).toBe(ErrorCode.INVALID_CONFIG);
    // Apache Kafka 4.4.0 refuses a null config value in CreateTopics (test/conformance/admin.test.ts).
    expect((await create(c, 'c', { configs: [{ name: 'retention.ms', value: null }] })).errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect(c.topics()).toHaveLength(0);
  });

  it('validate_only checks without creating', async () => {
    const c = await cluster();
    expect((await create(c, 'v', { validateOnly: true })).errorCode).toBe(0);
    expect(c.topic('v')).toBeUndefined();
  });

  it('grows partitions, refuses shrinking, and deletes topics with a callback for their offsets', async () => {
    const deleted: string[] = [];
    const c = await cluster({ deleted });
    await create(c, 't', { numPartitions: 1 });
    expect((await c.createPartitions('t', 1, false)).errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    expect((await c.createPartitions('t', 4, false)).errorCode).toBe(0);
    expect(c.topic('t')?.logs).toHaveLength(4);
    expect(await c.deleteTopic('t')).toBe(0);
    expect(await c.deleteTopic('t')).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(deleted).toEqual(['t']);
  });

  it('runs cluster writes one at a time: of concurrent creates of one name exactly one succeeds', async () => {
    const c = await cluster({ slowJournal: true });
    const results = await Promise.all([1, 2, 3, 4].map((n) => create(c, 'race', { numPartitions: n })));
    expect(results.filter((r) => r.errorCode === 0)).toHaveLength(1);
    expect(results.filter((r) => r.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS)).toHaveLength(3);
    expect(c.topic('race')?.logs).toHaveLength(1); // the first create queued is the one that won
    // A delete and a re-create queued behind it see each other's effects in order.
    const [deleted, again] = await Promise.all([c.deleteTopic('race'), create(c, 'race', { numPartitions: 2 })]);
    expect([deleted, again.errorCode]).toEqual([0, 0]);
    expect(c.topic('race')?.logs).toHaveLength(2);
  });

  it('hands out distinct producer ids', async () => {
    const c = await cluster();
    const ids = [await c.allocateProducerId(), await c.allocateProducerId(), await c.allocateProducerId()];
    expect(new Set(ids).size).toBe(3);
  });
});
