// The one function users-cdc produces through: an idempotent kafkajs producer, acks=-1, records
// sent in order in one batch per call. It resolves only when Kafka has acknowledged every record,
// which is the moment the caller may acknowledge the replication slot.
import type { Producer } from 'kafkajs';

export interface KafkaRecord {
  readonly topic: string;
  /** Explicit partition (users.v1); absent = kafkajs' default partitioner by key (dlq.v1). */
  readonly partition?: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export type Publish = (records: readonly KafkaRecord[]) => Promise<void>;

export function producerPublish(producer: Pick<Producer, 'sendBatch'>): Publish {
  return async (records) => {
    if (records.length === 0) return;
    // Consecutive records of one topic form one entry, so order within a topic is kept.
    const topicMessages: { topic: string; messages: { key: Buffer | null; value: Buffer | null; partition?: number; headers: Record<string, string> }[] }[] = [];
    for (const record of records) {
      const message = {
        key: record.key,
        value: record.value,
        headers: { ...record.headers },
        ...(record.partition === undefined ? {} : { partition: record.partition }),
      };
      const last = topicMessages.at(-1);
      if (last?.topic === record.topic) last.messages.push(message);
      else topicMessages.push({ topic: record.topic, messages: [message] });
    }
    await producer.sendBatch({ acks: -1, topicMessages });
  };
}
