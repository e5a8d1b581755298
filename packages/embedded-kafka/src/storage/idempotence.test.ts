// Idempotent-producer rules (KIP-98) through the partition log, on memory and disk, including
// state surviving a clean restart, a crash (no close) and a compaction that rewrote the batches.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Codes } from '../records/codes.js';
import { config, MODES, openMode, produced } from '../../testing/storage.js';
import type { Mode } from '../../testing/storage.js';
import { addSeq } from './producer-state.js';

const pb = (seq: number, n = 1, epoch = 0, pid = 7, key = 'k') =>
  produced({ producerId: pid, producerEpoch: epoch, baseSequence: seq, records: Array.from({ length: n }, () => ({ key })) });

describe('sequence arithmetic', () => {
  it('wraps at INT32_MAX', () => {
    expect(addSeq(2_147_483_646, 1)).toBe(2_147_483_647);
    expect(addSeq(2_147_483_647, 1)).toBe(0);
    expect(addSeq(2_147_483_646, 3)).toBe(1);
  });
});

describe.each(MODES)('idempotent producer (%s)', (name) => {
  let m: Mode;
  beforeEach(async () => {
    m = await openMode(name);
  });
  afterEach(async () => m.cleanup());

  it('answers a retried batch with its original offset and does not append it again', async () => {
    const log = await m.store.openLog('t', 0, config());
    expect(log.append(pb(0, 2), 1)).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(log.append(pb(2, 3), 1)).toMatchObject({ errorCode: 0, baseOffset: 2 });
    expect(log.append(pb(0, 2), 1)).toMatchObject({ errorCode: 0, baseOffset: 0, duplicate: true });
    expect(log.append(pb(2, 3), 1)).toMatchObject({ errorCode: 0, baseOffset: 2, duplicate: true });
    expect(log.highWatermark).toBe(5);
  });

  it('rejects a sequence gap with OUT_OF_ORDER_SEQUENCE_NUMBER', async () => {
    const log = await m.store.openLog('t', 0, config());
    log.append(pb(0, 2), 1);
    expect(log.append(pb(3), 1)).toMatchObject({ errorCode: Codes.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(log.highWatermark).toBe(2);
    expect(log.append(pb(2), 1)).toMatchObject({ errorCode: 0, baseOffset: 2 });
  });

  it('rejects an old epoch with INVALID_PRODUCER_EPOCH and accepts a new epoch only from sequence 0', async () => {
    const log = await m.store.openLog('t', 0, config());
    log.append(pb(0, 1, 1), 1);
    expect(log.append(pb(1, 1, 0), 1)).toMatchObject({ errorCode: Codes.INVALID_PRODUCER_EPOCH });
    expect(log.append(pb(5, 1, 2), 1)).toMatchObject({ errorCode: Codes.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(log.append(pb(0, 1, 2), 1)).toMatchObject({ errorCode: 0, baseOffset: 1 });
    expect(log.append(pb(1, 1, 1), 1)).toMatchObject({ errorCode: Codes.INVALID_PRODUCER_EPOCH });
  });

  it('accepts any sequence from an unknown producer id and wraps sequences', async () => {
    const log = await m.store.openLog('t', 0, config());
    expect(log.append(pb(2_147_483_646, 2), 1)).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(log.append(pb(0, 1), 1)).toMatchObject({ errorCode: 0, baseOffset: 2 });
    expect(log.append(pb(2_147_483_646, 2), 1)).toMatchObject({ errorCode: 0, baseOffset: 0, duplicate: true });
  });

  it('ignores sequences when producerId is -1', async () => {
    const log = await m.store.openLog('t', 0, config());
    const plain = produced({ baseSequence: 0, records: [{ key: 'a' }] });
    expect(log.append(plain, 1)).toMatchObject({ baseOffset: 0, duplicate: false });
    expect(log.append(plain, 1)).toMatchObject({ baseOffset: 1, duplicate: false });
  });

  it('only dedups the last five batches', async () => {
    const log = await m.store.openLog('t', 0, config());
    for (let s = 0; s < 6; s++) log.append(pb(s), 1);
    expect(log.append(pb(1), 1)).toMatchObject({ errorCode: 0, baseOffset: 1, duplicate: true });
    expect(log.append(pb(0), 1)).toMatchObject({ errorCode: Codes.OUT_OF_ORDER_SEQUENCE_NUMBER });
  });

  it('keeps producer state across a clean restart', async () => {
    let log = await m.store.openLog('t', 0, config());
    log.append(pb(0, 2), 1);
    const store = await m.restart();
    log = await store.openLog('t', 0, config());
    expect(log.append(pb(0, 2), 1)).toMatchObject({ baseOffset: 0, duplicate: true });
    expect(log.append(pb(5), 1)).toMatchObject({ errorCode: Codes.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(log.append(pb(0, 1, 0, 7), 1)).toMatchObject({ errorCode: Codes.OUT_OF_ORDER_SEQUENCE_NUMBER });
  });

  it('keeps producer state after compaction rewrote and dropped its batches', async () => {
    let log = await m.store.openLog('t', 0, config({ cleanupPolicy: 'compact' }));
    log.append(pb(0, 1, 0, 7, 'same'), 1);
    log.append(pb(1, 1, 0, 7, 'same'), 1);
    log.append(pb(0, 1, 0, 8, 'other'), 1);
    log.compact(5000); // drops pid 7's first batch
    expect(log.read(0, 1 << 20).length).toBe(pb(1, 1, 0, 7, 'same').length + pb(0, 1, 0, 8, 'other').length);
    const store = await m.restart();
    log = await store.openLog('t', 0, config({ cleanupPolicy: 'compact' }));
    expect(log.append(pb(1, 1, 0, 7, 'same'), 1)).toMatchObject({ baseOffset: 1, duplicate: true });
    expect(log.append(pb(3, 1, 0, 7, 'same'), 1)).toMatchObject({ errorCode: Codes.OUT_OF_ORDER_SEQUENCE_NUMBER });
  });
});

describe('idempotent producer after a crash (disk)', () => {
  it('rebuilds state from batch headers written after the last snapshot', async () => {
    const m = await openMode('disk');
    const log = await m.store.openLog('t', 0, config());
    log.append(pb(0), 1);
    await log.close(); // snapshot at offset 1
    const again = await m.store.openLog('t', 0, config());
    again.append(pb(1, 2), 1);
    // No close: the process "dies"; a fresh store on the directory must replay offsets 1..2.
    const { openStore } = await import('./store.js');
    const fresh = await openStore({ dataDir: m.dataDir!, flush: 'always' });
    const recovered = await fresh.openLog('t', 0, config());
    expect(recovered.append(pb(1, 2), 1)).toMatchObject({ baseOffset: 1, duplicate: true });
    expect(recovered.append(pb(3), 1)).toMatchObject({ errorCode: 0, baseOffset: 3 });
    await fresh.close();
    await m.cleanup();
  });

  it('survives a crash right after compaction shrank a batch header', async () => {
    const m = await openMode('disk');
    const cfg = config({ cleanupPolicy: 'compact' });
    const log = await m.store.openLog('t', 0, cfg);
    const two = produced({ producerId: 7, producerEpoch: 0, baseSequence: 0, records: [{ key: 'keep' }, { key: 'same' }] });
    log.append(two, 1); // seq 0..1 at offsets 0..1
    log.append(pb(2, 1, 0, 7, 'same'), 1); // seq 2 at offset 2 supersedes offset 1
    log.append(pb(0, 1, 0, 9, 'end'), 1);
    log.compact(5000); // first batch rewritten: lastOffsetDelta 1 -> 0
    const { openStore } = await import('./store.js');
    const fresh = await openStore({ dataDir: m.dataDir!, flush: 'always' });
    const recovered = await fresh.openLog('t', 0, cfg);
    // Replaying the shrunk header alone would see seq 0..0 and call this retry out of order.
    expect(recovered.append(two, 1)).toMatchObject({ errorCode: 0, baseOffset: 0, duplicate: true });
    await fresh.close();
    await m.cleanup();
  });
});
