// Apache Kafka as a benchmark peer: one KRaft broker (packages/apache-kafka) with Kafka's own JVM
// settings (G1, C2, 1 GiB heap: `jvmTuning: 'server'`, not the tests' small JVM), its log on a
// temporary directory on the same disk as the embedded broker's, driven by the same kafkajs client
// code (kafkajsPeer). The JVM is stopped by PID on close, and cannot outlive this process (jvm.ts).
//
// @tessera/apache-kafka is resolved from the workspace root (the root package depends on it) and
// not declared here: apache-kafka's tests depend on @tessera/streams, whose tests depend on this
// package, so declaring it would make a dependency cycle. Only the benchmark imports it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApacheKafka } from '@tessera/apache-kafka/cluster';
import { kafkajsPeer } from './kafka-peer.js';
import type { Peer } from './peer.js';

export async function apachePeer(warmUpSeconds = 0): Promise<Peer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-apache-'));
  const cluster = await startApacheKafka({ nodes: 1, dataDir, heapMb: 1024, jvmTuning: 'server' }).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return kafkajsPeer(`Apache Kafka ${cluster.version} (kafkajs, acks=-1, disk)`, cluster.brokers, async () => {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, warmUpSeconds);
}
