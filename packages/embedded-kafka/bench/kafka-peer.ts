// The embedded broker as a benchmark peer: the CLI (`tessera-kafka`) in its own process on a
// temporary data directory — the local-stack configuration, and a fair fight with nats-server and
// redis-server, which also run outside the benchmark's event loop — driven by kafkajs 2.2.4, the
// production client, with an idempotent producer and acks=-1. `kafkajsPeer` is the client side,
// shared with the Apache Kafka peer (apache-peer.ts) so both brokers see the same client.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBrokerProcess } from '../src/broker-process.js';
import type { Peer } from './peer.js';

export async function kafkaPeer(warmUpSeconds = 0): Promise<Peer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  const broker = await startBrokerProcess({ dataDir });
  return kafkajsPeer('embedded-kafka (kafkajs, acks=-1, disk)', broker.brokers, async () => {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, warmUpSeconds);
}

/**
 * kafkajs against `brokers`: one topic, one partition, an idempotent producer; `stop` ends the
 * broker. `warmUpSeconds` > 0 first produces the workload's batches to another topic for that long,
 * unmeasured (a fresh JVM compiles its hot paths during the first seconds; V8 does too).
 */
export async function kafkajsPeer(name: string, brokers: string[], stop: () => Promise<void>, warmUpSeconds = 0): Promise<Peer> {
  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
  const topic = 'bench.records';
  const warmUpTopic = 'bench.warm-up';
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }, { topic: warmUpTopic }], waitForLeaders: false });
  // Apache Kafka answers UNKNOWN_TOPIC_OR_PARTITION for a moment after CreateTopics.
  for (let i = 0; ; i++) {
    const md = await admin.fetchTopicMetadata({ topics: [topic, warmUpTopic] }).catch(() => undefined);
    if (md?.topics.every((t) => (t.partitions[0]?.leader ?? -1) >= 0)) break;
    if (i > 300) throw new Error(`${topic} has no leader on ${brokers.join(',')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The group coordinator exists before anything is measured: Apache Kafka creates its offsets
  // topic on the first FindCoordinator, which would otherwise fall into the consume phase.
  for (let i = 0; ; i++) {
    const ok = await admin.fetchOffsets({ groupId: 'bench', topics: [topic] }).then(() => true, () => false);
    if (ok) break;
    if (i > 300) throw new Error(`no group coordinator on ${brokers.join(',')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const warmUpBatch = Array.from({ length: 100 }, () => ({ value: Buffer.alloc(1024, 97) }));
  for (const until = Date.now() + warmUpSeconds * 1000; Date.now() < until;) {
    await producer.send({ topic: warmUpTopic, acks: -1, messages: warmUpBatch });
  }
  return {
    name,
    async sendBatch(values) {
      await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
    },
    async consume(records, deadlineMs) {
      const consumer = kafka.consumer({ groupId: 'bench', maxBytes: 16 << 20, maxBytesPerPartition: 8 << 20, maxWaitTimeInMs: 200 });
      let count = 0;
      let bytes = 0;
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => { if (Date.now() > deadlineMs) { clearInterval(timer); resolve(); } }, 100);
        void consumer.run({
          autoCommitInterval: 1000,
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) bytes += m.value?.length ?? 0;
            count += batch.messages.length;
            if (count >= records) { clearInterval(timer); resolve(); }
          },
        });
      });
      await consumer.disconnect();
      return { records: count, bytes };
    },
    async close() {
      await producer.disconnect();
      await stop();
    },
  };
}
