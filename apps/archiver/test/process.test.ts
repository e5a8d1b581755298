// src/main.ts as a real process against the embedded broker: SIGKILL between upload and commit
// (the broker holds the archiver's OffsetCommit requests, so objects are uploaded and nothing is
// committed), then a restart leaves exactly one copy of every record under the same object names;
// SIGTERM uploads the open files, commits and exits 0; the ops port serves probes and metrics.
import { gunzipSync } from 'node:zlib';
import type { ArchivedLine } from '@tessera/archive/line';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { startFakeGcp } from '@tessera/gcp-fake/server';
import { stopProcessesAfterEach, tempDir } from '@tessera/platform/testing/app-process';
import { createProducer } from '@tessera/streams/producer';
import { committedOffsets, externalKafka, highWatermarks, until } from '@tessera/streams/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interactions } from './events.js';
import { spawnArchiver, startTestKafka } from './harness.js';
import type { ArchiverProcess, TestKafka } from './harness.js';
import { readArchive } from './support.js';

const TOPIC = 'interactions.enriched.v1';
const OFFSET_COMMIT = 8;
const MAX_RECORDS = 5;

// Every archiver process is killed (with its group) and the archive directory removed after each
// test, whatever the outcome, a timeout included.
stopProcessesAfterEach();

let t: TestKafka;
let dir: string;
beforeEach(async () => {
  t = await startTestKafka();
  dir = await tempDir('archiver-process');
});
afterEach(async () => {
  await t.close();
});

function env(group: string, idleFlush: string): Record<string, string> {
  return {
    KAFKA_BROKERS: t.broker.brokers.join(','), TOPIC_PREFIX: t.prefix, ARCHIVER_GROUP: group,
    ARCHIVE_DIR: dir, ARCHIVE_PREFIX: 'arch', ARCHIVE_MAX_RECORDS: String(MAX_RECORDS), ARCHIVE_IDLE_FLUSH: idleFlush,
  };
}
const start = (vars: Record<string, string>): ArchiverProcess => spawnArchiver(vars);
async function produce(n: number): Promise<string[]> {
  const producer = createProducer({ kafka: t.kafka, names: t.names });
  await producer.connect();
  const events = interactions(n);
  await producer.send(TOPIC, events);
  await producer.close();
  return events.map((e) => e.eventId);
}
const linesOf = (archive: Map<string, ArchivedLine[]>) => [...archive.values()].flat();
const eventIds = (lines: ArchivedLine[]) => lines.filter((l) => l.topic === TOPIC).map((l) => (l.value as { eventId: string }).eventId);

