// Conformance of log compaction: a compacted topic gets overwrites and a tombstone, then one more
// record after a pause so that Apache Kafka rolls a segment (segment.ms) and its cleaner may clean
// everything before that last record (log.cleaner.backoff.ms=500 in the runner's settings,
// min.cleanable.dirty.ratio lowered on the topic). The embedded broker's background pass compacts
// everything but the last batch. Once compaction has happened on each broker, the surviving records
// (offset, key, value) read back with raw Fetch must be the same, and so must the key→value view.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { decodeRecords } from '../../src/records/batch.js';
import { uid } from '../helpers.js';
import { conformanceTargets, createTopic, eventually, onBoth, type Target } from './targets.js';

const targets = conformanceTargets();

type FetchAnswer = { responses: { partitions: { errorCode: number; highWatermark: number; logStartOffset: number; records: Buffer | null }[] }[] };
interface Surviving { offset: number; key: string | null; value: string | null }

/** Every record of partition 0 from the log start to the high watermark, by raw Fetch. */
async function readAll(t: Target, topic: string): Promise<{ records: Surviving[]; highWatermark: number; logStartOffset: number }> {
  const records: Surviving[] = [];
  let offset = 0;
  for (;;) {
    const body = {
      replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [], rackId: '',
    };
    const p = ((await t.request(1, 11, body)) as FetchAnswer).responses[0]!.partitions[0]!;
    if (p.errorCode !== 0) throw new Error(`fetch at ${offset} on ${t.name}: error ${p.errorCode}`);
    const buf = p.records ?? Buffer.alloc(0);
    for (let at = 0; at + 12 <= buf.length;) {
      const size = 12 + buf.readInt32BE(at + 8);
      if (at + size > buf.length) break; // a partial batch at the end of the answer
      for (const r of decodeRecords(buf.subarray(at, at + size))) {
        if (r.offset < offset) continue;
        records.push({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null });
        offset = r.offset + 1;
      }
      at += size;
    }
    if (offset >= p.highWatermark) return { records, highWatermark: p.highWatermark, logStartOffset: p.logStartOffset };
    if (buf.length === 0) throw new Error(`no records at ${offset} below the high watermark ${p.highWatermark} on ${t.name}`);
  }
}

it('leaves the same records and key→value view after compaction', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const topic = uid('conf-compact');
    await createTopic(t, topic, 1, [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'segment.ms', value: '100' },
      { name: 'min.cleanable.dirty.ratio', value: '0.01' },
      { name: 'min.compaction.lag.ms', value: '0' },
    ]);
    const producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const send = (messages: { key: string; value: string | null }[]) => producer.send({ topic, acks: -1, messages });
    await send(['k0', 'k1', 'k2', 'k3', 'k4'].map((key) => ({ key, value: `${key}-v1` })));
    await send(['k0', 'k1', 'k2'].map((key) => ({ key, value: `${key}-v2` })));
    await send([{ key: 'k3', value: null }, { key: 'k0', value: 'k0-v3' }]);
    // Apache Kafka rolls the segment on the first append after segment.ms: the last record then
    // sits alone in the active segment, which the cleaner never touches.
    await sleep(300);
    await send([{ key: 'last', value: 'last-v1' }]);
    await producer.disconnect();
    const compacted = await eventually(async () => {
      const all = await readAll(t, topic);
      const keys = all.records.map((r) => r.key);
      return new Set(keys).size === keys.length ? all : undefined;
    }, `compaction of ${topic} on ${t.name}`, 45_000);
    const view = Object.fromEntries(compacted.records.map((r) => [r.key, r.value]));
    return { ...compacted, view };
  });
  expect(seen.embedded).toEqual(seen.apache);
  expect(seen.apache.records.map((r) => r.offset)).toEqual([4, 6, 7, 8, 9, 10]);
});

// Tombstone expiry differs in when the clock starts (README): Apache Kafka keeps a tombstone for
// delete.retention.ms after the first cleaning that saw it (the delete horizon it stamps on the
// batch), the embedded broker for delete.retention.ms after the tombstone's own timestamp. With a
// retention longer than the time to the first pass, both keep it through that pass and drop it at
// the first pass after the retention has passed, which is what this compares.
const TOMBSTONE_RETENTION_MS = 5000;

it('keeps a tombstone through the first cleaning and removes it after delete.retention.ms, alike', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const topic = uid('conf-tomb');
    await createTopic(t, topic, 1, [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'segment.ms', value: '100' },
      { name: 'min.cleanable.dirty.ratio', value: '0.01' },
      { name: 'min.compaction.lag.ms', value: '0' },
      { name: 'delete.retention.ms', value: String(TOMBSTONE_RETENTION_MS) },
    ]);
    const producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const send = (messages: { key: string; value: string | null }[]) => producer.send({ topic, acks: -1, messages });
    await send([{ key: 'k0', value: 'k0-v1' }, { key: 'k1', value: 'k1-v1' }]);
    await send([{ key: 'k1', value: null }]);
    await sleep(300); // past segment.ms: the next append rolls the segment
    await send([{ key: 'first-marker', value: 'm1' }]);
    const firstPass = await eventually(async () => {
      const all = await readAll(t, topic);
      return all.records.filter((r) => r.key === 'k1').length === 1 ? all.records : undefined;
    }, `the first compaction of ${topic} on ${t.name}`, 45_000);
    // Once delete.retention.ms has passed since that pass, another roll makes the cleaner run again.
    await sleep(TOMBSTONE_RETENTION_MS + 500);
    await send([{ key: 'second-marker', value: 'm2' }]);
    const secondPass = await eventually(async () => {
      const all = await readAll(t, topic);
      return all.records.some((r) => r.key === 'k1') ? undefined : all.records;
    }, `the tombstone's removal from ${topic} on ${t.name}`, 45_000);
    await producer.disconnect();
    return { firstPass, secondPass };
  });
  expect(seen.embedded).toEqual(seen.apache);
});
