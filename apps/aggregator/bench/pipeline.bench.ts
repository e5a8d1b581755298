// `npm run bench -w apps/aggregator`: items per second from feed text to an acknowledged publish
// — parse, normalize (HTML to text, language, taxonomy), dedup (content id, MinHash story index),
// contract validation, publish — twice in one run: with the in-process stand-in (acknowledged on
// the next tick; the baseline) and with the streams producer on content.v1 of the embedded broker
// (its own process, over TCP, acks=-1). Also: re-polls skipped as unchanged, and the restart
// catch-up (materializing content.v1 before polling).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createLogger } from '@tessera/platform/logger';
import { createKafka } from '@tessera/streams/kafka';
import { topicNames } from '@tessera/streams/topic-names';
import { openContentLog } from '../src/content-log/open.js';
import { createMemoryContent } from '../src/memory-content.js';
import { compileRules } from '../src/normalize/classifier.js';
import { parseRules } from '../src/normalize/rules-load.js';
import { createPipeline } from '../src/pipeline.js';
import type { ContentSink, KnownContent } from '../src/content-sink.js';
import { provisionAtStart } from '@tessera/streams/provision-at-start';
import { parseFeedText } from '../src/sources/parse-feed.js';
import { startBrokerProcess } from '@tessera/embedded-kafka/broker-process';
import { feedPass, rate } from './feed-pass.js';
import { syntheticFeed } from './synthetic-feeds.js';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 40);
const ITEMS_PER_FEED = Number(process.env.BENCH_ITEMS_PER_FEED ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const rules = parseRules(readFileSync(new URL('../config/rules.json', import.meta.url), 'utf8'), 'config/rules.json');
if (!rules.ok) throw new Error(rules.error.message);
const classifier = compileRules(rules.value);
// Generated per measurement: the synthetic items are dated relative to now, and the oldest would
// expire on a slow machine between the baseline and the Kafka run.
const feedsAsOf = (now: number) => ({
  feeds: Array.from({ length: FEEDS }, (_, i) => syntheticFeed(i, ITEMS_PER_FEED, now)),
  warmUp: Array.from({ length: 8 }, (_, i) => syntheticFeed(1000 + i, ITEMS_PER_FEED, now)),
});
const out = (line: string) => process.stdout.write(`${line}\n`);

async function measure(label: string, sink: ContentSink, known: KnownContent) {
  const pipeline = createPipeline({ sink, known, classifier });
  const { feeds, warmUp } = feedsAsOf(Date.now());
  // Warm-up on other feeds (JIT, html-to-text's selectors, eld's tables, connections), not measured.
  await feedPass(pipeline, warmUp, CONCURRENCY, 'warm');
  const first = await feedPass(pipeline, feeds, CONCURRENCY);
  const second = await feedPass(pipeline, feeds, CONCURRENCY);
  out(`  ${label.padEnd(22)} new: ${rate(first.published, first.ms).toLocaleString('en').padStart(6)} items/s (${first.published} in ${first.ms.toFixed(0)} ms)`
    + `   re-poll unchanged: ${rate(second.unchanged, second.ms).toLocaleString('en').padStart(6)} items/s`);
  return { first, second, pipeline };
}

out(`aggregator bench: ${FEEDS} RSS feeds x ${ITEMS_PER_FEED} items, ${CONCURRENCY} feeds at a time, node ${process.version}`);
const { feeds } = feedsAsOf(Date.now());
const parseStart = performance.now();
for (const xml of feeds) parseFeedText(xml);
out(`  parse only             ${rate(FEEDS * ITEMS_PER_FEED, performance.now() - parseStart).toLocaleString('en')} items/s`);

const stand = createMemoryContent({ onPublish: () => new Promise<void>((resolve) => setImmediate(resolve)) });
const baseline = await measure('in-process stand-in', stand, stand);

const broker = await startBrokerProcess();
const logger = createLogger({ name: 'bench', level: 'warn' });
const kafka = createKafka({ brokers: broker.brokers, clientId: 'aggregator-bench' }, logger);
const names = topicNames(`bench-${randomUUID().slice(0, 8)}`);
try {
  await provisionAtStart(kafka, names, 'local', ['content.v1'], logger);
  const content = await openContentLog({ kafka, names });
  const kafkaRun = await measure('content.v1 (Kafka)', content.sink, content.known);
  await content.close();
  out(`  ratio Kafka / stand-in  new: ${(rate(kafkaRun.first.published, kafkaRun.first.ms) / rate(baseline.first.published, baseline.first.ms)).toFixed(2)}`
    + `   re-poll: ${(rate(kafkaRun.second.unchanged, kafkaRun.second.ms) / rate(baseline.second.unchanged, baseline.second.ms)).toFixed(2)}`);

  const catchUpStart = performance.now();
  const restarted = await openContentLog({ kafka, names });
  const catchUpMs = performance.now() - catchUpStart;
  out(`  restart catch-up       ${restarted.replayed.records} records materialized in ${catchUpMs.toFixed(0)} ms (${rate(restarted.replayed.records, catchUpMs).toLocaleString('en')} records/s, incl. group join)`);
  await restarted.close();
} finally {
  await broker.stop();
}
out(`  heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
