// Benchmark entry point (`npm run bench`): measures the embedded broker, NATS JetStream and Redis
// Streams with the same workload, one after another, each phase bounded in time, and writes
// BENCHMARKS.md next to package.json (keeping its Apache Kafka section, vs-apache.ts). Only wiring;
// measurement lives in peer.ts.
import { fileURLToPath } from 'node:url';
import { kafkaPeer } from './kafka-peer.js';
import { natsPeer } from './nats-peer.js';
import { redisPeer } from './redis-peer.js';
import { consumeAll, produceFor, type Peer, type Workload } from './peer.js';
import { renderReport, type PeerResult } from './report.js';
import { writeMain } from './sections.js';

const workload: Workload = {
  recordBytes: 1024,
  batchSize: Number(process.env.BENCH_BATCH ?? 100),
  produceSeconds: Number(process.env.BENCH_SECONDS ?? 10),
  consumeTimeoutSeconds: 60,
};

const peers: [string, () => Promise<Peer>][] = [
  ['embedded-kafka', kafkaPeer],
  ['NATS JetStream', () => natsPeer(process.env.NATS_URL)],
  ['Redis Streams', () => redisPeer(process.env.REDIS_URL)],
];

const results: PeerResult[] = [];
for (const [name, open] of peers) {
  let peer: Peer | undefined;
  try {
    peer = await open();
    console.log(`${peer.name}: producing for ${workload.produceSeconds} s`);
    const produce = await produceFor(peer, workload);
    console.log(`${peer.name}: consuming ${produce.records} records`);
    const consume = await consumeAll(peer, produce.records, workload);
    results.push({ name: peer.name, produce, consume });
  } catch (err) {
    console.error(`${name} failed:`, err);
    results.push({ name, error: err instanceof Error ? err.message : String(err) });
  } finally {
    await peer?.close().catch(() => {});
  }
}

const report = renderReport(results, workload, new Date());
writeMain(fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url)), report);
console.log(report);
process.exit(0);