// Seconds per process start on a busy 2-core machine: the bound is a safety net, the waits are for events.
describe('archiver process', { timeout: 180_000 }, () => {
  // Embedded only: holding the OffsetCommit needs fault injection.
  it.skipIf(externalKafka)('killed between upload and commit, restarted: one copy of every record, same object names', async () => {
    const produced = await produce(60);
    const ends = await highWatermarks(t.kafka, t.names.physical(TOPIC));
    const group = `archiver-${t.prefix}`;
    const store = createLocalStore(dir);

    // Every OffsetCommit of this group waits long enough that the process dies before it lands.
    let commitsSeen = 0;
    const unobserve = t.broker.faults.observe((e) => { if (e.apiKey === OFFSET_COMMIT && e.body.groupId === group) commitsSeen += 1; });
    const hold = t.broker.faults.inject({ apiKey: OFFSET_COMMIT, times: Infinity, delayMs: 600_000, match: (body) => body.groupId === group });
    const first = start(env(group, '1h'));
    await until(() => commitsSeen > 0, 'the first commit request (sent only after an upload)', 90_000);
    const beforeCrash = await readArchive(store, 'arch/');
    expect(beforeCrash.size).toBeGreaterThan(0);
    await first.kill();
    hold.remove();
    unobserve();
    for (const offset of (await committedOffsets(t.kafka, group, t.names.physical(TOPIC))).values()) expect(offset).toBe(-1);

    const second = start(env(group, '1h'));
    // Files close by count only (idle flush 1h): wait until each partition committed up to its last full file.
    await until(async () => {
      const committed = await committedOffsets(t.kafka, group, t.names.physical(TOPIC));
      return [...ends].every(([p, end]) => end < MAX_RECORDS || committed.get(p) === end - (end % MAX_RECORDS));
    }, 'the restarted archiver to commit every full file', 90_000);
    expect(await second.stop('SIGTERM')).toBe(0);

    const archive = await readArchive(store, 'arch/');
    // One copy of every record.
    expect(eventIds(linesOf(archive)).sort()).toEqual([...produced].sort());
    // Objects uploaded before the crash were rewritten under the same names with the same lines.
    for (const [key, lines] of beforeCrash) expect(archive.get(key)).toEqual(lines);
    // And the names are those of an uninterrupted run: files every MAX_RECORDS offsets per partition.
    const expectedStarts = [...ends].flatMap(([p, end]) => Array.from({ length: Math.ceil(end / MAX_RECORDS) }, (_, i) => `${p}+${String(i * MAX_RECORDS).padStart(19, '0')}`));
    expect([...archive.keys()].map((k) => k.replace(/^.*\+(\d+)\+(\d+)\.ndjson\.gz$/, '$1+$2')).sort()).toEqual(expectedStarts.sort());
    // SIGTERM flushed the open files and committed to the end.
    const committed = await committedOffsets(t.kafka, group, t.names.physical(TOPIC));
    for (const [p, end] of ends) if (end > 0) expect(committed.get(p)).toBe(end);
  });

  it('serves probes and metrics, and on SIGTERM uploads the open files, commits and exits 0', async () => {
    const produced = await produce(3);
    const group = `archiver-${t.prefix}`;
    const p = start(env(group, '1h'));
    const ready = await p.waitForLog('archiver running');
    const ops = String(ready.ops);
    await until(() => p.lines.filter((l) => l.msg === 'batch archived').length > 0 && p.lines.filter((l) => l.msg === 'batch archived').reduce((n, l) => n + Number(l.records), 0) >= 3, 'the records to be fed', 90_000);
    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    expect((await fetch(`${ops}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${ops}/metrics`)).text()).toContain('# TYPE tessera_archiver_objects_total counter');
    // Fewer records than a file holds and no idle flush yet: nothing uploaded, nothing committed.
    expect((await readArchive(createLocalStore(dir), 'arch/')).size).toBe(0);
    for (const offset of (await committedOffsets(t.kafka, group, t.names.physical(TOPIC))).values()) expect(offset).toBe(-1);

    expect(await p.stop('SIGTERM')).toBe(0);
    const archive = await readArchive(createLocalStore(dir), 'arch/');
    expect(eventIds(linesOf(archive)).sort()).toEqual([...produced].sort());
    const ends = await highWatermarks(t.kafka, t.names.physical(TOPIC));
    const committed = await committedOffsets(t.kafka, group, t.names.physical(TOPIC));
    for (const [partition, end] of ends) if (end > 0) expect(committed.get(partition)).toBe(end);
  });

  it('archives to GCS when GCS_BUCKET is set (real client against the loopback fake)', async () => {
    const fake = await startFakeGcp();
    try {
      const produced = await produce(3);
      const group = `archiver-${t.prefix}`;
      const p = start({ ...env(group, '1h'), GCS_BUCKET: 'tessera-archive', GCS_API_ENDPOINT: fake.url, GCP_PROJECT: 'p', METADATA_SERVER_DETECTION: 'none' });
      await p.waitForLog('archiver running');
      await until(() => p.lines.filter((l) => l.msg === 'batch archived').reduce((n, l) => n + Number(l.records), 0) >= 3, 'the records to be fed', 90_000);
      expect(await p.stop('SIGTERM')).toBe(0);
      const objects = [...fake.gcs.objects].filter(([name]) => name.startsWith(`tessera-archive/arch/${TOPIC}/`));
      expect(objects.length).toBeGreaterThan(0);
      const lines = objects.flatMap(([, o]) => gunzipSync(o.body).toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as ArchivedLine));
      expect(eventIds(lines).sort()).toEqual([...produced].sort());
    } finally {
      await fake.close();
    }
  });
});
