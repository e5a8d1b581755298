// The embedded broker as a benchmark peer: the CLI (`tessera-kafka`) in its own process on a
// temporary data directory — the local-stack configuration, and a fair fight with nats-server and
// redis-server, which also run outside the benchmark's event loop — driven by kafkajs 2.2.4, the
// production client, with an idempotent producer and acks=-1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBrokerProcess } from '../src/broker-process.js';
import type { Peer } from './peer.js';

export async function kafkaPeer(): Promise<Peer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  const broker = await startBrokerProcess({ dataDir });
  const kafka = new Kafka({ clientId: 'bench', brokers: broker.brokers, logLevel: logLevel.NOTHING });
  const topic = 'bench.records';
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return {
    name: 'embedded-kafka (kafkajs, acks=-1, disk)',
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
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
