// The content ids the simulated devices may show: followed from content.v1 (the aggregator's
// output) from the beginning, newest last; a tombstone (takedown) removes its id. The consumer
// never commits, so every start reads the topic again and knows the whole catalogue.
import type { Kafka } from 'kafkajs';

const KEEP = 500;

export interface ContentIds {
  /** The most recent ids, up to 500. */
  current(): readonly string[];
  stop(): Promise<void>;
}

export async function followContentIds(kafka: Kafka, topic: string, groupId: string): Promise<ContentIds> {
  const ids = new Set<string>();
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const id = message.key?.toString('utf8');
      if (!id) return;
      ids.delete(id);
      if (message.value === null) return;
      ids.add(id);
      if (ids.size > KEEP) ids.delete(ids.values().next().value as string);
    },
  });
  return {
    current: () => [...ids],
    stop: () => consumer.disconnect(),
  };
}
