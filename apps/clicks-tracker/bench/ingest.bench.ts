// `npm run bench -w @tessera/clicks-tracker`: POST /v1/interactions with 50-event batches over
// real HTTP (fetch → fastify on a local port, token check, per-device limit, validation), measured
// twice in one run: with producing disabled (publish resolves at once; the baseline) and with
// the streams producer on interactions.v1 of the embedded broker (its own process, over TCP,
// idempotent, acks=-1; 202 only after the acknowledgement). The ratio is what Kafka costs.
// Then the enricher (in process, machine's Redis for the users table and the dedup window)
// works through everything produced, from a fresh group: enriched events/s.
import { randomBytes } from 'node:crypto';
import { createVerifier } from '@tessera/device-auth/verifier';
import { createLogger } from '@tessera/platform/logger';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import { createKafka } from '@tessera/streams/kafka';
import { createProducer } from '@tessera/streams/producer';
import { provisionTopics } from '@tessera/streams/provision';
import { topicNames } from '@tessera/streams/topic-names';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildTrackerApp } from '../src/app.js';
import type { PublishInteractions } from '../src/http/routes.js';
import { startInteractionEnricher } from '../src/enricher/start.js';
import { startBrokerProcess } from '@tessera/embedded-kafka/broker-process';
import { runLoad, tokensFor } from './load.js';
import type { LoadResult } from './load.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCH = 50;
const SECRET = 'bench-device-key-0123456789abcdef';
const out = (line: string) => process.stdout.write(`${line}\n`);
const id = `bench${randomBytes(3).toString('hex')}`;
const userIds = Array.from({ length: 200 }, (_, i) => `${id}-u${i}`);
const tokens = await tokensFor(SECRET, userIds);
const silent = createLogger({ name: 'clicks-bench', level: 'silent' });
const verify = await createVerifier({ keys: { kind: 'hs256', secret: SECRET } });

async function serve(publish: PublishInteractions): Promise<{ url: string; app: FastifyInstance }> {
  const app = await buildTrackerApp({
    verify, publish, registry: createMetricsRegistry({ app: 'clicks-bench', defaultMetrics: false }),
    rateLimit: { max: 1_000_000, timeWindowMs: 60_000 }, bodyLimit: 256 * 1024, maxBatch: BATCH, logger: silent,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${url}/v1/interactions`, app };
}

async function measure(label: string, publish: PublishInteractions): Promise<LoadResult> {
  const { url, app } = await serve(publish);
  await runLoad(url, { userIds, tokens, requests: 200, concurrency: CONCURRENCY, batchSize: BATCH }); // warm-up
  const r = await runLoad(url, { userIds, tokens, requests: REQUESTS, concurrency: CONCURRENCY, batchSize: BATCH });
  await app.close();
  out(`  ${label.padEnd(30)} ${Math.round((r.events / r.ms) * 1000).toLocaleString('en').padStart(7)} events/s   p50 ${r.p50.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   (${r.events} events in ${r.ms.toFixed(0)} ms)`);
  return r;
}

out(`clicks-tracker bench: ${REQUESTS} requests x ${BATCH} events, ${CONCURRENCY} concurrent clients, node ${process.version}`);
const baseline = await measure('producing disabled', async () => undefined);

const broker = await startBrokerProcess();
const redis = new Redis({ host: '127.0.0.1', port: 6379 });
try {
  const kafka = createKafka({ brokers: broker.brokers, clientId: 'clicks-bench' }, silent);
  const names = topicNames(id);
  const admin = kafka.admin();
  await admin.connect();
  await provisionTopics(admin, { env: 'local', names, topics: ['interactions.v1', 'interactions.enriched.v1', 'dlq.v1'] });
  await admin.disconnect();
  const producer = createProducer({ kafka, names, lingerMs: 2 });
  await producer.connect();
  const kafkaRun = await measure('produce acknowledged (acks=-1)', (events) => producer.send('interactions.v1', events));
  out(`  Kafka costs ${(baseline.events / baseline.ms / (kafkaRun.events / kafkaRun.ms)).toFixed(2)}x in throughput, p50 ${(kafkaRun.p50 / baseline.p50).toFixed(2)}x`);

  const total = (REQUESTS + 200) * BATCH;
  const registry = createMetricsRegistry({ app: 'clicks-bench-enricher', defaultMetrics: false });
  const start = performance.now();
  const enricher = await startInteractionEnricher({ kafka, redis, names, producer, logger: silent, registry, groupId: `${id}-enricher`, dedupWindowMs: 3_600_000 });
  const counter = registry.getSingleMetric('tessera_interactions_enriched_total');
  for (;;) {
    const done = (await counter?.get())?.values.reduce((n, v) => n + v.value, 0) ?? 0;
    if (done >= total) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const ms = performance.now() - start;
  out(`  enricher (join + dedup + publish) ${Math.round((total / ms) * 1000).toLocaleString('en').padStart(7)} events/s   (${total} events in ${ms.toFixed(0)} ms, group join included)`);
  await enricher.stop();
  await producer.close();
} finally {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${id}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  await broker.stop();
}
