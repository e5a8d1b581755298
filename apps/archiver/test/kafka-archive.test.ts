// The archiver app over the embedded broker (real kafkajs over TCP) into a real directory: events
// produced to several catalogue topics appear under the exact keys with the exact lines, a
// tombstone included; an undecodable value is archived raw AND dead-lettered once on dlq.v1 (which
// is itself archived); offsets are committed only as far as the archive holds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArchivedLine } from '@tessera/archive/line';
import { objectKey, hourPartition } from '@tessera/archive/naming';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import { createProducer } from '@tessera/streams/producer';
import { committedOffsets, highWatermarks, produceRaw, until } from '@tessera/streams/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startArchiverApp } from '../src/app.js';
import { beacon, content, interactions, profile } from './events.js';
import { quietLogger, startTestKafka } from './harness.js';
import type { TestKafka } from './harness.js';
import { readArchive } from './support.js';

let t: TestKafka;
let dir: string;
beforeEach(async () => {
  t = await startTestKafka();
  dir = await mkdtemp(join(tmpdir(), 'archiver-kafka-'));
});
afterEach(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const lineCount = async (store: ReturnType<typeof createLocalStore>) => [...(await readArchive(store, 'arch/')).values()].flat().length;

describe('archiver over Kafka', () => {
  it('archives events of several topics, a tombstone and an undecodable record with the exact layout and lines', async () => {
    const producer = createProducer({ kafka: t.kafka, names: t.names });
    await producer.connect();
    const clicks = interactions(30);
    await producer.send('interactions.enriched.v1', clicks, { traceparent: 'tp-1' });
    await producer.send('beacons.v1', [beacon(1), beacon(2)]);
    await producer.send('content.v1', [content('c-1')]);
    await producer.tombstone('content.v1', ['c-1']);
    await producer.send('users.v1', [profile('u-9')]);
    await producer.close();
    const garbage = Buffer.from([0x7b, 0x22, 0xff, 0x00, 0x01]);
    await produceRaw(t.kafka, t.names.physical('interactions.v1'), [{ key: 'u-bad', value: garbage, partition: 1 }]);

    const store = createLocalStore(dir);
    const group = `archiver-${t.prefix}`;
    const producerForDlq = createProducer({ kafka: t.kafka, names: t.names });
    await producerForDlq.connect();
    const app = await startArchiverApp({
      kafka: t.kafka, names: t.names, store, logger: quietLogger,
      publishDeadLetters: (letters) => producerForDlq.send('dlq.v1', letters),
      settings: { groupId: group, prefix: 'arch', limits: { maxRecords: 7, maxBytes: 1 << 30 }, idleFlushMs: 1000, uploadConcurrency: 2, sessionTimeoutMs: 6000 },
    });
    try {
      // 30 + 2 + 2 + 1 + 1 undecodable + 1 dead letter (archived from dlq.v1 too).
      await until(async () => (await lineCount(store)) >= 37, 'every record archived');
      const dlqEnd = await highWatermarks(t.kafka, t.names.physical('dlq.v1'));
      await until(async () => (await committedOffsets(t.kafka, group, t.names.physical('dlq.v1'))).get(0) === dlqEnd.get(0), 'dlq.v1 committed');
    } finally {
      await app.stop();
      await producerForDlq.close();
    }

    const archive = await readArchive(store, 'arch/');
    const lines = [...archive.values()].flat();
    expect(lines).toHaveLength(37);

    // Keys: every object named from its first line (topic, partition, start offset, event hour);
    // lines of one object are consecutive records of one partition, at most 7 of them.
    for (const [key, objectLines] of archive) {
      const first = objectLines[0]!;
      expect(key).toBe(objectKey('arch', first.topic, first.partition, String(first.offset), hourPartition(first.eventTime)));
      expect(objectLines.length).toBeLessThanOrEqual(7);
      expect(objectLines.every((l) => l.topic === first.topic && l.partition === first.partition)).toBe(true);
      expect(objectLines.map((l) => l.offset)).toEqual(objectLines.map((_, i) => first.offset + i));
    }

    // Every interaction once, logical topic names, value embedded, headers kept.
    const clickLines = lines.filter((l) => l.topic === 'interactions.enriched.v1');
    expect(clickLines.map((l) => (l.value as { eventId: string }).eventId).sort()).toEqual(clicks.map((c) => c.eventId).sort());
    for (const c of clicks) {
      const line = clickLines.find((l) => (l.value as { eventId: string }).eventId === c.eventId)!;
      expect(line).toMatchObject({ key: c.userId, keyBase64: null, eventTime: c.occurredAt, valueBase64: null, headers: [{ key: 'traceparent', value: 'tp-1', valueBase64: null }] });
      expect(line.value).toEqual(c);
    }
    const hw = await highWatermarks(t.kafka, t.names.physical('interactions.enriched.v1'));
    for (const [partition, high] of hw) {
      expect(clickLines.filter((l) => l.partition === partition).map((l) => l.offset).sort((a, b) => a - b)).toEqual(Array.from({ length: high }, (_, i) => i));
    }

    // Item and its takedown tombstone on the compacted topic; the tombstone's event time is its
    // Kafka timestamp (the produce time), so it may sit in another hour's folder.
    const contentLines = lines.filter((l) => l.topic === 'content.v1').sort((a, b) => a.offset - b.offset);
    expect(contentLines.map((l) => [l.key, l.value === null, l.valueBase64])).toEqual([['c-1', false, null], ['c-1', true, null]]);
    expect(contentLines[1]!.eventTime).toBe(contentLines[1]!.timestamp);
    expect(lines.filter((l) => l.topic === 'beacons.v1')).toHaveLength(2);
    expect(lines.filter((l) => l.topic === 'users.v1').map((l) => l.key)).toEqual(['u-9']);

    // The undecodable record: archived raw (exact bytes) and dead-lettered once, with its coordinates.
    const raw = lines.filter((l) => l.topic === 'interactions.v1');
    expect(raw).toEqual([expect.objectContaining({ partition: 1, offset: 0, key: 'u-bad', value: null, valueBase64: garbage.toString('base64') }) as ArchivedLine]);
    expect((await highWatermarks(t.kafka, t.names.physical('dlq.v1'))).get(0)).toBe(1);
    const letters = lines.filter((l) => l.topic === 'dlq.v1').map((l) => l.value as unknown as DeadLetter);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ source: { topic: 'interactions.v1', partition: 1, offset: '0', consumerGroup: group }, error: { code: 'invalid_json', retriable: false }, value: garbage.toString('base64'), key: Buffer.from('u-bad').toString('base64') });

    // Committed exactly to the end of every partition that had records (after the idle flush/stop).
    for (const topic of ['interactions.enriched.v1', 'content.v1', 'interactions.v1'] as const) {
      const ends = await highWatermarks(t.kafka, t.names.physical(topic));
      const committed = await committedOffsets(t.kafka, group, t.names.physical(topic));
      for (const [partition, high] of ends) if (high > 0) expect(committed.get(partition)).toBe(high);
    }
  });
});
