// Two archiver members in one group over the embedded broker: the second joins while the first
// has open files, so partitions move between them (each member forgets its open files on every
// new generation and resumes from the committed offsets). The archive still ends with one copy
// of every record, and the group commits to the end.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import type { Registry } from '@tessera/platform/metrics';
import { createProducer } from '@tessera/streams/producer';
import { committedOffsets, highWatermarks, stableMembers, until } from '@tessera/streams/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startArchiverApp } from '../src/app.js';
import { createArchiverMetrics } from '../src/metrics.js';
import { interactions } from './events.js';
import { quietLogger, startTestKafka } from './harness.js';
import type { TestKafka } from './harness.js';
import { readArchive } from './support.js';

const TOPIC = 'interactions.enriched.v1';

let t: TestKafka;
let dir: string;
beforeEach(async () => {
  t = await startTestKafka();
  dir = await mkdtemp(join(tmpdir(), 'archiver-rebalance-'));
});
afterEach(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const consumed = async (registry: Registry) =>
  (await registry.getSingleMetric('tessera_archiver_records_consumed_total')!.get()).values.reduce((n, v) => n + v.value, 0);

describe('archiver group rebalance', () => {
  it('keeps one copy of every record while partitions move between two members', async () => {
    const group = `archiver-${t.prefix}`;
    const store = createLocalStore(dir);
    const producer = createProducer({ kafka: t.kafka, names: t.names });
    await producer.connect();
    const member = async () => {
      const registry = createMetricsRegistry({ app: 'archiver-test', defaultMetrics: false });
      const app = await startArchiverApp({
        kafka: t.kafka, names: t.names, store, logger: quietLogger, metrics: createArchiverMetrics(registry),
        publishDeadLetters: () => Promise.reject(new Error('no dead letters expected')),
        settings: { groupId: group, prefix: 'arch', limits: { maxRecords: 4, maxBytes: 1 << 30 }, idleFlushMs: 1000, uploadConcurrency: 2, sessionTimeoutMs: 6000, topics: [TOPIC] },
      });
      return { app, registry };
    };

    const first = interactions(40);
    await producer.send(TOPIC, first);
    const a = await member();
    await until(async () => [...(await committedOffsets(t.kafka, group, t.names.physical(TOPIC))).values()].some((o) => o > 0), 'a first commit');
    const b = await member();
    await until(async () => (await stableMembers(t.kafka, group)) === 2, 'the second member to join');
    const second = interactions(40, 40);
    await producer.send(TOPIC, second);
    await producer.close();
    const ends = await highWatermarks(t.kafka, t.names.physical(TOPIC));
    try {
      await until(async () => {
        const committed = await committedOffsets(t.kafka, group, t.names.physical(TOPIC));
        return [...ends].every(([p, end]) => end === 0 || committed.get(p) === end);
      }, 'the group to commit to the end');
    } finally {
      await a.app.stop();
      await b.app.stop();
    }
    expect(await consumed(a.registry)).toBeGreaterThan(0);
    expect(await consumed(b.registry)).toBeGreaterThan(0);

    const archive = await readArchive(store, 'arch/');
    const lines = [...archive.values()].flat();
    expect(lines.map((l) => (l.value as { eventId: string }).eventId).sort()).toEqual([...first, ...second].map((e) => e.eventId).sort());
    for (const [p, end] of ends) {
      expect(lines.filter((l) => l.partition === p).map((l) => l.offset).sort((x, y) => x - y)).toEqual(Array.from({ length: end }, (_, i) => i));
    }
  });
});
