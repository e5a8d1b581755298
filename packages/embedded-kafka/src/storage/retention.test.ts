// Retention by time and bytes on memory and disk: the log start advances, whole dead segments
// are deleted, the last batch always stays, and the new start survives a restart.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRecords } from '../records/batch.js';
import { splitBatches } from '../records/layout.js';
import { config, kv, MODES, openMode } from '../../testing/storage.js';
import type { Mode } from '../../testing/storage.js';
import type { PartitionLog } from './types.js';

const offsets = (log: PartitionLog): number[] =>
  splitBatches(log.read(log.logStartOffset, 1 << 20)).flatMap((b) => decodeRecords(b).map((r) => r.offset));

describe.each(MODES)('retention (%s)', (name) => {
  let m: Mode;
  beforeEach(async () => {
    m = await openMode(name);
  });
  afterEach(async () => m.cleanup());

  it('removes batches older than retention.ms but never the last one', async () => {
    const size = kv('k0', 'v').length;
    const log = await m.store.openLog('t', 0, config({ retentionMs: 1000, segmentBytes: size * 2 }));
    [100, 200, 300, 2000, 2100].forEach((ts, i) => log.append(kv(`k${i}`, 'v', ts), ts));
    log.applyRetention(2500); // 100..300 older than 1000 ms; 2000/2100 are not
    expect(log.logStartOffset).toBe(3);
    expect(offsets(log)).toEqual([3, 4]);
    log.applyRetention(100_000); // everything expired, but the last batch stays
    expect(log.logStartOffset).toBe(4);
    expect(log.highWatermark).toBe(5);
    if (m.dataDir) {
      const files = fs.readdirSync(path.join(m.dataDir, 'logs', 't-0')).filter((f) => f.endsWith('.log'));
      expect(files).toEqual([`${'4'.padStart(20, '0')}.log`]);
    }
    const store = await m.restart();
    const reopened = await store.openLog('t', 0, config());
    expect([reopened.logStartOffset, reopened.highWatermark]).toEqual([4, 5]);
    expect(reopened.append(kv('n', 'v'), 1)).toMatchObject({ baseOffset: 5 });
  });

  it('keeps at least retention.bytes, dropping the oldest batches beyond it', async () => {
    const size = kv('k0', 'v').length;
    const log = await m.store.openLog('t', 0, config({ retentionBytes: size * 2 + 5, retentionMs: -1 }));
    for (let i = 0; i < 6; i++) log.append(kv(`k${i}`, 'v'), 1);
    log.applyRetention(1);
    expect(log.logStartOffset).toBe(3); // 3 batches remain: dropping one more would go below the limit
    expect(offsets(log)).toEqual([3, 4, 5]);
  });

  it('does nothing for compact-only topics or infinite retention', async () => {
    const compactOnly = await m.store.openLog('c', 0, config({ cleanupPolicy: 'compact', retentionMs: 1 }));
    const forever = await m.store.openLog('f', 0, config({ retentionMs: -1 }));
    for (const log of [compactOnly, forever]) {
      log.append(kv('a', 'v', 1), 1);
      log.append(kv('b', 'v', 1), 1);
      log.applyRetention(1_000_000);
      expect(log.logStartOffset).toBe(0);
    }
  });
});
