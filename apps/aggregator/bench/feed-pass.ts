// One bench pass: parse every feed and hand its items to the pipeline, `concurrency` feeds at a
// time (the poller polls sources independently; items of one feed go in order). Counts what the
// pipeline reports; a rejected item or a failed publish aborts the bench.
import type { Pipeline } from '../src/pipeline.js';
import { parseFeedText } from '../src/sources/parse-feed.js';
import type { SourceContext } from '../src/sources/raw-item.js';

export interface PassResult {
  readonly items: number;
  readonly published: number;
  readonly unchanged: number;
  readonly ms: number;
}

export async function feedPass(pipeline: Pipeline, feeds: readonly string[], concurrency: number, sourcePrefix = 'bench'): Promise<PassResult> {
  let items = 0, published = 0, unchanged = 0, next = 0;
  const start = performance.now();
  const worker = async () => {
    for (let i = next++; i < feeds.length; i = next++) {
      const parsed = parseFeedText(feeds[i] ?? '');
      if (!parsed.ok) throw new Error(parsed.error.message);
      const source: SourceContext = { sourceId: `${sourcePrefix}-${i}`, name: `Bench ${i}`, via: 'rss', regions: [], categories: [] };
      const report = await pipeline.ingestBatch(source, parsed.value.items);
      if (report.error || report.rejected.length > 0) throw new Error(report.error?.message ?? report.rejected[0]?.message);
      items += parsed.value.items.length;
      published += report.published;
      unchanged += report.unchanged;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { items, published, unchanged, ms: performance.now() - start };
}

export const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
