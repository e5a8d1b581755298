// NATS JetStream as a benchmark peer (nats-server at 127.0.0.1:4222, file storage): a batch is
// published concurrently and complete when every publish ack arrived; consumption uses a pull
// consumer without acks (like a Kafka consumer that commits offsets, not messages).
import { AckPolicy, connect, StorageType } from 'nats';
import type { Peer } from './peer.js';

export async function natsPeer(url = '127.0.0.1:4222'): Promise<Peer> {
  const nc = await connect({ servers: url });
  const jsm = await nc.jetstreamManager();
  const stream = `bench_${process.pid}_${Date.now()}`;
  const subject = `${stream}.records`;
  await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.File });
  const js = nc.jetstream();
  return {
    name: 'NATS JetStream (file storage)',
    async sendBatch(values) {
      await Promise.all(values.map((v) => js.publish(subject, v)));
    },
    async consume(records, deadlineMs) {
      await jsm.consumers.add(stream, { durable_name: 'bench', ack_policy: AckPolicy.None });
      const consumer = await js.consumers.get(stream, 'bench');
      let count = 0;
      let bytes = 0;
      while (count < records && Date.now() < deadlineMs) {
        const batch = await consumer.fetch({ max_messages: 1000, expires: 1000 });
        for await (const m of batch) {
          count += 1;
          bytes += m.data.length;
        }
      }
      return { records: count, bytes };
    },
    async close() {
      await jsm.streams.delete(stream);
      await nc.close();
    },
  };
}
