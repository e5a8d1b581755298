// `npm run bench -w apps/aggregator`: items per second from feed text to an acknowledged
// publish — parse, normalize (HTML to text, language, taxonomy), dedup (content id, MinHash
// story index), contract validation, publish. Publish is the in-process stand-in (resolves on the
// next tick) until the Kafka wiring lands; then the same bench runs against the embedded broker.
import { readFileSync } from 'node:fs';
import { compileRules } from '../src/normalize/classifier.js';
import { parseRules } from '../src/normalize/rules-load.js';
import { createMemoryContent } from '../src/memory-content.js';
import { createPipeline } from '../src/pipeline.js';
import { parseFeedText } from '../src/sources/parse-feed.js';
import type { SourceContext } from '../src/sources/raw-item.js';
import { syntheticFeed } from './synthetic-feeds.js';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 40);
const ITEMS_PER_FEED = Number(process.env.BENCH_ITEMS_PER_FEED ?? 100);

const rulesText = readFileSync(new URL('../config/rules.json', import.meta.url), 'utf8');
const rules = parseRules(rulesText, 'config/rules.json');
if (!rules.ok) throw new Error(rules.error.message);
const classifier = compileRules(rules.value);
const now = Date.now();
const feeds = Array.from({ length: FEEDS }, (_, i) => syntheticFeed(i, ITEMS_PER_FEED, now));

// The stand-in acknowledges asynchronously, like a producer would, without any I/O.
const content = createMemoryContent({ onPublish: () => new Promise<void>((resolve) => setImmediate(resolve)) });
const pipeline = createPipeline({ sink: content, known: content, classifier });

async function pass(feeds: readonly string[]): Promise<{ items: number; published: number; unchanged: number; ms: number }> {
  let items = 0, published = 0, unchanged = 0;
  const start = performance.now();
  for (const [i, xml] of feeds.entries()) {
    const parsed = parseFeedText(xml);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const source: SourceContext = { sourceId: `bench-${i}`, name: `Bench ${i}`, via: 'rss', regions: [], categories: [] };
    const report = await pipeline.ingestBatch(source, parsed.value.items);
    if (report.error || report.rejected.length > 0) throw new Error(report.error?.message ?? report.rejected[0]?.message);
    items += parsed.value.items.length;
    published += report.published;
    unchanged += report.unchanged;
  }
  return { items, published, unchanged, ms: performance.now() - start };
}

function parseOnly(): number {
  const start = performance.now();
  for (const xml of feeds) parseFeedText(xml);
  return performance.now() - start;
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
process.stdout.write(`aggregator bench: ${FEEDS} RSS feeds x ${ITEMS_PER_FEED} items, node ${process.version}\n`);
process.stdout.write('NOTE: publish is the in-process stand-in (acknowledged on the next tick), not Kafka: these figures\n'
  + '      exclude the producer round trip until the content.v1 wiring lands.\n');
// Warm-up on other feeds (JIT, html-to-text's compiled selectors, eld's tables), not measured.
await pass(Array.from({ length: 8 }, (_, i) => syntheticFeed(1000 + i, ITEMS_PER_FEED, now)));
const first = await pass(feeds);
process.stdout.write(`  new items    parse -> acknowledged publish: ${rate(first.published, first.ms)} items/s (${first.published} published in ${first.ms.toFixed(0)} ms)\n`);
const second = await pass(feeds);
process.stdout.write(`  re-poll 200  parse -> skipped as unchanged:  ${rate(second.unchanged, second.ms)} items/s (${second.unchanged} unchanged in ${second.ms.toFixed(0)} ms)\n`);
const parseMs = parseOnly();
process.stdout.write(`  parse only   feed text -> raw items:        ${rate(first.items, parseMs)} items/s\n`);
process.stdout.write(`  story index: ${pipeline.stories.size} items (incl. warm-up); heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB\n`);
