// The floor of the freshness benchmark: one produce → consume round trip through the same
// embedded broker at the same rate, with the apps' producer settings (idempotent, acks=-1): the
// least any path through Kafka can cost, so the loop's latency can be read as a ratio of it.
import { Kafka, logLevel } from 'kafkajs';

export async function measureFloor(broker: string, rate: number, seconds: number): Promise<number[]> {
  const kafka = new Kafka({ brokers: [broker], clientId: 'bench-floor', logLevel: logLevel.NOTHING });
  const topic = `bench.floor.${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true });
  const consumer = kafka.consumer({ groupId: `${topic}.reader`, maxWaitTimeInMs: 100 });
  await Promise.all([producer.connect(), consumer.connect()]);
  const latencies: number[] = [];
  const total = Math.round(rate * seconds);
  let resolveAll: () => void = () => {};
  const all = new Promise<void>((resolve) => { resolveAll = resolve; });
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let joined: () => void = () => {};
    const isJoined = new Promise<void>((resolve) => { joined = resolve; });
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.run({
      eachMessage: async ({ message }) => {
        latencies.push(performance.now() - Number(message.value?.toString('utf8')));
        if (latencies.length >= total) resolveAll();
      },
    });
    await isJoined;
    const started = performance.now();
    const sends: Promise<unknown>[] = [];
    for (let sent = 0; sent < total;) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      const messages = [];
      for (; sent < due; sent += 1) messages.push({ key: `u${sent % 5000}`, value: String(performance.now()) });
      if (messages.length > 0) sends.push(producer.send({ topic, acks: -1, messages }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(sends);
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  } finally {
    await Promise.allSettled([producer.disconnect(), consumer.disconnect()]);
  }
  return latencies.sort((a, b) => a - b);
}
