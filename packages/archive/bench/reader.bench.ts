// How fast the reader turns a local archive back into lines, and with how much memory, against
// the obvious alternative in the same run: gunzip each object whole, split the string, JSON.parse.
// The archive is written like the archiver writes it (contract-valid enriched interactions, the
// real line encoder, gzip level 6, objects of 40 000 records ≈ the archiver's default 32 MiB rotation).
// Each way runs in its own child process, so its peak RSS is its own.
// `npm run bench -w packages/archive [-- records]` (default 1 000 000).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { encodeValue } from '@tessera/contracts/codec';
import { exampleEnrichedInteraction } from '@tessera/contracts/examples';
import { encodeLine, jsonDecoder } from '../src/line.js';
import { CONTENT_TYPE, hourPartition, objectKey } from '../src/naming.js';
import { createLocalStore } from '../src/object-store/local.js';
import type { ReadResult } from './read.js';

const TOPIC = 'interactions.enriched.v1';
// ≈ 30 MB of NDJSON per object: what the archiver's default 32 MiB rotation cuts these lines into.
const PER_OBJECT = 40_000;
const T0 = Date.UTC(2026, 10, 22, 0);
const total = Number(process.argv[2] ?? 1_000_000);

const dir = await mkdtemp(join(tmpdir(), 'archive-reader-bench-'));
try {
  const store = createLocalStore(dir);
  let compressed = 0;
  let raw = 0;
  const started = performance.now();
  for (let first = 0, n = 0; first < total; first += PER_OBJECT, n++) {
    const partition = n % 3;
    const hourStart = T0 + Math.floor(n / 3) * 3_600_000;
    const texts: string[] = [];
    for (let i = 0; i < Math.min(PER_OBJECT, total - first); i++) {
      const occurredAt = hourStart + Math.floor((i / PER_OBJECT) * 3_600_000);
      const value = exampleEnrichedInteraction({ occurredAt, receivedAt: occurredAt + 300, enrichedAt: occurredAt + 600, userId: `u-${(first + i) % 5000}`, position: i % 10 });
      const bytes = encodeValue(TOPIC, value);
      if (!bytes.ok) throw new Error(bytes.error.message);
      texts.push(encodeLine({ topic: TOPIC, partition, offset: String(first + i), timestamp: String(occurredAt + 700), key: Buffer.from(value.userId), value: bytes.value, headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } }, jsonDecoder).text);
    }
    const body = Buffer.from(texts.join(''), 'utf8');
    const gz = gzipSync(body, { level: 6 });
    raw += body.length;
    compressed += gz.length;
    const put = await store.put(objectKey('', TOPIC, partition, String(first), hourPartition(hourStart)), gz, CONTENT_TYPE);
    if (!put.ok) throw new Error(put.error.message);
  }
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  console.log(`archive: ${total} lines in ${Math.ceil(total / PER_OBJECT)} objects, ${mb(raw)} MB NDJSON, ${mb(compressed)} MB gzip (written in ${((performance.now() - started) / 1000).toFixed(1)} s)`);

  const run = (mode: 'reader' | 'whole'): ReadResult => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./read.ts', import.meta.url)), dir, TOPIC, mode], { encoding: 'utf8' })) as ReadResult;
  // Alternated and run twice each, so neither way benefits alone from a warmer page cache.
  const results = { reader: [] as ReadResult[], whole: [] as ReadResult[] };
  for (const mode of ['reader', 'whole', 'reader', 'whole'] as const) {
    const r = run(mode);
    results[mode].push(r);
    const title = mode === 'reader' ? 'readArchive (streaming)' : 'whole-object baseline  ';
    console.log(`${title}: ${r.lines} lines in ${r.seconds.toFixed(2)} s = ${(r.lines / r.seconds).toFixed(0)} lines/s, ${mb(raw / r.seconds)} MB/s NDJSON, peak RSS ${mb(r.maxRssBytes)} MB`);
  }
  const best = (rs: ReadResult[]) => rs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const reader = best(results.reader);
  const whole = best(results.whole);
  console.log(`best of two, readArchive / baseline: ${(whole.seconds / reader.seconds).toFixed(2)}x lines/s, ${(reader.maxRssBytes / whole.maxRssBytes).toFixed(2)}x peak RSS`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
