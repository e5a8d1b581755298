// Failure paths of the Kafka wiring over the embedded broker: a refused offset commit and a failed
// upload each make the archiver re-read the partition from its last safe offset; the archive still
// ends with one copy of every record under the names of an uninterrupted run, committed to the end.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createProducer } from '@tessera/streams/producer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startArchiverApp } from '../src/app.js';
import { createArchiverMetrics } from '../src/metrics.js';
import { createLocalStore } from '../src/object-store/local.js';
import type { ObjectStore } from '../src/object-store/object-store.js';
import { storeError } from '../src/object-store/object-store.js';
import { interactions } from './events.js';
import { committedOffsets, highWatermarks, quietLogger, startTestKafka, waitUntil } from './kafka-support.js';
import type { TestKafka } from './kafka-support.js';
import { readArchive } from './support.js';

const TOPIC = 'interactions.enriched.v1';
const MAX_RECORDS = 4;
const ILLEGAL_GENERATION = 22;

let t: TestKafka;
let dir: string;
beforeEach(async () => {
  t = await startTestKafka();
  dir = await mkdtemp(join(tmpdir(), 'archiver-failures-'));
});
afterEach(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

async function archiveAll(store: Pick<ObjectStore, 'put'>, n: number) {
  const producer = createProducer({ kafka: t.kafka, names: t.names });
  await producer.connect();
  const events = interactions(n);
  await producer.send(TOPIC, events);
  await producer.close();
  const ends = await highWatermarks(t, TOPIC);
  const group = `archiver-${t.prefix}`;
  const registry = createMetricsRegistry({ app: 'archiver-test', defaultMetrics: false });
  const app = await startArchiverApp({
    kafka: t.kafka, names: t.names, store, logger: quietLogger, metrics: createArchiverMetrics(registry),
    publishDeadLetters: () => Promise.reject(new Error('no dead letters expected')),
    settings: { groupId: group, prefix: 'arch', limits: { maxRecords: MAX_RECORDS, maxBytes: 1 << 30 }, idleFlushMs: 3_600_000, uploadConcurrency: 2, sessionTimeoutMs: 6000, topics: [TOPIC] },
  });
  try {
    await waitUntil(async () => {
      const committed = await committedOffsets(t, group, TOPIC);
      return [...ends].every(([p, end]) => end < MAX_RECORDS || committed.get(p) === end - (end % MAX_RECORDS));
    }, 'every full file committed');
  } finally {
    await app.stop();
  }
  const archive = await readArchive(createLocalStore(dir), 'arch/');
  const lines = [...archive.values()].flat();
  expect(lines.map((l) => (l.value as { eventId: string }).eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
  const expectedStarts = [...ends].flatMap(([p, end]) => Array.from({ length: Math.ceil(end / MAX_RECORDS) }, (_, i) => `${p}+${String(i * MAX_RECORDS).padStart(19, '0')}`));
  expect([...archive.keys()].map((k) => k.replace(/^.*\+(\d+)\+(\d+)\.ndjson\.gz$/, '$1+$2')).sort()).toEqual(expectedStarts.sort());
  const committed = await committedOffsets(t, group, TOPIC);
  for (const [p, end] of ends) if (end > 0) expect(committed.get(p)).toBe(end);
  return registry;
}

const counter = async (registry: ReturnType<typeof createMetricsRegistry>, name: string) =>
  (await registry.getSingleMetric(name)!.get()).values.reduce((n, v) => n + v.value, 0);

describe('archiver over Kafka, failures', () => {
  it('re-reads from the committed offset when a commit is refused', async () => {
    const refuse = t.broker.faults.inject({ apiKey: 8, errorCode: ILLEGAL_GENERATION, match: (body) => String(body.groupId).startsWith('archiver-') });
    const registry = await archiveAll(createLocalStore(dir), 30);
    expect(refuse.fired).toBe(1);
    expect(await counter(registry, 'tessera_archiver_commit_failures_total')).toBe(1);
  });

  it('re-reads from the failed file when an upload fails', async () => {
    const local = createLocalStore(dir);
    let failures = 0;
    const flaky: Pick<ObjectStore, 'put'> = {
      put: async (key, body, type) => (failures++ === 0 ? storeError('unavailable', true, 'injected outage') : local.put(key, body, type)),
    };
    const registry = await archiveAll(flaky, 30);
    expect(await counter(registry, 'tessera_archiver_upload_failures_total')).toBe(1);
  });
});
