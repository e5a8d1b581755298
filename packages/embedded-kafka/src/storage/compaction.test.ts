// Log compaction on memory and disk: last value per key, offsets unchanged, tombstones kept for
// delete.retention.ms, min.compaction.lag.ms, the last batch untouched, and a consumer crossing
// the gaps in one fetch per surviving batch (kafkajs steps one offset at a time through a gap
// inside a batch, so compaction leaves gaps between whole batches).
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRecords } from '../records/batch.js';
import { readBatchHeader, splitBatches } from '../records/layout.js';
import { config, kv, MODES, openMode, produced } from '../../testing/storage.js';
import type { Mode } from '../../testing/storage.js';
import type { PartitionLog } from './types.js';

const require = createRequire(import.meta.url);
const decodeKBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js');
const KDecoder = require('kafkajs/src/protocol/decoder.js');

const view = (log: PartitionLog) =>
  splitBatches(log.read(0, 1 << 20)).flatMap((b) =>
    decodeRecords(b).map((r) => `${r.offset}:${r.key?.toString()}=${r.value?.toString() ?? 'null'}`),
  );

const compacted = config({ cleanupPolicy: 'compact', deleteRetentionMs: 1000 });

describe.each(MODES)('compaction (%s)', (name) => {
  let m: Mode;
  beforeEach(async () => {
    m = await openMode(name);
  });
  afterEach(async () => m.cleanup());

  it('keeps the last value per key at its original offset and the last batch untouched', async () => {
    const log = await m.store.openLog('t', 0, compacted);
    log.append(produced({ records: [{ key: 'a', value: '1' }, { key: 'b', value: '1' }, { key: 'a', value: '2' }] }), 1);
    log.append(kv('c', '1'), 1);
    log.append(kv('b', '2'), 1);
    log.append(kv('c', '2'), 1); // last batch: never cleaned, and it does not clean others yet
    log.compact(10);
    expect(view(log)).toEqual(['2:a=2', '3:c=1', '4:b=2', '5:c=2']);
    expect(log.highWatermark).toBe(6);
    log.append(kv('d', '1'), 1);
    log.compact(10);
    expect(view(log)).toEqual(['2:a=2', '4:b=2', '5:c=2', '6:d=1']);
  });

  it('rewrites lastOffsetDelta so a fetch inside a gap lands on the next real records', async () => {
    const log = await m.store.openLog('t', 0, compacted);
    log.append(produced({ records: [{ key: 'x' }, { key: 'y' }, { key: 'z' }, { key: 'w' }] }), 1); // 0..3
    log.append(produced({ records: [{ key: 'y' }, { key: 'z' }, { key: 'w' }] }), 1); // 4..6
    log.append(kv('q', '1'), 1); // 7, last
    log.compact(10);
    const first = log.read(0, 1 << 20);
    const [b0] = splitBatches(first);
    expect([readBatchHeader(b0!).baseOffset, readBatchHeader(b0!).lastOffsetDelta, readBatchHeader(b0!).recordsCount]).toEqual([0, 0, 1]);
    const k = await decodeKBatch(new KDecoder(b0!)); // the rewrite is a valid batch for kafkajs
    expect(k.records.map((r: { offset: string }) => r.offset)).toEqual(['0']);
    // A consumer that committed offset 1 (in the gap) gets the batch holding 4..6 first.
    expect(readBatchHeader(log.read(1, 1)).baseOffset).toBe(4);

    // Walk like kafkajs: next offset = last returned record + 1, one batch per fetch.
    let offset = 0;
    let fetches = 0;
    const seen: number[] = [];
    while (offset < log.highWatermark && fetches < 20) {
      fetches++;
      const recs = decodeRecords(splitBatches(log.read(offset, 1))[0]!).filter((r) => r.offset >= offset);
      expect(recs.length).toBeGreaterThan(0); // never an "empty due to compaction" batch
      seen.push(...recs.map((r) => r.offset));
      offset = recs[recs.length - 1]!.offset + 1;
    }
    expect(seen).toEqual([0, 4, 5, 6, 7]);
    expect(fetches).toBe(3);
  });

  it('keeps a tombstone for delete.retention.ms after its timestamp, then removes it', async () => {
    const log = await m.store.openLog('t', 0, compacted);
    log.append(kv('a', '1', 100), 100);
    log.append(kv('a', null, 200), 200);
    log.append(kv('z', '1', 300), 300);
    log.compact(1000); // 200 + 1000 > 1000: tombstone kept
    expect(view(log)).toEqual(['1:a=null', '2:z=1']);
    log.compact(1200);
    expect(view(log)).toEqual(['2:z=1']);
    expect([log.logStartOffset, log.highWatermark]).toEqual([0, 3]);
    const store = await m.restart();
    const reopened = await store.openLog('t', 0, compacted);
    expect(view(reopened)).toEqual(['2:z=1']);
    expect(reopened.append(kv('b', '1'), 1)).toMatchObject({ baseOffset: 3 });
  });

  it('respects min.compaction.lag.ms', async () => {
    const log = await m.store.openLog('t', 0, config({ cleanupPolicy: 'compact', minCompactionLagMs: 500 }));
    log.append(kv('a', '1', 100), 100);
    log.append(kv('a', '2', 900), 900);
    log.append(kv('a', '3', 950), 950);
    log.append(kv('end', '1', 950), 950);
    log.compact(1000); // only offset 0 is old enough: nothing newer in its region supersedes it
    expect(view(log)).toHaveLength(4);
    log.compact(1500);
    expect(view(log)).toEqual(['2:a=3', '3:end=1']);
  });

  it('recompresses gzip batches it rewrites', async () => {
    const log = await m.store.openLog('t', 0, compacted);
    log.append(produced({ compression: 'gzip', records: [{ key: 'a', value: '1' }, { key: 'b', value: '1' }] }), 1);
    log.append(kv('a', '2'), 1);
    log.append(kv('end', '1'), 1);
    log.compact(10);
    const [b0] = splitBatches(log.read(0, 1 << 20));
    expect(readBatchHeader(b0!).attributes & 7).toBe(1);
    expect(view(log)).toEqual(['1:b=1', '2:a=2', '3:end=1']);
  });

  it('leaves delete-policy topics alone', async () => {
    const log = await m.store.openLog('t', 0, config());
    log.append(kv('a', '1'), 1);
    log.append(kv('a', '2'), 1);
    log.append(kv('a', '3'), 1);
    log.compact(10);
    expect(view(log)).toHaveLength(3);
  });
});
