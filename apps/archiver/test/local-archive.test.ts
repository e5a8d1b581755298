// The archiver over a real directory: exact layout and content, crash-and-replay without
// duplicates, raw archiving of refused records, and failed uploads that must not be committed.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectStore } from '@tessera/archive/object-store';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { encodeValue } from '@tessera/contracts/codec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchiver } from '../src/archiver.js';
import type { ArchiveOutcome } from '../src/archiver.js';
import { toDeadLetter } from '../src/dead-letter.js';
import { catalogueDecoder } from '../src/decoder.js';
import { contentRecord, deadLetterRecord, interactionRecords, readArchive } from './support.js';

const TOPIC = 'interactions.enriched.v1';
const limits = { maxRecords: 20, maxBytes: 1 << 30 };
const key = (p: number, hr: string, offset: number) =>
  `arch/${TOPIC}/dt=2026-11-22/hr=${hr}/${TOPIC}+${p}+${String(offset).padStart(19, '0')}.ndjson.gz`;

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'archiver-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const commitsOf = (o: ArchiveOutcome) => Object.fromEntries(o.commits.map((c) => [`${c.topic}/${c.partition}`, c.offset]));

describe('archiving to a local directory', () => {
  it('writes every record once, under the exact keys, with key, value, headers, partition, offset and timestamp', async () => {
    const store = createLocalStore(dir);
    const archiver = createArchiver({ store, prefix: 'arch', decode: catalogueDecoder, limits });
    const records = interactionRecords(TOPIC, 2, 40);
    // Interleave partitions and cut into uneven batches, as a consumer would deliver them.
    const interleaved = records.filter((r) => r.partition === 0).flatMap((r, i) => [r, records[40 + i]!]);
    const first = await archiver.archive(interleaved.slice(0, 33));
    expect(commitsOf(first)).toEqual({ [`${TOPIC}/0`]: '100', [`${TOPIC}/1`]: '100' });
    const second = await archiver.archive(interleaved.slice(33));
    // 100-119 closed by count, 120-129 by the event-time hour (10:00 at offset 130); 130-139 stay open.
    expect(second.uploaded.map((u) => u.key).sort()).toEqual([key(0, '09', 100), key(0, '09', 120), key(1, '09', 100), key(1, '09', 120)]);
    expect(commitsOf(second)).toEqual({ [`${TOPIC}/0`]: '130', [`${TOPIC}/1`]: '130' });
    const flushed = await archiver.flush();
    expect(flushed.uploaded.map((u) => u.key).sort()).toEqual([key(0, '10', 130), key(1, '10', 130)]);
    expect(commitsOf(flushed)).toEqual({ [`${TOPIC}/0`]: '140', [`${TOPIC}/1`]: '140' });

    const archive = await readArchive(store, 'arch/');
    expect([...archive.keys()].sort()).toEqual([key(0, '09', 100), key(0, '09', 120), key(1, '09', 100), key(1, '09', 120), key(0, '10', 130), key(1, '10', 130)]);
    const lines = [...archive.values()].flat();
    expect(lines).toHaveLength(80);
    for (const r of records) {
      const line = lines.find((l) => l.partition === r.partition && l.offset === Number(r.offset));
      expect(line).toEqual({
        topic: TOPIC, partition: r.partition, offset: Number(r.offset), timestamp: Number(r.timestamp),
        eventTime: JSON.parse(r.value!.toString()).occurredAt,
        key: r.key!.toString(), keyBase64: null,
        headers: [{ key: 'x-trace', value: r.headers!['x-trace'], valueBase64: null }],
        value: JSON.parse(r.value!.toString()), valueBase64: null,
      });
    }
  });

  it('archives tombstones and dead letters too', async () => {
    const store = createLocalStore(dir);
    const archiver = createArchiver({ store, prefix: '', decode: catalogueDecoder, limits });
    await archiver.archive([contentRecord(0, 'c-1'), contentRecord(1, 'c-1', true), deadLetterRecord(0)]);
    const outcome = await archiver.flush();
    expect(outcome.rejected).toEqual([]);
    const archive = await readArchive(store, '');
    const content = archive.get('content.v1/dt=2026-11-22/hr=09/content.v1+0+0000000000000000000.ndjson.gz')!;
    expect(content.map((l) => [l.offset, l.key, l.value === null, l.valueBase64])).toEqual([[0, 'c-1', false, null], [1, 'c-1', true, null]]);
    expect(archive.get('dlq.v1/dt=2026-11-22/hr=09/dlq.v1+0+0000000000000000000.ndjson.gz')?.[0]?.value).toMatchObject({ error: { code: 'schema_violation' } });
  });

  it('after a crash between upload and commit, the replay rewrites the same objects and keeps one copy of every record', async () => {
    const records = interactionRecords(TOPIC, 1, 40);
    // Reference: one uninterrupted run.
    const cleanStore = createLocalStore(join(dir, 'clean'));
    const clean = createArchiver({ store: cleanStore, prefix: 'arch', decode: catalogueDecoder, limits });
    await clean.archive(records);
    await clean.flush();

    const store = createLocalStore(join(dir, 'crash'));
    const a = createArchiver({ store, prefix: 'arch', decode: catalogueDecoder, limits });
    let committed = commitsOf(await a.archive(records.slice(0, 25)))[`${TOPIC}/0`]!;
    expect(committed).toBe('120');
    const lost = await a.archive(records.slice(25)); // uploads 120-129, then the process dies before committing
    expect(lost.uploaded.map((u) => u.startOffset)).toEqual(['120']);

    const b = createArchiver({ store, prefix: 'arch', decode: catalogueDecoder, limits });
    await b.archive(records.filter((r) => BigInt(r.offset) >= BigInt(committed)));
    committed = commitsOf(await b.flush())[`${TOPIC}/0`]!;
    expect(committed).toBe('140');

    const replayed = await readArchive(store, 'arch/');
    const reference = await readArchive(cleanStore, 'arch/');
    expect([...replayed.keys()].sort()).toEqual([...reference.keys()].sort());
    const offsets = [...replayed.values()].flat().map((l) => l.offset).sort((x, y) => x - y);
    expect(offsets).toEqual(records.map((r) => Number(r.offset)));
    for (const k of reference.keys()) {
      expect(await readFile(join(dir, 'crash', k))).toEqual(await readFile(join(dir, 'clean', k)));
    }
  });

  it('archives a refused record raw and hands it out for dlq.v1 only once its file is durable', async () => {
    const store = createLocalStore(dir);
    const archiver = createArchiver({ store, prefix: 'arch', decode: catalogueDecoder, limits });
    const [good] = interactionRecords(TOPIC, 1, 1);
    const bad = { ...good!, offset: '101', value: Buffer.from('{"type":"hover"}') };
    const first = await archiver.archive([good!, bad]);
    expect(first.rejected).toEqual([]);
    const flushed = await archiver.flush();
    expect(flushed.rejected.map((r) => [r.record.offset, r.rejection.code])).toEqual([['101', 'schema_violation']]);

    const lines = [...(await readArchive(store, 'arch/')).values()].flat();
    expect(lines.map((l) => l.offset)).toEqual([100, 101]);
    expect(Buffer.from(lines[1]!.valueBase64!, 'base64').toString()).toBe('{"type":"hover"}');
    expect(lines[1]!.value).toBeNull();

    const letter = toDeadLetter(flushed.rejected[0]!, 'archiver', Date.UTC(2026, 10, 22, 12));
    expect(encodeValue('dlq.v1', letter).ok).toBe(true);
    expect(letter.source).toMatchObject({ topic: TOPIC, partition: 0, offset: '101', consumerGroup: 'archiver' });
    expect(toDeadLetter(flushed.rejected[0]!, 'archiver', 0).eventId).toBe(letter.eventId);
  });

  it('ignores records delivered again without a release, so they are archived once', async () => {
    const store = createLocalStore(dir);
    const archiver = createArchiver({ store, prefix: 'arch', decode: catalogueDecoder, limits });
    const records = interactionRecords(TOPIC, 1, 30);
    await archiver.archive(records.slice(0, 25));
    await archiver.archive(records.slice(15)); // the consumer re-fetched from offset 115
    const outcome = await archiver.flush();
    expect(commitsOf(outcome)).toEqual({ [`${TOPIC}/0`]: '130' });
    const offsets = [...(await readArchive(store, 'arch/')).values()].flat().map((l) => l.offset);
    expect(offsets.sort((a, b) => a - b)).toEqual(records.map((r) => Number(r.offset)));
  });

  it('reports a failed upload as a partition to re-read, never as an offset to commit', async () => {
    const local = createLocalStore(dir);
    let failures = 1;
    const flaky: ObjectStore = {
      ...local,
      put: async (k, body, type) => (k.includes('+0000000000000000120') && failures-- > 0
        ? { ok: false, error: { code: 'unavailable', retriable: true, message: 'injected' } }
        : local.put(k, body, type)),
    };
    const archiver = createArchiver({ store: flaky, prefix: 'arch', decode: catalogueDecoder, limits });
    const records = interactionRecords(TOPIC, 1, 40);
    const outcome = await archiver.archive(records);
    expect(outcome.commits).toEqual([]);
    expect(outcome.failures.map((f) => [f.partition, f.offset, f.error.retriable])).toEqual([[0, '120', true]]);
    const retry = await archiver.archive(records.slice(20));
    expect(commitsOf(retry)).toEqual({ [`${TOPIC}/0`]: '130' });
  });
});
