// Test helper: reads a topic from the beginning with a throw-away kafkajs consumer group until
// `count` messages arrived (or fails after a bound), returning them in arrival order.
import type { Kafka, KafkaMessage } from 'kafkajs';
import { eventually, uid } from './helpers.js';

export interface Consumed { partition: number; offset: number; key: string | null; value: string | null; message: KafkaMessage }

export async function consumeAll(kafka: Kafka, topic: string, count: number, ms = 20_000): Promise<Consumed[]> {
  const consumer = kafka.consumer({ groupId: uid('reader'), maxWaitTimeInMs: 100, heartbeatInterval: 200, sessionTimeout: 6000 });
  const got: Consumed[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        got.push({ partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, message });
      },
    });
    await eventually(() => (got.length >= count ? true : undefined), ms, `${count} messages from ${topic} (got ${got.length})`);
  } finally {
    await consumer.disconnect();
  }
  return got;
}
