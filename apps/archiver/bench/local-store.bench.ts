// Throughput of the archiver to the local store: records/s and MB/s (record key+value+header
// bytes consumed, and gzip bytes written). Runs the real path: decode against the contracts,
// encode, rotate, gzip, atomic file writes. `npm run bench -w apps/archiver [-- records]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeValue } from '@tessera/contracts/codec';
import { exampleEnrichedInteraction } from '@tessera/contracts/examples';
import { createArchiver } from '../src/archiver.js';
import { catalogueDecoder } from '../src/decoder.js';
import { createLocalStore } from '../src/object-store/local.js';
import type { ConsumedRecord } from '../src/record.js';

const TOTAL = Number(process.argv[2] ?? 200_000);
const PARTITIONS = 3;
const BATCH = 2_000;
const T0 = Date.UTC(2026, 10, 22, 0);
const TOPIC = 'interactions.enriched.v1';

function records(): ConsumedRecord[] {
  const out: ConsumedRecord[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const occurredAt = T0 + Math.floor((i / TOTAL) * 6 * 3_600_000); // six event-time hours
    const value = exampleEnrichedInteraction({ occurredAt, receivedAt: occurredAt + 300, enrichedAt: occurredAt + 600, userId: `u-${i % 5000}`, position: i % 10 });
    const bytes = encodeValue(TOPIC, value);
    if (!bytes.ok) throw new Error(bytes.error.message);
    out.push({ topic: TOPIC, partition: i % PARTITIONS, offset: String(Math.floor(i / PARTITIONS)), timestamp: String(occurredAt + 700), key: Buffer.from(value.userId), value: bytes.value, headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
  }
  return out;
}

async function main(): Promise<void> {
  const input = records();
  const inputBytes = input.reduce((n, r) => n + (r.key?.length ?? 0) + (r.value?.length ?? 0) + 64, 0);
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
    const mb = (n: number) => n / (1024 * 1024);
    console.log(`archiver bench (local store): ${TOTAL} records, ${objects} objects in ${seconds.toFixed(2)} s`);
    console.log(`  ${(TOTAL / seconds).toFixed(0)} records/s`);
    console.log(`  ${(mb(inputBytes) / seconds).toFixed(1)} MB/s consumed (${mb(inputBytes).toFixed(1)} MB of record bytes)`);
    console.log(`  ${(mb(written) / seconds).toFixed(1)} MB/s written gzip (${mb(written).toFixed(1)} MB, ratio ${(inputBytes / written).toFixed(1)}x)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
