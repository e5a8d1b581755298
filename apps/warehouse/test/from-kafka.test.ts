// Issue 6 end to end: events produced to the test broker (embedded, or TESSERA_TEST_KAFKA; real kafkajs over TCP) → the
// archiver app (Kafka wiring, local store) → the local loader → DuckDB. Every table holds exactly
// the archive's lines of its topic; a record refused by the schema is a row with its raw bytes in
// `interactions` and a dead letter row in `dead_letters`: the warehouse loses nothing either.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { startArchiverApp } from '@tessera/archiver/app';
import { exampleContentItem, exampleEnrichedBeacon, exampleEnrichedInteraction } from '@tessera/contracts/examples';
import { createLogger } from '@tessera/platform/logger';
import { createProducer } from '@tessera/streams/producer';
import { produceRaw, provision, scopeNames, startTestBroker, testKafka, uid, until } from '@tessera/streams/testing';
import type { TestBroker } from '@tessera/streams/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalWarehouse } from '../src/local/duckdb.js';
import { loadLocalArchive } from '../src/local/loader.js';

const T0 = Date.UTC(2026, 10, 22, 10);
const id = (n: number) => `01890a5d-ac96-7000-8000-${n.toString(16).padStart(12, '0')}`;

let broker: TestBroker;
let dir: string;
beforeEach(async () => {
  broker = await startTestBroker();
  dir = await mkdtemp(join(tmpdir(), 'warehouse-kafka-'));
});
afterEach(async () => {
  await broker.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Kafka → archiver → DuckDB', () => {
  it('loads exactly the archived records of every enriched topic, refused ones included', async () => {
    const kafka = testKafka(broker);
    const names = scopeNames(uid('t-'));
    await provision(kafka, names);

    const producer = createProducer({ kafka, names });
    await producer.connect();
    await producer.send('interactions.enriched.v1', Array.from({ length: 12 }, (_, i) =>
      exampleEnrichedInteraction({ eventId: id(i), occurredAt: T0 + i, receivedAt: T0 + i + 1, enrichedAt: T0 + i + 2, userId: `u-${i % 4}` })));
    await producer.send('beacons.enriched.v1', [exampleEnrichedBeacon({ eventId: id(100), occurredAt: T0, receivedAt: T0 + 1 })]);
    await producer.send('content.v1', [exampleContentItem({ eventId: id(200), contentId: 'c-7', occurredAt: T0 })]);
    await producer.tombstone('content.v1', ['c-7']);
    await producer.close();
    // Valid JSON that breaks the contract (the warehouse schema): refused, archived raw, dead-lettered.
    await produceRaw(kafka, names.physical('interactions.enriched.v1'), [{ key: 'u-x', value: JSON.stringify({ eventId: id(300), occurredAt: 'yesterday' }) }]);

    const root = join(dir, 'archive');
    const store = createLocalStore(root);
    const dlq = createProducer({ kafka, names });
    await dlq.connect();
    const app = await startArchiverApp({
      kafka, names, store, logger: createLogger({ name: 'warehouse-test', level: 'error' }),
      publishDeadLetters: (letters) => dlq.send('dlq.v1', letters),
      settings: { groupId: 'archiver', prefix: '', limits: { maxRecords: 5, maxBytes: 1 << 30 }, idleFlushMs: 1000, uploadConcurrency: 2, sessionTimeoutMs: 6000 },
    });
    const lines = async () => {
      const keys = await store.list('');
      if (!keys.ok) throw new Error(keys.error.message);
      const out: { topic: string; value: unknown; valueBase64: string | null }[] = [];
      for (const key of keys.value) {
        const body = await store.get(key);
        if (!body.ok) throw new Error(body.error.message);
        for (const l of gunzipSync(body.value).toString().split('\n').filter(Boolean)) out.push(JSON.parse(l) as never);
      }
      return out;
    };
    try {
      // 12 + 1 refused + 1 beacon + 2 content + 1 dead letter.
      await until(async () => (await lines()).length >= 17, 'everything archived', 90_000);
    } finally {
      await app.stop();
      await dlq.close();
    }
    const archived = await lines();
    expect(archived).toHaveLength(17);

    const warehouse = await openLocalWarehouse(join(dir, 'wh.duckdb'));
    try {
      await loadLocalArchive({ sql: warehouse.sql, list: store.list, root, prefix: '' });
      const count = async (sql: string) => Number((await warehouse.sql.all(sql))[0]!.n);
      const ofTopic = (topic: string) => archived.filter((l) => l.topic === topic).length;
      expect(await count('SELECT count(*) AS n FROM interactions')).toBe(ofTopic('interactions.enriched.v1'));
      expect(await count('SELECT count(*) AS n FROM interactions')).toBe(13);
      expect(await count('SELECT count(DISTINCT value.eventId) AS n FROM interactions WHERE value IS NOT NULL')).toBe(12);
      expect(await count('SELECT count(*) AS n FROM interactions WHERE value IS NULL AND valueBase64 IS NOT NULL')).toBe(1);
      expect(await count('SELECT count(*) AS n FROM beacons')).toBe(ofTopic('beacons.enriched.v1'));
      expect(await count('SELECT count(*) AS n FROM content')).toBe(2);
      expect(await count("SELECT count(*) AS n FROM dead_letters WHERE value.source.topic = 'interactions.enriched.v1' AND value.source.consumerGroup = 'archiver'")).toBe(1);
    } finally {
      warehouse.close();
    }
  });
});
