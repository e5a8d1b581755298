// Append, fetch positioning, timestamps, DeleteRecords and restart — against memory and disk.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRecords } from '../records/batch.js';
import { Codes } from '../records/codes.js';
import { batchCrc } from '../records/crc.js';
import { ATTR, readBatchHeader, splitBatches } from '../records/layout.js';
import { config, kv, MODES, openMode, produced } from '../../testing/storage.js';
import type { Mode } from '../../testing/storage.js';

const offsetsOf = (buf: Buffer): number[] => splitBatches(buf).flatMap((b) => decodeRecords(b).map((r) => r.offset));
const basesOf = (buf: Buffer): number[] => splitBatches(buf).map((b) => readBatchHeader(b).baseOffset);
const three = (from: number) => produced({ records: [0, 1, 2].map((i) => ({ key: `k${from + i}` })) });

describe.each(MODES)('partition log (%s)', (name) => {
  let m: Mode;
  beforeEach(async () => {
    m = await openMode(name);
  });
  afterEach(async () => m.cleanup());

  it('assigns consecutive base offsets and rewrites baseOffset/leaderEpoch without touching the CRC', async () => {
    const log = await m.store.openLog('t', 0, config());
    const input = three(0);
    input.writeInt32BE(-1, 12); // franz-go style leader epoch from the client
    expect(log.append(input, 5)).toEqual({ errorCode: 0, baseOffset: 0, logAppendTime: -1, duplicate: false });
    expect(log.append(three(3), 5)).toMatchObject({ errorCode: 0, baseOffset: 3 });
    expect(log.highWatermark).toBe(6);
    const [, second] = splitBatches(log.read(0, 1 << 20));
    const h = readBatchHeader(second!);
    expect([h.baseOffset, h.partitionLeaderEpoch]).toEqual([3, 0]);
    expect(batchCrc(second!)).toBe(h.crc);
    expect(readBatchHeader(input).baseOffset).toBe(0); // caller's buffer untouched
  });

  it('LogAppendTime topics stamp attribute bit 3 and maxTimestamp with a fresh CRC', async () => {
    const log = await m.store.openLog('t', 0, config({ timestampType: 'LogAppendTime' }));
    expect(log.append(kv('a', '1', 10), 777_000)).toMatchObject({ errorCode: 0, logAppendTime: 777_000 });
    const stored = log.read(0, 1000);
    const h = readBatchHeader(stored);
    expect(h.attributes & ATTR.logAppendTime).toBe(ATTR.logAppendTime);
    expect(h.maxTimestamp).toBe(777_000);
    expect(batchCrc(stored)).toBe(h.crc);
    expect(decodeRecords(stored)[0]!.timestamp).toBe(777_000);
  });

  it('a mid-batch fetch offset returns the whole containing batch first', async () => {
    const log = await m.store.openLog('t', 0, config());
    log.append(three(0), 1);
    log.append(three(3), 1);
    expect(basesOf(log.read(4, 1 << 20))).toEqual([3]);
    expect(basesOf(log.read(2, 1 << 20))).toEqual([0, 3]);
    expect(offsetsOf(log.read(5, 1 << 20))).toEqual([3, 4, 5]);
    expect(log.read(6, 1 << 20).length).toBe(0);
  });

  it('returns one whole oversize batch, then only batches that fit maxBytes', async () => {
    const log = await m.store.openLog('t', 0, config());
    const big = produced({ records: [{ key: 'b', value: 'x'.repeat(5000) }] });
    log.append(big, 1);
    log.append(kv('s1', 'small'), 1);
    log.append(kv('s2', 'small'), 1);
    const first = log.read(0, 100);
    expect(first.length).toBe(big.length);
    expect(basesOf(first)).toEqual([0]);
    const small = kv('s1', 'small').length;
    expect(basesOf(log.read(1, small))).toEqual([1]);
    expect(basesOf(log.read(1, small * 2))).toEqual([1, 2]);
    expect(basesOf(log.read(0, big.length + small))).toEqual([0, 1]);
  });

  it('finds offsets by timestamp inside batches', async () => {
    const log = await m.store.openLog('t', 0, config());
    log.append(produced({ records: [{ key: 'a', timestamp: 100 }, { key: 'b', timestamp: 300 }] }), 1);
    log.append(produced({ records: [{ key: 'c', timestamp: 500 }] }), 1);
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 100 });
    expect(log.offsetForTimestamp(200)).toEqual({ offset: 1, timestamp: 300 });
    expect(log.offsetForTimestamp(301)).toEqual({ offset: 2, timestamp: 500 });
    expect(log.offsetForTimestamp(501)).toBeNull();
  });

  it('deleteRecords moves the log start, -1 means the high watermark, beyond it is OFFSET_OUT_OF_RANGE', async () => {
    const log = await m.store.openLog('t', 0, config());
    log.append(three(0), 1);
    log.append(three(3), 1);
    expect(log.deleteRecords(7)).toMatchObject({ errorCode: Codes.OFFSET_OUT_OF_RANGE });
    expect(log.deleteRecords(4)).toEqual({ errorCode: 0, lowWatermark: 4 });
    expect(log.deleteRecords(2)).toEqual({ errorCode: 0, lowWatermark: 4 });
    expect(basesOf(log.read(0, 1 << 20))).toEqual([3]); // never below the start
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 4, timestamp: 1000 });
    expect(log.deleteRecords(-1)).toEqual({ errorCode: 0, lowWatermark: 6 });
    expect(log.read(0, 1 << 20).length).toBe(0);
    log.append(kv('z', 'z'), 1);
    expect(offsetsOf(log.read(6, 1 << 20))).toEqual([6]);
  });

  it('keeps records, log start and offsets across a restart', async () => {
    let log = await m.store.openLog('t', 1, config());
    log.append(three(0), 1);
    log.append(three(3), 1);
    log.deleteRecords(2);
    const before = log.read(0, 1 << 20);
    const store = await m.restart();
    log = await store.openLog('t', 1, config());
    expect([log.logStartOffset, log.highWatermark]).toEqual([2, 6]);
    expect(log.read(0, 1 << 20).equals(before)).toBe(true);
    expect(log.append(kv('n', 'n'), 1)).toMatchObject({ baseOffset: 6 });
  });

  it('rolls segments by segment.bytes and segment.ms and reads across them', async () => {
    const size = kv('k0', '0').length;
    const log = await m.store.openLog('t', 0, config({ segmentBytes: size * 2 }));
    for (let i = 0; i < 5; i++) log.append(kv(`k${i}`, `${i}`), 10); // 2 per segment: 0,2,4
    log.setConfig(config({ segmentMs: 1000 }));
    log.append(kv('k5', 'x'), 500); // active segment (started at 10) is young: stays
    log.append(kv('k6', 'x'), 1010); // segment.ms elapsed: rolls at 6
    log.append(kv('k7', 'x'), 1011);
    expect(offsetsOf(log.read(0, 1 << 20))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(basesOf(log.read(1, size * 3))).toEqual([1, 2, 3]);
    if (m.dataDir) {
      const files = fs.readdirSync(path.join(m.dataDir, 'logs', 't-0')).filter((f) => f.endsWith('.log'));
      expect(files).toEqual([0, 2, 4, 6].map((b) => `${String(b).padStart(20, '0')}.log`));
    }
    const store = await m.restart();
    const reopened = await store.openLog('t', 0, config());
    expect(offsetsOf(reopened.read(3, 1 << 20))).toEqual([3, 4, 5, 6, 7]);
    expect(reopened.sizeBytes).toBe(size * 8);
  });

  it('stores batches of codecs it cannot read and serves them unchanged', async () => {
    const log = await m.store.openLog('t', 0, config());
    const gz = produced({ records: [{ key: 'a' }, { key: 'b' }], compression: 'gzip' });
    log.append(gz, 1);
    expect(offsetsOf(log.read(1, 100))).toEqual([0, 1]);
  });

  it('delete() removes the data so a recreated partition starts empty', async () => {
    const log = await m.store.openLog('gone', 0, config());
    log.append(three(0), 1);
    await log.delete();
    const again = await m.store.openLog('gone', 0, config());
    expect([again.logStartOffset, again.highWatermark, again.read(0, 1000).length]).toEqual([0, 0, 0]);
    if (m.dataDir) expect(fs.readdirSync(path.join(m.dataDir, 'logs', 'gone-0'))).toEqual([`${'0'.repeat(20)}.log`]);
  });
});
