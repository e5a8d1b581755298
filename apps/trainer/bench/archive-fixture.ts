// A simulated lock-screen day archived the way the archiver writes it (content.v1 items and
// interactions.enriched.v1 over three partitions), built once per size and seed under the
// system's temp directory and reused by later runs: writing a million archived events takes
// longer than training on them, and is not what the benchmark measures.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveEvents } from '@tessera/archive/testing';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { ObjectStore } from '@tessera/archive/object-store';
import { fnv1a } from '@tessera/features/hash';
import { generateCatalogue } from '@tessera/population/catalogue';
import { simulateImpressions } from '@tessera/population/impressions';
import { generateUsers } from '@tessera/population/users';
import type { TopicNames } from '@tessera/streams/topic-names';

export interface BenchArchive {
  readonly store: ObjectStore;
  readonly dir: string;
  readonly interactions: number;
  readonly impressions: number;
  /** The run's "now": the end of the archived span. */
  readonly now: number;
}

export const BENCH_NOW = Date.UTC(2026, 10, 30, 12);
// Clicks, likes, shares and dismissals on top of the impressions, measured on this generator.
const EVENTS_PER_IMPRESSION = 1.1;

export async function benchArchive(names: TopicNames, options: { interactions: number; seed: number; hours: number; log: (line: string) => void }): Promise<BenchArchive> {
  const dir = join(tmpdir(), `tessera-trainer-bench-${options.interactions}-${options.seed}-${options.hours}h`);
  const marker = join(dir, 'READY.json');
  const store = createLocalStore(dir);
  if (existsSync(marker)) {
    const ready = JSON.parse(await readFile(marker, 'utf8')) as { interactions: number; impressions: number };
    options.log(`archive: reusing ${dir} (${ready.interactions} interactions)`);
    return { store, dir, ...ready, now: BENCH_NOW };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const spanMs = options.hours * 3_600_000;
  const startMs = BENCH_NOW - spanMs;
  const catalogue = generateCatalogue({ items: 2_000, seed: options.seed, startMs: startMs - 24 * 3_600_000, spanMs: spanMs + 24 * 3_600_000 - 60_000 });
  const users = generateUsers({ users: 3_000, seed: options.seed, createdAtMs: startMs - 86_400_000 });
  const log = simulateImpressions({
    users, catalogue, impressions: Math.round(options.interactions / EVENTS_PER_IMPRESSION), startMs, spanMs: spanMs - 120_000, seed: options.seed,
  });
  const impressions = log.events.filter((e) => e.type === 'impression').length;
  options.log(`archive: simulated ${log.events.length} interactions (${impressions} impressions) in ${((performance.now() - started) / 1000).toFixed(0)} s; writing ${dir}`);
  await archiveEvents(store, { topic: names.physical('content.v1'), values: catalogue.map((c) => c.item) as never, key: (v) => String(v.contentId) });
  await archiveEvents(store, {
    topic: names.physical('interactions.enriched.v1'), values: log.events as never, key: (v) => String(v.userId),
    partitionOf: (v) => fnv1a(String(v.userId)) % 3, perObject: 20_000,
  });
  await writeFile(marker, JSON.stringify({ interactions: log.events.length, impressions }));
  options.log(`archive: written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { store, dir, interactions: log.events.length, impressions, now: BENCH_NOW };
}
