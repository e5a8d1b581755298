// The batch index's resident part stays bounded however long a partition's log grows (counted
// entries, not timed), and a log whose index is mostly read back from its segments answers
// fetches, timestamp lookups, retention and compaction exactly as one whose index is all in memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRecords } from '../records/batch.js';
import { splitBatches } from '../records/layout.js';
import { config, kv, MODES, produced } from '../../testing/storage.js';
import { CACHED_CHUNKS, CHUNK_ENTRIES } from './batch-index.js';
import type { IndexLimits } from './batch-index.js';
import { diskMedium } from './disk-medium.js';
import type { Medium } from './medium.js';
import { memoryMedium } from './memory-medium.js';
import { FilePartitionLog } from './partition-log.js';
import type { LogConfig } from './types.js';

const BOUND = (1 + CACHED_CHUNKS) * CHUNK_ENTRIES;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function mediumFor(mode: 'memory' | 'disk'): Medium {
  if (mode === 'memory') return memoryMedium();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-index-'));
  dirs.push(dir);
  return diskMedium(dir);
}

const open = (medium: Medium, partition: number, cfg: LogConfig, index?: IndexLimits) =>
  FilePartitionLog.open({ dir: medium.partitionDir('t', partition), config: cfg, syncEachAppend: false, ...(index ? { index } : {}) });

/** Offsets and values of every record a fetch at `offset` returns. */
const fetched = (log: FilePartitionLog, offset: number, maxBytes: number): string[] =>
  splitBatches(log.read(offset, maxBytes)).flatMap((b) => decodeRecords(b).map((r) => `${r.offset}:${r.value?.toString() ?? 'null'}`));

describe.each(MODES)('batch index (%s)', (mode) => {
  it('keeps at most (1 + CACHED_CHUNKS) × CHUNK_ENTRIES entries in memory while the log grows, also after old reads and a reopen', async () => {
    const medium = mediumFor(mode);
    const log = open(medium, 0, config());
    const batches = 20 * CHUNK_ENTRIES + 7;
    for (let i = 0; i < batches; i += 1) {
      log.append(kv(`k${i % 50}`, `v${i}`, 1_000 + i), 1_000 + i);
      expect(log.indexResidency.entries).toBeLessThanOrEqual(BOUND);
    }
    expect(log.indexResidency.chunks).toBe(Math.ceil(batches / CHUNK_ENTRIES));
    // A consumer starting from the beginning walks the whole log: chunks are read back, not kept.
    for (let offset = 0; offset < batches; offset += 97) {
      expect(fetched(log, offset, 1)).toEqual([`${offset}:v${offset}`]);
      expect(log.indexResidency.entries).toBeLessThanOrEqual(BOUND);
    }
    expect(log.indexResidency.reloads).toBeGreaterThan(0);
    expect(log.offsetForTimestamp(1_000 + 3)).toEqual({ offset: 3, timestamp: 1_003 });
    await log.close();
    const reopened = open(medium, 0, config());
    expect(reopened.highWatermark).toBe(batches);
    expect(reopened.indexResidency.entries).toBeLessThanOrEqual(BOUND);
    expect(fetched(reopened, 5, 1)).toEqual(['5:v5']);
    await reopened.close();
  });

  it('answers like a wholly resident index when chunks are tiny: fetch, timestamps, retention by time and bytes, compaction', async () => {
    const medium = mediumFor(mode);
    const cfg = config({ segmentBytes: 4_000, cleanupPolicy: 'compact,delete', retentionMs: 50, retentionBytes: 1_500 });
    const tiny = open(medium, 0, cfg, { chunkEntries: 3, cachedChunks: 1 });
    const whole = open(medium, 1, cfg, { chunkEntries: 1_000_000 });
    const logs = [tiny, whole];
    const answers = (log: FilePartitionLog) => ({
      start: log.logStartOffset,
      end: log.highWatermark,
      fetches: Array.from({ length: log.highWatermark + 1 }, (_, o) => fetched(log, o, 300)),
      times: [0, 1_010, 1_040, 1_075, 1_200].map((ts) => log.offsetForTimestamp(ts)),
    });
    for (let i = 0; i < 60; i += 1) {
      // Two-record batches, keys repeating every 7 batches, now and then a tombstone.
      const spec = { records: [{ key: `k${i % 7}`, value: i % 11 === 0 ? null : `v${i}`, timestamp: 1_000 + i }, { key: `x${i}`, timestamp: 1_000 + i }] };
      for (const log of logs) expect(log.append(produced(spec), 1_000 + i)).toMatchObject({ errorCode: 0 });
    }
    expect(tiny.indexResidency.entries).toBeLessThanOrEqual(2 * 3);
    expect(answers(tiny)).toEqual(answers(whole));
    for (const log of logs) log.compact(1_100);
    expect(answers(tiny)).toEqual(answers(whole));
    for (const log of logs) log.applyRetention(1_080); // batches with timestamps below 1,030 expire
    expect(tiny.logStartOffset).toBeGreaterThan(0);
    expect(answers(tiny)).toEqual(answers(whole));
    for (const log of logs) log.applyRetention(0); // only retention.bytes can still move the start
    expect(answers(tiny)).toEqual(answers(whole));
    for (const log of logs) await log.close();
    const [tinyAgain, wholeAgain] = [open(medium, 0, cfg, { chunkEntries: 3, cachedChunks: 1 }), open(medium, 1, cfg)];
    expect(answers(tinyAgain)).toEqual(answers(wholeAgain));
    expect(tinyAgain.indexResidency.reloads).toBeGreaterThan(0);
  });
});
