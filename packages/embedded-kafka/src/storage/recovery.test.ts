// Crash recovery on a real directory: a torn or corrupt tail is cut on reopen and never served.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRecords } from '../records/batch.js';
import { splitBatches } from '../records/layout.js';
import { openStore } from './store.js';
import { config, kv, openMode } from '../../testing/storage.js';
import type { Mode } from '../../testing/storage.js';
import type { PartitionLog } from './types.js';

const values = (log: PartitionLog): string[] =>
  splitBatches(log.read(0, 1 << 20)).flatMap((b) => decodeRecords(b).map((r) => r.value!.toString()));

describe('recovery (disk)', () => {
  let m: Mode;
  let segFile: string;
  beforeEach(async () => {
    m = await openMode('disk');
    segFile = path.join(m.dataDir!, 'logs', 't-0', `${'0'.repeat(20)}.log`);
    const log = await m.store.openLog('t', 0, config());
    for (const v of ['a', 'b', 'c']) log.append(kv('k', v), 1);
    // No close: a kill -9 leaves whatever reached the file.
  });
  afterEach(async () => m.cleanup());

  const reopen = async () => {
    const store = await openStore({ dataDir: m.dataDir!, flush: 'always' });
    const log = await store.openLog('t', 0, config());
    return { store, log };
  };

  it('truncates a batch cut in the middle', async () => {
    const size = fs.statSync(segFile).size;
    fs.truncateSync(segFile, size - 7);
    const { store, log } = await reopen();
    expect(values(log)).toEqual(['a', 'b']);
    expect(log.highWatermark).toBe(2);
    expect(fs.statSync(segFile).size).toBe((size / 3) * 2);
    expect(log.append(kv('k', 'd'), 1)).toMatchObject({ baseOffset: 2 });
    expect(values(log)).toEqual(['a', 'b', 'd']);
    await store.close();
  });

  it('cuts appended garbage and zero-filled tails', async () => {
    const size = fs.statSync(segFile).size;
    fs.appendFileSync(segFile, Buffer.alloc(100));
    let r = await reopen();
    expect(values(r.log)).toEqual(['a', 'b', 'c']);
    await r.store.close();
    fs.appendFileSync(segFile, Buffer.from('x'.repeat(300)));
    r = await reopen();
    expect(values(r.log)).toEqual(['a', 'b', 'c']);
    expect(fs.statSync(segFile).size).toBe(size);
    await r.store.close();
  });

  it('cuts from a batch whose CRC does not match, including everything after it', async () => {
    const bytes = fs.readFileSync(segFile);
    const one = bytes.length / 3;
    bytes[one + 62] = bytes[one + 62]! ^ 0xff; // inside the second batch's records (CRC-covered)
    fs.writeFileSync(segFile, bytes);
    const { store, log } = await reopen();
    expect(values(log)).toEqual(['a']);
    expect(log.highWatermark).toBe(1);
    await store.close();
  });

  it('drops later segments after a corrupt one', async () => {
    const size = kv('k', 'a').length;
    const log = await m.store.openLog('t', 1, config({ segmentBytes: size }));
    for (const v of ['a', 'b', 'c']) log.append(kv('k', v), 1); // one batch per segment
    const dir = path.join(m.dataDir!, 'logs', 't-1');
    const second = path.join(dir, `${'1'.padStart(20, '0')}.log`);
    fs.truncateSync(second, size - 1);
    const store = await openStore({ dataDir: m.dataDir!, flush: 'always' });
    const reopened = await store.openLog('t', 1, config({ segmentBytes: size }));
    expect(values(reopened)).toEqual(['a']);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.log'))).toHaveLength(2);
    expect(reopened.append(kv('k', 'z'), 1)).toMatchObject({ baseOffset: 1 });
    expect(values(reopened)).toEqual(['a', 'z']);
    await store.close();
  });

  it('falls back to the segments when state.json is damaged', async () => {
    fs.writeFileSync(path.join(m.dataDir!, 'logs', 't-0', 'state.json'), '{"logStart');
    const { store, log } = await reopen();
    expect([log.logStartOffset, log.highWatermark]).toEqual([0, 3]);
    await store.close();
  });
});

describe('unusable data directory', () => {
  it('rejects with a StorageFailure carrying code IO', async () => {
    const m = await openMode('disk');
    const notADir = path.join(m.dataDir!, 'file');
    fs.writeFileSync(notADir, 'x');
    await expect(openStore({ dataDir: notADir, flush: 'always' })).rejects.toMatchObject({ code: 'IO', retriable: false });
    await m.cleanup();
  });
});
