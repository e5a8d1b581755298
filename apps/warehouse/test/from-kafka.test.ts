// Issue 6 end to end: events produced to the embedded broker (real kafkajs over TCP) → the
// archiver app (Kafka wiring, local store) → the local loader → DuckDB. Every table holds exactly
// the archive's lines of its topic; a record refused by the schema is a row with its raw bytes in
// `interactions` and a dead letter row in `dead_letters`: the warehouse loses nothing either.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { startArchiverApp } from '@tessera/archiver/app';
import { exampleContentItem, exampleEnrichedBeacon, exampleEnrichedInteraction } from '@tessera/contracts/examples';
import { startBroker } from '@tessera/embedded-kafka';
import type { Broker } from '@tessera/embedded-kafka';
import { createLogger } from '@tessera/platform/logger';
import { createProducer } from '@tessera/streams/producer';
import { provisionTopics } from '@tessera/streams/provision';
import { topicNames } from '@tessera/streams/topic-names';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalWarehouse } from '../src/local/duckdb.js';
import { loadLocalArchive } from '../src/local/loader.js';

const T0 = Date.UTC(2026, 10, 22, 10);
const id = (n: number) => `01890a5d-ac96-7000-8000-${n.toString(16).padStart(12, '0')}`;

let broker: Broker;
let dir: string;
beforeEach(async () => {
  broker = await startBroker({ minSessionTimeoutMs: 1000, logger: { info: () => {}, warn: () => {} } });
  dir = await mkdtemp(join(tmpdir(), 'warehouse-kafka-'));
});
afterEach(async () => {
  await broker.close();
  await rm(dir, { recursive: true, force: true });
});

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Kafka → archiver → DuckDB', () => {
  it('loads exactly the archived records of every enriched topic, refused ones included', async () => {
    const kafka = new Kafka({ clientId: 'warehouse-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const names = topicNames(`t-${randomBytes(4).toString('hex')}`);
    const admin = kafka.admin();
    await admin.connect();
    await provisionTopics(admin, { env: 'local', names });
    await admin.disconnect();

    const producer = createProducer({ kafka, names });
    await producer.connect();
    await producer.send('interactions.enriched.v1', Array.from({ length: 12 }, (_, i) =>
      exampleEnrichedInteraction({ eventId: id(i), occurredAt: T0 + i, receivedAt: T0 + i + 1, enrichedAt: T0 + i + 2, userId: `u-${i % 4}` })));
    await producer.send('beacons.enriched.v1', [exampleEnrichedBeacon({ eventId: id(100), occurredAt: T0, receivedAt: T0 + 1 })]);
    await producer.send('content.v1', [exampleContentItem({ eventId: id(200), contentId: 'c-7', occurredAt: T0 })]);
    await producer.tombstone('content.v1', ['c-7']);
    await producer.close();
    // Valid JSON that breaks the contract (the warehouse schema): refused, archived raw, dead-lettered.
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({ topic: names.physical('interactions.enriched.v1'), messages: [{ key: 'u-x', value: JSON.stringify({ eventId: id(300), occurredAt: 'yesterday' }) }] });
    await raw.disconnect();

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
      await waitUntil(async () => (await lines()).length >= 17, 'everything archived');
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
