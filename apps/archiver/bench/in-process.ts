// Baseline: the archiver core fed in-process batches of 2 000 records (no Kafka): decode against
// the contracts, encode, rotate, gzip, atomic file writes to a temporary directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { ConsumedRecord } from '@tessera/archive/record';
import { createArchiver } from '../src/archiver.js';
import { catalogueDecoder } from '../src/decoder.js';
import { recordBytes } from './records.js';
import type { BenchResult } from './records.js';

const BATCH = 2_000;

export async function benchInProcess(input: readonly ConsumedRecord[]): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'archiver-bench-'));
  try {
    const archiver = createArchiver({ store: createLocalStore(dir), prefix: 'bench', decode: catalogueDecoder, limits: { maxRecords: 50_000, maxBytes: 32 << 20 } });
    let written = 0;
    let objects = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < input.length; i += BATCH) {
      const outcome = await archiver.archive(input.slice(i, i + BATCH));
      if (outcome.failures.length) throw new Error(JSON.stringify(outcome.failures));
      for (const u of outcome.uploaded) { written += u.compressedBytes; objects++; }
    }
    for (const u of (await archiver.flush()).uploaded) { written += u.compressedBytes; objects++; }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { records: input.length, objects, seconds, inputBytes: recordBytes(input), writtenBytes: written };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
